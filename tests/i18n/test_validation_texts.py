"""Pydantic's messages, localised: the texts' English is pydantic's own, to the character."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fembalance_ml.api.validation_texts import WORDINGS, localised
from fembalance_ml.i18n import use_catalog
from fembalance_ml.i18n.catalogs import translations


class Sample(BaseModel):
    """One field per rule the service's schemas use."""

    model_config = ConfigDict(extra="forbid")

    bounded: float = Field(ge=18.0, le=45.5)
    positive: int = Field(gt=0, lt=10)
    short: str = Field(min_length=2, max_length=3)
    one: str = Field(min_length=1, max_length=1)
    items: list[int] = Field(min_length=1, max_length=2)
    choice: Literal["a", "b", "c"]
    only: Literal["x"]
    flag: bool
    day: Any = None


BAD: list[dict[str, Any]] = [
    {
        "bounded": 17,
        "positive": 0,
        "short": "a",
        "one": "",
        "items": [],
        "choice": "q",
        "only": "y",
        "flag": "perhaps",
        "extra": 1,
    },
    {
        "bounded": 50.5,
        "positive": 10,
        "short": "abcd",
        "one": "ab",
        "items": [1, 2, 3],
        "choice": 1,
        "only": 2,
        "flag": [],
    },
    {"bounded": "x", "positive": 1.5, "short": 3, "items": "no", "choice": None},
    {"positive": "many", "items": [1, "x"], "flag": 2.5},
    "not an object",
]


def _errors() -> list[dict[str, Any]]:
    found = []
    for payload in BAD:
        with pytest.raises(ValidationError) as caught:
            Sample.model_validate(payload, from_attributes=True)  # as json_body.validate
        found.extend(caught.value.errors(include_url=False))
    return found


def test_every_text_renders_pydantics_english() -> None:
    seen = set()
    for error in _errors():
        said = localised(error["type"], error["msg"], error.get("ctx"))
        wording = WORDINGS.get(error["type"])
        if wording is None or (
            error["type"] in ("too_short", "too_long") and not said.params and wording.fields
        ):
            continue
        seen.add(error["type"])
        with use_catalog(translations("en-XA")):
            pseudo = localised(error["type"], error["msg"], error.get("ctx")).message
        assert pseudo.startswith("⟦"), error["type"]
        # The pseudo-language keeps the values; English is the template itself.
        text = (
            wording.text
            if wording.plural is None or said.params.get(wording.counted) == 1
            else wording.plural
        )
        values = dict(said.params)
        if "expected" in values:
            assert said.message == error["msg"]
            continue
        assert text.english(**values) == error["msg"], error["type"]
    assert {
        "missing",
        "extra_forbidden",
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
        "string_too_short",
        "string_too_long",
        "too_short",
        "too_long",
        "literal_error",
        "bool_parsing",
        "bool_type",
        "int_from_float",
        "int_parsing",
        "float_parsing",
        "string_type",
        "list_type",
        "model_attributes_type",
    } <= seen


def test_english_keeps_pydantics_message_and_adds_the_values() -> None:
    said = localised("less_than_equal", "Input should be less than or equal to 45.5", {"le": 45.5})
    assert said.message == "Input should be less than or equal to 45.5"
    assert said.params == {"le": 45.5}
    assert localised("greater_than_equal", "x", {"ge": 18.0}).params == {"ge": 18}


def test_the_allowed_values_are_listed_in_the_language() -> None:
    context = {"expected": "'a', 'b' or 'c'"}
    with use_catalog(translations("de")):
        said = localised("literal_error", "Input should be 'a', 'b' or 'c'", context)
    assert said.message == "Der Wert muss 'a', 'b' oder 'c' sein"
    assert said.params == {"expected": ["a", "b", "c"]}
    with use_catalog(translations("de")):
        assert (
            localised("literal_error", "", {"expected": "'x'"}).message == "Der Wert muss 'x' sein"
        )


def test_one_and_many_have_their_own_words() -> None:
    with use_catalog(translations("de")):
        one = localised(
            "too_short", "", {"field_type": "List", "min_length": 1, "actual_length": 0}
        )
        many = localised(
            "too_short", "", {"field_type": "List", "min_length": 2, "actual_length": 0}
        )
    assert one.message == "Die Liste muss mindestens 1 Eintrag haben, nicht 0"
    assert many.message == "Die Liste muss mindestens 2 Einträge haben, nicht 0"


def test_an_unknown_type_or_shape_keeps_pydantics_words() -> None:
    with use_catalog(translations("de")):
        assert localised("uuid_parsing", "Input should be a valid UUID", None).message == (
            "Input should be a valid UUID"
        )
        tuple_error = localised("too_short", "Tuple should...", {"field_type": "Tuple"})
    assert tuple_error.message == "Tuple should..."
    assert tuple_error.params == {}
