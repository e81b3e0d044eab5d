"""Drift in serving: each worker's window of recent inputs, exported as PSI gauges.

Only models whose metadata.json holds a `drift_reference` (written at training) are
watched; the window is per worker (not shared through Redis), and the exported gauge is
the largest PSI among live workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel

from fembalance_ml.ledger.drift import DriftWindow, Reference
from fembalance_ml.platform.metrics import FEATURE_DRIFT_PSI
from fembalance_ml.serving.artifacts import VerifiedArtifact

# Recompute the PSI gauges after this many inputs (amortises the binning).
REFRESH_EVERY = 50


class DriftMonitor:
    """Windows of recent inputs per served model version."""

    def __init__(self) -> None:
        self._windows: dict[tuple[str, str], DriftWindow | None] = {}
        self._seen: dict[tuple[str, str], int] = {}

    def observe(self, artifact: VerifiedArtifact, request: object) -> None:
        """Add one request's input features to its version's window."""
        self.observe_many(artifact, (request,))

    def observe_many(self, artifact: VerifiedArtifact, requests: Iterable[object]) -> None:
        """Add many requests' features (a batch); the gauges are refreshed at most once."""
        key = (artifact.name, artifact.version)
        window = self._windows.get(key)
        if window is None:
            if key in self._windows:
                return  # this version has no reference: nothing to watch
            window = self._windows[key] = _window_for(artifact)
            if window is None:
                return
        rows = [
            vars(features)
            for features in (getattr(request, "features", None) for request in requests)
            # A validated model, or the plain namespace a batch's columnar path builds.
            if isinstance(features, BaseModel | SimpleNamespace)
        ]
        window.observe_many(rows)
        before = self._seen.get(key, 0)
        seen = self._seen[key] = before + len(rows)
        if seen // REFRESH_EVERY > before // REFRESH_EVERY:
            publish(artifact.name, window)


def _window_for(artifact: VerifiedArtifact) -> DriftWindow | None:
    raw: dict[str, Any] | None = artifact.metadata.get("drift_reference")
    if not raw:
        return None
    return DriftWindow({name: Reference.from_json(spec) for name, spec in raw.items()})


def publish(model: str, window: DriftWindow) -> None:
    """Set the PSI gauge of every feature whose window holds enough values."""
    for feature, value in window.psi().items():
        if value is not None:
            FEATURE_DRIFT_PSI.labels(model, feature).set(value)
