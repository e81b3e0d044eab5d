"""PCOS batch items as columns: one matrix per variant, the rules from the table, one dump.

Every PCOS item is validated by `PcosRequest`, as the single route validates it (api/
batch.py). `columns` then answers one served version's items as `pcos.service` answers
them: the model's part as columns, one matrix per variant (pcos/columnar.py, held equal
to the single route's per-row pcos/inputs.py), the rules' part from the same table as the
single route's (pcos/rules.py), looked up once per variant group. It builds plain dicts
instead of result models, their rules' fields pre-encoded (`orjson.Fragment`s kept in the
table), so that the batch's one `orjson.dumps` writes every answer: byte for byte what
pydantic writes for the single route's result (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final

from fembalance_ml.pcos.columnar import model_columns
from fembalance_ml.pcos.model import PcosModel
from fembalance_ml.pcos.rules import rule_parts
from fembalance_ml.pcos.schemas import PcosRequest

ROUTE: Final = "pcos"


def columns(
    model: PcosModel, requests: Sequence[PcosRequest], *, today: date
) -> list[dict[str, Any]]:
    """Each request's answer as the batch writes it: `model_name`, then the result's fields.

    With the signature of a model's `predict_many` (`PredictionService._predict_versioned`
    takes it as `many`); the batch appends the envelope and the prediction id to each.
    """
    answers: list[dict[str, Any] | None] = [None] * len(requests)
    for part in model_columns(model, requests):
        variant = part.variant
        positions = part.positions
        rules_of = rule_parts((requests[i] for i in positions), part.levels, variant, today)
        for position, rules, score, confidence, factors, contributions, missing in zip(
            positions,
            rules_of,
            part.scores,
            part.confidences,
            part.key_factors,
            part.contributions,
            part.missing_features,
            strict=True,
        ):
            answers[position] = {
                "model_name": ROUTE,
                "risk_score": score,
                "risk_level": rules.level,
                "confidence": 0.5 if rules.moved else confidence,
                "key_factors": factors,
                "contributions": contributions,
                "criteria": rules.criteria_json,
                "criteria_met": rules.criteria_met,
                "flags": rules.flags_json,
                "variant": variant,
                "missing_features": missing,
                "recommendations": rules.recommendations_json,
                "recommendation_codes": rules.recommendation_codes_json,
                "assumptions": rules.assumptions_json,
            }
    return [answer for answer in answers if answer is not None]
