"""The model's part of many PCOS answers at once: one matrix per variant, read as columns.

What `service.scored` and `inputs.key_factors`, `contributions_of` and `missing_features`
compute row by row for the single route, computed here for a batch's rows together (api/
batch_pcos.py): each request's values read with one attribute fetch into one float matrix
(an absent value, and one the person's stage ignores, is NaN), the standardisation kernel
run once, and key factors and missing features found by one stable sort of the matrix
instead of a Python sort per row. Scores stay `sigmoid(intercept + fsum(parts))` per row,
and levels and confidences the `levels` functions' own arithmetic, so that every number is
bit for bit the single route's (tests/api/test_batch_columnar.py and the batch golden
corpus hold the answers byte-identical).

Absent values are NaN here, not None: the batch's one `orjson.dumps` writes both as null.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np
import orjson

from fembalance_ml.pcos.criteria import is_adolescent
from fembalance_ml.pcos.inputs import Layout, layout, variant_for
from fembalance_ml.pcos.levels import RiskLevel
from fembalance_ml.pcos.model import VARIANTS, PcosModel, Thresholds, Variant, sigmoid


class Columns(NamedTuple):
    """The model's part of the answers of one variant's rows, each list in row order."""

    positions: list[int]
    variant: Variant
    scores: list[float]
    levels: list[RiskLevel]
    confidences: list[float]
    key_factors: list[list[str]]
    # Per row, the JSON of `inputs.contributions_of`'s list (an absent value is null).
    contributions: list[orjson.Fragment]
    missing_features: list[list[str]]


class _Masks(NamedTuple):
    """One feature order's per-column masks, row 0 an adult's, row 1 an adolescent's
    (`inputs.Stage`'s lists as arrays), and its names as an array to index."""

    skipped: np.ndarray
    factors: np.ndarray
    missable: np.ndarray
    labels: np.ndarray


def _rows_of(found: Layout, chosen: str) -> np.ndarray:
    width = len(found.names)
    masks = np.zeros((2, width), dtype=bool)
    for row, stage in enumerate((found.adult, found.adolescent)):
        if chosen == "skipped":
            masks[row] = stage.skipped
        else:
            masks[row, list(getattr(stage, chosen))] = True
    return masks


@functools.lru_cache(maxsize=16)
def _masks(found: Layout) -> _Masks:
    """The masks of a layout (a handful per process)."""
    return _Masks(
        _rows_of(found, "skipped"),
        _rows_of(found, "factors"),
        _rows_of(found, "missable"),
        np.array(found.names, dtype=object),
    )


def _firsts(names: np.ndarray, chosen: np.ndarray, key: np.ndarray) -> list[list[str]]:
    """Per row, the names of the chosen columns ordered by `key` ascending (ties in column
    order: a stable sort)."""
    order = np.argsort(np.where(chosen, key, np.inf), axis=1, kind="stable")
    counts = chosen.sum(axis=1).tolist()
    return [row[:count] for row, count in zip(names[order].tolist(), counts, strict=True)]


@functools.lru_cache(maxsize=16)
def _template(names: tuple[str, ...]) -> bytes:
    """The JSON of one row's contributions with a `%b` for each value and part, in turn."""
    members = (orjson.dumps({"feature": name})[:-1] for name in names)
    return b"[" + b",".join(m + b',"value":%b,"contribution":%b}' for m in members) + b"]"


def _contributions_json(
    names: tuple[str, ...], matrix: np.ndarray, parts: np.ndarray
) -> list[orjson.Fragment]:
    """Each row's contributions as `orjson.dumps(contributions_of(...))` writes them.

    Every number is orjson's own writing of it (one dump of the batch's values and parts,
    interleaved; NaN is null, as None is), split at the commas and set into the row's
    template: cheaper than a dict per feature and row, and the same bytes.
    """
    rows, width = matrix.shape
    both = np.empty((rows, 2 * width), dtype="float64")
    both[:, 0::2] = matrix
    both[:, 1::2] = parts
    numbers = orjson.dumps(both.ravel(), option=orjson.OPT_SERIALIZE_NUMPY)[1:-1].split(b",")
    # Each row's numbers in turn: `step` at a time from one iterator.
    rows_of_numbers = zip(*[iter(numbers)] * (2 * width), strict=True)
    return list(map(orjson.Fragment, map(_template(names).__mod__, rows_of_numbers)))


def levels_of(scores: np.ndarray, thresholds: Thresholds) -> tuple[list[RiskLevel], list[float]]:
    """`levels.risk_level_for` and `levels.confidence_for` of each score, as arrays: the
    same float64 operations in the same order, so the same bits."""
    low, high = thresholds.low, thresholds.high
    below, above = scores < low, scores >= high
    levels = np.where(below, "Low", np.where(above, "High", "Medium")).tolist()
    half_width = (high - low) / 2.0
    middle = (
        np.minimum(scores - low, high - scores) / half_width
        if half_width > 0
        else np.zeros_like(scores)
    )
    depth = np.where(
        below, (low - scores) / low, np.where(above, (scores - high) / (1.0 - high), middle)
    )
    confidences = np.minimum(1.0, np.maximum(0.5, 0.5 + 0.5 * depth)).tolist()
    return levels, confidences


def _answers_of(
    found: Layout,
    variant: Variant,
    fitted: Any,
    requests: Sequence[Any],
    chosen: list[tuple[int, bool]],
) -> Columns:
    """The model's part of the answers of one variant's rows: (index into `requests`,
    whether the person is an adolescent) each."""
    names = found.names
    width = len(names)
    rows = [index for index, _ in chosen]
    features = [requests[i].features for i in rows]
    # Each row's stage: 0 an adult, 1 an adolescent (the masks' rows).
    stage = np.array([young for _, young in chosen], dtype=np.intp)
    masks = _masks(found)
    read = found.read
    matrix = np.array([read(f) for f in features], dtype="float64").reshape(len(rows), width)
    matrix[masks.skipped[stage]] = math.nan
    if len(rows) == 1:
        # One row: the plain-Python arithmetic VariantModel.explain uses for one row.
        (score,), parts_rows = fitted.explain([[None if v != v else v for v in matrix[0].tolist()]])
        scores, parts = [score], np.array(parts_rows, dtype="float64")
    else:
        parts = fitted.contributions(matrix)
        intercept = fitted.intercept
        scores = [sigmoid(intercept + math.fsum(row)) for row in parts.tolist()]
    labels = masks.labels
    # Strongest first: ascending on the negated part; only parts pushing the score up.
    key_factors = _firsts(labels, masks.factors[stage] & (parts > 0), -parts)
    missing = _firsts(labels, masks.missable[stage] & np.isnan(matrix), np.zeros_like(matrix))
    contributions = _contributions_json(names, matrix, parts)
    levels, confidences = levels_of(np.array(scores, dtype="float64"), fitted.thresholds)
    return Columns(
        rows,
        variant,
        scores,
        levels,
        confidences,
        key_factors,
        contributions,
        missing,
    )


def model_columns(model: PcosModel, requests: Sequence[Any]) -> Iterator[Columns]:
    """The model's part of every request's answer, one `Columns` per variant used.

    `requests` need `.features` only; each is answered by the variant `variant_for` picks
    for it, as the single route does.
    """
    chosen: dict[Variant, list[tuple[int, bool]]] = {variant: [] for variant in VARIANTS}
    for index, request in enumerate(requests):
        features = request.features
        young = is_adolescent(features)
        chosen[variant_for(features, young)].append((index, young))
    for variant, rows in chosen.items():
        if rows:
            fitted = model.variant(variant)
            yield _answers_of(layout(fitted.features), variant, fitted, requests, rows)
