"""The labelled series docs/MONITORING.md says exist from start-up, created at zero.

In multiprocess mode (Gunicorn) a labelled child nobody touched is absent from the scrape,
not zero, and `increase()` misses the first event after it appears. The app creates these
at start-up and again when a worker loads a new version (the watcher, the admin reload).
"""

from __future__ import annotations

from collections.abc import Iterable

from fembalance_ml.api.served import SHADOW_GROUP
from fembalance_ml.ledger.outcomes import precreate_outcome_series
from fembalance_ml.monitoring.drift_monitor import DriftMonitor
from fembalance_ml.observability.metrics import (
    MODEL_INFO,
    MODEL_READY,
    precreate_ledger,
    precreate_model,
)
from fembalance_ml.serving.ab_assignment import CONTROL, TREATMENT
from fembalance_ml.serving.manager import ModelManager
from fembalance_ml.serving.registry import ModelRegistry
from fembalance_ml.serving.spec import AnySpec


def precreate_monitoring(
    manager: ModelManager, registry: ModelRegistry, drift: DriftMonitor
) -> None:
    """Each model's outcomes per loaded version and group (`none`; under an A/B test the
    groups its answers and its shadow's are ledgered with), its ledger drops per reason, and
    the drift of each input of a watched served version."""
    precreate_ledger(registry.by_name)
    for served in registry:
        status = manager.status(served.name)
        groups = [CONTROL, TREATMENT, SHADOW_GROUP] if status.experiment else ["none"]
        precreate_outcome_series(registry.by_name, served.name, status.loaded_versions, groups)
        if status.ready:
            drift.precreate(manager.get(served.name))


def publish_models(manager: ModelManager, registry: ModelRegistry, drift: DriftMonitor) -> None:
    """What this worker serves now, in its metrics: readiness and version info
    (`publish_model_metrics`) and the series above at zero. Run at start-up and after
    every load (the watcher, the admin reload)."""
    publish_model_metrics(manager, registry)
    precreate_monitoring(manager, registry, drift)


# Versions each model's info gauge was last set for in this process, so a version that
# is no longer loaded goes back to 0 instead of keeping its last value.
_published_versions: dict[str, set[str]] = {}


def publish_model_metrics(manager: ModelManager, models: Iterable[AnySpec]) -> None:
    """Set readiness and version info of `models` to what this process serves now, series
    at zero."""
    for served in models:
        status = manager.status(served.name)
        MODEL_READY.labels(status.name).set(1 if status.ready else 0)
        loaded = set(status.loaded_versions)
        for gone in _published_versions.get(status.name, set()) - loaded:
            MODEL_INFO.labels(status.name, gone).set(0)
        for version in loaded:
            MODEL_INFO.labels(status.name, version).set(1 if version == status.version else 0)
        _published_versions[status.name] = loaded
        shadow = (status.experiment or {}).get("shadow")
        precreate_model(status.name, sorted(loaded), [shadow] if shadow else [])
