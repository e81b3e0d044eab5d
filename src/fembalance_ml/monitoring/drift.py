"""Input drift: population stability index of recent inputs against the training data.

At training, each numeric feature's reference distribution is stored as bins: decile edges
of the training values (or the values themselves for a feature with few of them, such as a
0/1 flag) and the share of training rows in each bin. Serving keeps a sliding window of
recent inputs per feature and compares its shares with the reference:

    PSI = sum over bins of (observed - expected) * ln(observed / expected)

Common reading (Siddiqi 2006, credit scoring): below 0.1 stable, 0.1-0.25 some shift,
above 0.25 a shift worth acting on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

REFERENCE_BINS = 10
# A feature with at most this many distinct training values is binned by value.
CATEGORICAL_VALUES = 10
# Shares are floored here so that an empty bin gives a large but finite PSI.
SHARE_FLOOR = 1e-4
WINDOW = 500
# Below this many recent values the window says nothing (None).
MIN_WINDOW = 50
# What a window takes: JSON numbers and flags (bool is an int).
_NUMBER_TYPES = (int, float)


@dataclass(frozen=True)
class Reference:
    """One feature's training distribution: bin kind, cut points and shares."""

    kind: str  # "values": one bin per training value; "quantiles": bins between edges
    points: tuple[float, ...]
    shares: tuple[float, ...]

    def to_json(self) -> dict[str, Any]:
        """The form stored in metadata.json."""
        return {"kind": self.kind, "points": list(self.points), "shares": list(self.shares)}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Reference:
        """Read the form stored in metadata.json."""
        return cls(str(raw["kind"]), tuple(raw["points"]), tuple(raw["shares"]))

    def shares_of(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        """The share of `values` in each of this reference's bins."""
        points = np.asarray(self.points, dtype=np.float64)
        if self.kind == "values":
            # Nearest training value: a new value falls in the bin of the closest known one.
            index = np.abs(values[:, None] - points[None, :]).argmin(axis=1)
        else:
            index = np.searchsorted(points, values, side="right")
        bins = len(points) if self.kind == "values" else len(points) + 1
        counts = np.bincount(index, minlength=bins).astype(np.float64)
        return counts / max(1.0, float(values.size))


def reference_of(values: Iterable[float]) -> Reference:
    """The reference bins of one feature from its training values (missing ones skipped)."""
    data = np.asarray(list(values), dtype=np.float64)
    data = data[~np.isnan(data)]
    if data.size == 0:
        raise ValueError("no training values")
    distinct = np.unique(data)
    if distinct.size <= CATEGORICAL_VALUES:
        counts = [float((data == value).mean()) for value in distinct]
        return Reference("values", tuple(map(float, distinct)), tuple(counts))
    inner = np.quantile(data, np.linspace(0, 1, REFERENCE_BINS + 1)[1:-1])
    edges = tuple(map(float, np.unique(inner)))
    shares = Reference("quantiles", edges, ()).shares_of(data)
    return Reference("quantiles", edges, tuple(map(float, shares)))


def references_of(columns: Mapping[str, Iterable[float]]) -> dict[str, dict[str, Any]]:
    """metadata.json's `drift_reference`: every feature's bins, by feature name."""
    return {name: reference_of(values).to_json() for name, values in columns.items()}


def psi(expected: Iterable[float], observed: Iterable[float]) -> float:
    """Population stability index of observed shares against expected ones."""
    e = np.maximum(np.asarray(list(expected), dtype=np.float64), SHARE_FLOOR)
    o = np.maximum(np.asarray(list(observed), dtype=np.float64), SHARE_FLOOR)
    return float(np.sum((o - e) * np.log(o / e)))


class DriftWindow:
    """The last WINDOW values of each referenced feature, and their PSI.

    Filled from this worker's inputs, or replaced by the shared window kept in Redis.
    """

    def __init__(self, references: Mapping[str, Reference], size: int = WINDOW) -> None:
        self.references = dict(references)
        self._recent: dict[str, deque[float]] = {
            name: deque(maxlen=size) for name in self.references
        }

    def observe(self, inputs: Mapping[str, Any]) -> None:
        """Add one request's values of the referenced features (missing ones skipped)."""
        for name, recent in self._recent.items():
            value = inputs.get(name)
            if isinstance(value, bool | int | float):
                recent.append(float(value))

    def extend(self, values: Mapping[str, Sequence[float]]) -> None:
        """Add many values per feature (features without a reference are ignored)."""
        for name, new in values.items():
            recent = self._recent.get(name)
            if recent is not None:
                recent.extend(new)

    def replace(self, name: str, values: Sequence[float]) -> None:
        """Make `values` (newest first, as Redis lists them) the window of one feature."""
        recent = self._recent.get(name)
        if recent is not None:
            recent.clear()
            recent.extend(reversed(values))

    def observe_many(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """`observe` for many requests in order, one feature at a time (a batch)."""
        for name, recent in self._recent.items():
            recent.extend(
                [float(v) for row in rows if isinstance(v := row.get(name), _NUMBER_TYPES)]
            )

    def psi(self) -> dict[str, float | None]:
        """Each feature's PSI over the window; None while it holds too few values."""
        result: dict[str, float | None] = {}
        for name, recent in self._recent.items():
            if len(recent) < MIN_WINDOW:
                result[name] = None
                continue
            reference = self.references[name]
            observed = reference.shares_of(np.asarray(recent, dtype=np.float64))
            result[name] = psi(reference.shares, observed)
        return result
