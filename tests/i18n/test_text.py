"""Texts render their English template exactly, a catalog's translation, or the pseudo-language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fembalance_ml.i18n import Text, current_language, use_catalog
from fembalance_ml.i18n.catalogs import PSEUDO_CLOSE, PSEUDO_OPEN, Translations, pseudo
from fembalance_ml.i18n.text import REGISTRY, DuplicateTextError, template_fields


@pytest.fixture
def scratch() -> Iterator[list[str]]:
    """Keys of texts a test registers, removed afterwards so the catalogs never see them."""
    keys: list[str] = []
    yield keys
    for key in keys:
        REGISTRY.pop(key, None)


def make(scratch: list[str], key: str, template: str) -> Text:
    scratch.append(key)
    return Text(key, template)


def test_english_is_the_template_filled_in(scratch: list[str]) -> None:
    text = make(scratch, "common.test_late", "Your period is {days} days late ({share:.0%}).")
    assert text.render(days=9, share=0.25) == "Your period is 9 days late (25%)."
    assert current_language() == "en"


def test_a_catalog_translation_is_used_and_a_missing_one_falls_back(scratch: list[str]) -> None:
    text = make(scratch, "common.test_days", "{days} days")
    other = make(scratch, "common.test_other", "Other {days}")
    german = Translations("de", {("common.test_days", "{days} days"): "{days} Tage"})
    with use_catalog(german):
        assert current_language() == "de"
        assert text.render(days=3) == "3 Tage"
        assert other.render(days=3) == "Other 3"
        assert text.english(days=3) == "3 days"
    assert text.render(days=3) == "3 days"


def test_a_translation_of_changed_english_is_not_used(scratch: list[str]) -> None:
    text = make(scratch, "common.test_changed", "{days} whole days")
    german = Translations("de", {("common.test_changed", "{days} days"): "{days} Tage"})
    with use_catalog(german):
        assert text.render(days=2) == "2 whole days"


def test_pseudo_keeps_fields_specs_and_literal_braces() -> None:
    rendered = pseudo("Late by {days:d} days {{not a field}} ({share:.0%})").format(
        days=4, share=0.5
    )
    assert rendered.startswith(PSEUDO_OPEN)
    assert rendered.endswith(PSEUDO_CLOSE)
    assert "4" in rendered
    assert "50%" in rendered
    assert "{ñöt å fîéld}" in rendered
    assert "Låté" in rendered


def test_one_key_cannot_have_two_templates(scratch: list[str]) -> None:
    make(scratch, "common.test_twice", "One")
    assert Text("common.test_twice", "One").template == "One"
    with pytest.raises(DuplicateTextError):
        Text("common.test_twice", "Two")


@pytest.mark.parametrize("key", ["nowhere.code", "cycle", "Cycle.code"])
def test_a_key_names_a_known_domain(key: str) -> None:
    with pytest.raises(ValueError, match="must start with"):
        Text(key, "x")
    assert key not in REGISTRY


def test_template_fields_are_the_top_level_names() -> None:
    assert template_fields("{a} {b:.1f} {c[0]} {d.e} {{f}}") == {"a", "b", "c", "d"}
