"""Domain code returns its result; the serving layer adds version, disclaimer and group.

A domain package's modules never import `fembalance_ml.disclaimers` (its spec module
declares the disclaimer), its `predict` takes no version, and what it returns is its
result type with none of the envelope's fields. The serving layer's answer JSON is the
public response type's, byte for byte.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import sys
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import BaseModel

from fembalance_ml import disclaimers
from fembalance_ml.api.answers import VersionedResult, answer_json, envelope, response
from fembalance_ml.i18n.text import REGISTRY, Text
from fembalance_ml.main import SERVED_MODELS
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.serving.spec import ENVELOPE_FIELDS, ModelSpec
from tests.conftest import MODELS
from tests.support.tiny_model import spec as tiny_spec
from tests.support.tiny_model.model import TinyModel, TinyRequest, TinyResult
from tests.support.tiny_model.spec import SPEC as TINY

TODAY = date(2026, 11, 29)
SPECS: list[ModelSpec[Any, Any, Any]] = [*SERVED_MODELS, TINY]
DISCLAIMERS = {
    "pcos": disclaimers.PCOS_TEXT,
    "cycle_prediction": disclaimers.CYCLE_TEXT,
    "symptom_analysis": disclaimers.SYMPTOMS_TEXT,
    TINY.name: tiny_spec.DISCLAIMER,
}
# Versions and groups come from configuration: quotes, non-ASCII and control characters
# must come out of the envelope as pydantic would write them.
ENVELOPES = [
    ("v2.1.0", None),
    ("v1.0.0-rc.1", "treatment"),
    ('v"quoted"\\', "gruppe-ä-💡"),
    ("v\x01\n\t", "\x7f\u2028"),
]


def _package_dir(spec: ModelSpec[Any, Any, Any]) -> Path:
    """The folder of the package that declares `spec` (its spec module's folder)."""
    module = sys.modules[inspect.getmodule(spec.predict).__name__]  # type: ignore[union-attr]
    assert module.__file__ is not None
    return Path(module.__file__).parent


def _imports_disclaimers(path: Path) -> bool:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(alias.name.startswith("fembalance_ml.disclaimers") for alias in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            if node.module.startswith("fembalance_ml.disclaimers"):
                return True
            if node.module == "fembalance_ml" and any(a.name == "disclaimers" for a in node.names):
                return True
    return False


def test_the_scan_sees_every_form_of_import(tmp_path: Path) -> None:
    forms = [
        "from fembalance_ml import disclaimers",
        "from fembalance_ml.disclaimers import PCOS",
        "import fembalance_ml.disclaimers",
        "import fembalance_ml.disclaimers as d",
    ]
    for index, line in enumerate(forms):
        module = tmp_path / f"m{index}.py"
        module.write_text(f"def f() -> None:\n    {line}\n")
        assert _imports_disclaimers(module), line
    clean = tmp_path / "clean.py"
    clean.write_text("from fembalance_ml import domain_errors\nimport fembalance_ml.pcos\n")
    assert not _imports_disclaimers(clean)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_only_the_spec_module_knows_the_disclaimer(spec: ModelSpec[Any, Any, Any]) -> None:
    package = _package_dir(spec)
    modules = sorted(package.rglob("*.py"))
    assert len(modules) >= 3
    offenders = [
        str(path.relative_to(package))
        for path in modules
        if path.name != "spec.py" and _imports_disclaimers(path)
    ]
    assert offenders == []
    assert spec.disclaimer == DISCLAIMERS[spec.name]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_predict_takes_no_version(spec: ModelSpec[Any, Any, Any]) -> None:
    for function in (spec.predict, spec.predict_many):
        if function is None:
            continue
        parameters = inspect.signature(function).parameters
        assert list(parameters)[2:] == ["today"], function
        assert parameters["today"].kind is inspect.Parameter.KEYWORD_ONLY


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_a_result_type_holds_no_envelope_field(spec: ModelSpec[Any, Any, Any]) -> None:
    assert not set(spec.result_type.model_fields) & set(ENVELOPE_FIELDS)
    assert issubclass(spec.response_type, spec.result_type)
    assert list(spec.response_type.model_fields) == [
        *spec.result_type.model_fields,
        *ENVELOPE_FIELDS,
    ]


def _model(spec: ModelSpec[Any, Any, Any]) -> Any:
    if spec is TINY:
        return TinyModel(2.0)
    return load_verified(MODELS / spec.name, "latest").model


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[Any, BaseModel]]:
    """Each model's (model, result) for its spec's example request."""
    answered = {}
    for spec in SPECS:
        model = _model(spec)
        request = spec.request_type.model_validate(spec.example)
        answered[spec.name] = (model, spec.predict(model, request, today=TODAY))
    return answered


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_predict_returns_its_result_only(
    spec: ModelSpec[Any, Any, Any], results: dict[str, tuple[Any, BaseModel]]
) -> None:
    model, result = results[spec.name]
    assert type(result) is spec.result_type
    assert not set(result.model_dump()) & set(ENVELOPE_FIELDS)
    if spec.predict_many is not None:
        request = spec.request_type.model_validate(spec.example)
        many = spec.predict_many(model, [request, request], today=TODAY)
        assert [type(r) for r in many] == [spec.result_type] * 2
        assert list(many) == [result, result]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
@pytest.mark.parametrize(("version", "group"), ENVELOPES)
def test_the_answer_is_the_response_type_byte_for_byte(
    spec: ModelSpec[Any, Any, Any],
    results: dict[str, tuple[Any, BaseModel]],
    version: str,
    group: str | None,
) -> None:
    result = results[spec.name][1]
    prediction = VersionedResult(result, version, group)
    typed = response(spec, prediction)
    assert type(typed) is spec.response_type
    body = answer_json(spec, prediction)
    assert body == typed.model_dump_json().encode()
    # And what a client reads back is a valid response with the service's envelope.
    parsed = spec.response_type.model_validate_json(body)
    assert parsed == spec.response_type.model_validate(typed.model_dump())
    answer = orjson.loads(body)
    assert list(answer)[-len(ENVELOPE_FIELDS) :] == list(ENVELOPE_FIELDS)
    assert answer["model_version"] == version
    assert answer["disclaimer"] == DISCLAIMERS[spec.name].template
    assert answer["disclaimer_code"] == DISCLAIMERS[spec.name].key.rsplit(".", 1)[1]
    assert answer["experiment_group"] == group
    assert {k: answer[k] for k in ENVELOPE_FIELDS} == envelope(spec, version, group)


NONE = Text("common.disclaimer.nothing", "none")
REGISTRY.pop(NONE.key)  # a test's text, kept out of the catalogs


def test_an_empty_result_still_writes_valid_json() -> None:
    class Nothing(BaseModel):
        pass

    class NothingResponse(Nothing):
        model_version: str
        disclaimer: str
        disclaimer_code: str
        experiment_group: str | None = None

    spec = ModelSpec[TinyRequest, Nothing, NothingResponse](
        name="nothing",
        route="nothing",
        request_type=TinyRequest,
        result_type=Nothing,
        response_type=NothingResponse,
        predict=lambda model, request, /, *, today: Nothing(),
        disclaimer=NONE,
        headline=lambda answer: None,
        operation_id="predictNothing",
        description="nothing",
        example={"x": 1},
        batch_prefix="Nothing",
    )
    body = answer_json(spec, VersionedResult(Nothing(), "v1", None))
    assert body == (
        b'{"model_version":"v1","disclaimer":"none","disclaimer_code":"nothing",'
        b'"experiment_group":null}'
    )


class _Wrong(TinyResult):
    """An envelope in the wrong order."""

    disclaimer: str
    model_version: str
    experiment_group: str | None = None


class _Unrelated(BaseModel):
    """The right fields, but not the result type's subclass."""

    score: float
    model_version: str
    disclaimer: str
    experiment_group: str | None = None


@pytest.mark.parametrize("response_type", [_Wrong, _Unrelated, TinyResult])
def test_a_spec_refuses_a_response_type_that_is_not_result_plus_envelope(
    response_type: type[BaseModel],
) -> None:
    tiny: ModelSpec[TinyRequest, TinyResult, Any] = TINY
    # The tiny model's spec, but for the response type: refused as it is built.
    with pytest.raises(TypeError, match="must subclass"):
        dataclasses.replace(tiny, response_type=response_type)
