"""The batch's columnar model part equals the single route's per-row one, bit for bit.

`columnar.model_columns` reads a batch as one matrix per variant and finds key factors and
missing features by a stable sort; `service.scored` and `inputs.key_factors`,
`contributions_of` and `missing_features` do it row by row for the single route. On the
golden corpus's requests (every symptom pattern, labs, adolescents, contexts), for every
model version, backend and group size (a variant's group of one row takes the plain-Python
arithmetic), both give the same variant, score, level, confidence, key factors, missing
features and contributions' JSON.
"""

from __future__ import annotations

import math

import numpy as np
import orjson
import pytest
from pydantic import ValidationError

from fembalance_ml.pcos.columnar import levels_of, model_columns
from fembalance_ml.pcos.inputs import contributions_of, key_factors, missing_features
from fembalance_ml.pcos.levels import confidence_for, risk_level_for
from fembalance_ml.pcos.model import Thresholds
from fembalance_ml.pcos.schemas import PcosRequest
from fembalance_ml.pcos.service import scored
from tests.pcos.golden_corpus import corpus
from tests.pcos.test_one_row import VERSIONS, loaded


def valid(bodies: list[dict[str, object]]) -> list[PcosRequest]:
    """The corpus's valid requests (it has invalid ones too, for their errors)."""
    requests = []
    for body in bodies:
        try:
            requests.append(PcosRequest.model_validate(body))
        except ValidationError:
            continue
    return requests


REQUESTS = valid(corpus(2026, 400))


def per_row(model: object, requests: list[PcosRequest]) -> dict[int, tuple[object, ...]]:
    return {
        one.position: (
            one.variant,
            one.score,
            one.level,
            one.confidence,
            key_factors(one.names, one.parts, one.stage),
            missing_features(one.names, one.values, one.stage),
            orjson.dumps(contributions_of(one.names, one.values, one.parts)),
        )
        for one in scored(model, requests)  # type: ignore[arg-type]
    }


def columnar(model: object, requests: list[PcosRequest]) -> dict[int, tuple[object, ...]]:
    found = {}
    for part in model_columns(model, requests):  # type: ignore[arg-type]
        for at, position in enumerate(part.positions):
            found[position] = (
                part.variant,
                part.scores[at],
                part.levels[at],
                part.confidences[at],
                part.key_factors[at],
                part.missing_features[at],
                orjson.dumps(part.contributions[at]),
            )
    return found


@pytest.mark.parametrize("backend", ["sklearn", "onnx"])
@pytest.mark.parametrize("version", VERSIONS)
def test_columns_equal_the_rows(version: str, backend: str) -> None:
    model = loaded(version, backend)
    expected = per_row(model, REQUESTS)
    assert {part.variant for part in model_columns(model, REQUESTS)} == {
        "screening",
        "clinical",
    }
    assert columnar(model, REQUESTS) == expected
    # One row alone (a variant's group of one) and a few: the same answers as in the batch.
    for start in (0, 7, 123):
        for size in (1, 2, 5):
            chunk = REQUESTS[start : start + size]
            shifted = {i: expected[start + i] for i in range(len(chunk))}
            assert columnar(model, chunk) == shifted


@pytest.mark.parametrize(("low", "high"), [(0.2, 0.6), (0.35, 0.35), (0.1, 0.9), (0.05, 0.3)])
def test_levels_of_are_the_levels_functions(low: float, high: float) -> None:
    """On and beside each cut-off, at both ends and across the range: the same level and
    the same confidence, bit for bit, as the functions the single route uses."""
    thresholds = Thresholds(low, high)
    edges = [0.0, 1.0, low, high, (low + high) / 2, 5e-324, 1 - 2**-53]
    scores = [*edges, *(math.nextafter(e, 2.0) for e in edges)]
    scores += [math.nextafter(e, -1.0) for e in edges if e > 0]
    scores += [i / 997 for i in range(998)]
    levels, confidences = levels_of(np.array(scores), thresholds)
    assert levels == [risk_level_for(s, thresholds) for s in scores]
    expected = [confidence_for(s, thresholds) for s in scores]
    assert [c.hex() for c in confidences] == [e.hex() for e in expected]
