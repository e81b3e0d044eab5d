"""orjson writes each model's answers exactly as pydantic does (serving/plain_json.py).

Over every model version's golden-corpus requests (flags, assumptions, screens, red flags,
forecasts, refusals aside), in English and German; and the check that decides it refuses
what orjson would write differently.
"""

from __future__ import annotations

import datetime
import enum
from types import ModuleType
from typing import Any, Literal

import pytest
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    computed_field,
    field_serializer,
)
from typing_extensions import TypedDict

from fembalance_ml.domain_errors import InvalidQuestion
from fembalance_ml.i18n import use_catalog
from fembalance_ml.i18n.catalogs import translations
from fembalance_ml.serving.plain_json import encoder_for, is_plain, plain_json, pydantic_json
from fembalance_ml.serving.spec import AnySpec
from tests.cycle import golden_corpus as cycle_corpus
from tests.pcos import golden_corpus as pcos_corpus
from tests.support.golden import load_served
from tests.symptoms import golden_corpus as symptoms_corpus

DOMAINS = {"pcos": pcos_corpus, "cycle": cycle_corpus, "symptoms": symptoms_corpus}
REQUESTS_A_VERSION = 150


def spec_of(domain: str) -> AnySpec:
    module = __import__(f"fembalance_ml.{domain}.spec", fromlist=["SPEC"])
    spec: AnySpec = module.SPEC
    return spec


def results(domain: str, corpus: ModuleType, version: str) -> list[BaseModel]:
    """The answers of one version to the first valid requests of the corpus."""
    spec = spec_of(domain)
    model = load_served(spec.name, version).model
    answered = []
    for raw in corpus.corpus(corpus.SEED, REQUESTS_A_VERSION):
        try:
            request = spec.request_type.model_validate(raw)
            answered.append(spec.predict(model, request, today=corpus.TODAY))
        except (ValidationError, InvalidQuestion):
            continue
    return answered


@pytest.mark.parametrize("language", [None, "de"])
@pytest.mark.parametrize("domain", list(DOMAINS))
def test_every_answer_of_every_version_is_written_as_pydantic_writes_it(
    domain: str, language: str | None
) -> None:
    corpus = DOMAINS[domain]
    assert encoder_for(spec_of(domain).result_type) is plain_json
    with use_catalog(None if language is None else translations(language)):
        for version in corpus.VERSIONS:
            answered = results(domain, corpus, version)
            assert len(answered) > REQUESTS_A_VERSION // 2
            for result in answered:
                assert plain_json(result) == pydantic_json(result)


class Colour(enum.Enum):
    RED = "red"


class Number(enum.Enum):
    ONE = 1


class Part(TypedDict):
    name: str
    weight: float | None


class Inner(BaseModel):
    on: datetime.date
    colour: Colour
    parts: list[Part]


class Plain(BaseModel):
    level: Literal["Low", "High"]
    inner: Inner | None
    scores: dict[str, float]
    pair: tuple[int, ...]


class Aliased(BaseModel):
    value: int = Field(serialization_alias="Value")


class Custom(BaseModel):
    value: int

    @field_serializer("value")
    def doubled(self, value: int) -> int:
        return 2 * value


class Computed(BaseModel):
    value: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def twice(self) -> int:
        return 2 * self.value


class Extra(BaseModel):
    model_config = ConfigDict(extra="allow")


class Hidden(BaseModel):
    value: int = Field(exclude=True)


class Stamped(BaseModel):
    at: datetime.datetime


class Counted(BaseModel):
    by_day: dict[int, int]


class Numbered(BaseModel):
    number: Number


class Nested(BaseModel):
    inner: Aliased


class Root(RootModel[int]):
    pass


def test_plain_models_are_recognised_and_written_alike() -> None:
    assert is_plain(Plain)
    value = Plain(
        level="High",
        inner=Inner(
            on=datetime.date(2026, 1, 2), colour=Colour.RED, parts=[{"name": "a", "weight": None}]
        ),
        scores={"x": 0.1, "y": 1e-07},
        pair=(1, 2),
    )
    assert plain_json(value) == pydantic_json(value)


@pytest.mark.parametrize(
    "model", [Aliased, Custom, Computed, Extra, Hidden, Stamped, Counted, Numbered, Nested, Root]
)
def test_models_orjson_would_write_otherwise_keep_pydantics_writer(model: Any) -> None:
    assert not is_plain(model)
    assert encoder_for(model) is pydantic_json
