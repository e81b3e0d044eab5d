"""The declarations the ledger reads: headline fields, outcomes, the outcome request type."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from fembalance_ml.api.outcome_request import outcome_request_type, route_description
from fembalance_ml.cycle.outcome import OUTCOME as CYCLE_OUTCOME
from fembalance_ml.cycle.schemas import CycleResult, PredictionInterval
from fembalance_ml.main import SERVED_MODELS, served_registry
from fembalance_ml.pcos.outcome import OUTCOME as PCOS_OUTCOME
from fembalance_ml.serving.ledger_spec import (
    HeadlineField,
    LedgerHeadline,
    OutcomeMismatchError,
    OutcomeSpec,
    Score,
)
from tests.support.tiny_model.spec import SPEC as TINY

CYCLE = served_registry().by_name["cycle_prediction"]
ANSWER: dict[str, Any] = {
    "predicted_start_date": "2026-03-16",
    "prediction_interval": {"level": 0.8, "earliest": "2026-03-13", "latest": "2026-03-19"},
}


def test_a_headline_reads_the_same_off_a_result_and_off_its_json() -> None:
    interval = PredictionInterval.model_validate(ANSWER["prediction_interval"])
    # Only the fields the headline reads: a result as far as the ledger is concerned.
    stub = CycleResult.model_construct(
        predicted_start_date=date(2026, 3, 16), prediction_interval=interval
    )
    expected = {
        "cycle_start": date(2026, 3, 16),
        "cycle_earliest": date(2026, 3, 13),
        "cycle_latest": date(2026, 3, 19),
    }
    assert CYCLE.ledger.of_result(stub) == expected
    assert CYCLE.ledger.of_json(ANSWER) == expected
    # Stored as JSON (dates as text), decoded back to its kinds; unknown names dropped.
    stored = {"cycle_start": "2026-03-16", "cycle_earliest": "2026-03-13"} | {"x": 1}
    assert CYCLE.ledger.decode(stored) == {
        "cycle_start": date(2026, 3, 16),
        "cycle_earliest": date(2026, 3, 13),
    }
    # No forecast (the context): no field is set, along the whole path.
    empty = {"predicted_start_date": None, "prediction_interval": None}
    assert CYCLE.ledger.of_json(empty) == {}
    assert CYCLE.ledger.decode(None) == {}


def test_declarations_refuse_what_the_ledger_could_not_store() -> None:
    with pytest.raises(ValueError, match="kind"):
        HeadlineField("x", "int", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="repeat"):
        LedgerHeadline((HeadlineField("x", "float", "a"), HeadlineField("x", "str", "b")))
    for field in ("prediction_id", "not a name"):
        with pytest.raises(ValueError, match="usable field name"):
            dataclasses.replace(PCOS_OUTCOME, field=field)
    with pytest.raises(ValueError, match="unknown kinds"):
        dataclasses.replace(PCOS_OUTCOME, figures=(("median", "median_loss"),))  # type: ignore[arg-type]


def test_the_served_models_score_through_their_declarations() -> None:
    today = date(2026, 3, 20)
    headline = CYCLE.ledger.of_json(ANSWER)
    assert CYCLE_OUTCOME.score(headline, date(2026, 3, 18), today) == Score(loss=2, hit=True)
    assert CYCLE_OUTCOME.score(headline, date(2026, 3, 10), today) == Score(loss=6, hit=False)
    with pytest.raises(OutcomeMismatchError, match="future"):
        CYCLE_OUTCOME.score(headline, date(2026, 3, 21), today)
    with pytest.raises(OutcomeMismatchError, match="no predicted start"):
        CYCLE_OUTCOME.score({}, date(2026, 3, 18), today)
    risk = {"pcos_score": 0.25, "pcos_level": "Low"}
    assert PCOS_OUTCOME.score(risk, True, today) == Score(loss=0.5625, probability=0.25, event=True)
    with pytest.raises(OutcomeMismatchError, match="no PCOS risk"):
        PCOS_OUTCOME.score({}, True, today)
    assert CYCLE_OUTCOME.as_json(date(2026, 3, 18)) == "2026-03-18"


def test_the_request_type_takes_every_outcome_field_exactly_one_at_a_time() -> None:
    body_type = outcome_request_type([*SERVED_MODELS, TINY])
    assert list(body_type.model_fields) == [
        "prediction_id",
        "observed_score",
        "observed_start_date",
        "pcos_diagnosed",
    ]
    body = body_type.model_validate({"prediction_id": "p", "observed_score": 2})
    assert body.posted() == ("observed_score", 2.0)
    for wrong in ({"prediction_id": "p"}, {"prediction_id": "p", "pcos_diagnosed": "yes"}):
        with pytest.raises(ValidationError):
            body_type.model_validate(wrong)
    assert route_description(SERVED_MODELS).startswith(
        "Record what happened after a cycle or PCOS prediction;"
    )
    # One field, two types: refused when the app is built, not at the first outcome.
    clash: OutcomeSpec[Any] = dataclasses.replace(TINY.outcome, field="pcos_diagnosed")
    with pytest.raises(ValueError, match="another type"):
        outcome_request_type([*SERVED_MODELS, dataclasses.replace(TINY, outcome=clash)])
