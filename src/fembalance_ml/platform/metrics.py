"""Prometheus metrics, correct across Gunicorn workers in multiprocess mode.

Labels hold model names, versions and outcomes only, never anything about a person.
"""

from __future__ import annotations

from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

PREDICTIONS = Counter("ml_predictions_total", "Predictions served", ["model", "version", "status"])
PREDICTION_SECONDS = Histogram(
    "ml_prediction_duration_seconds",
    "Time to compute one prediction, excluding HTTP",
    ["model"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0),
)
MODEL_INFO = Gauge(
    "ml_model_info",
    "1 for each model version this process serves",
    ["model", "version"],
    multiprocess_mode="liveall",
)


def render_metrics(multiprocess_dir: Path | None) -> tuple[bytes, str]:
    """The exposition text: every worker's samples when running under Gunicorn."""
    if multiprocess_dir is None:
        from prometheus_client import REGISTRY

        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(multiprocess_dir))  # type: ignore[no-untyped-call]
    return generate_latest(registry), CONTENT_TYPE_LATEST


CACHE_EVENTS = Counter(
    "ml_cache_events_total", "Prediction cache lookups and faults", ["model", "result"]
)
RATE_LIMITED = Counter("ml_rate_limited_total", "Requests refused with 429", ["route"])
SHADOW_AGREEMENT = Counter(
    "ml_shadow_comparisons_total",
    "Shadow-model predictions compared with the served one",
    ["model", "served_version", "shadow_version", "agreement"],
)

# The prediction ledger and outcomes (model = models-tree name; group "none" outside a test).
LEDGER_DROPPED = Counter(
    "ml_ledger_dropped_total",
    "Predictions not written to the ledger (queue full or database error)",
    ["model", "reason"],
)
OUTCOMES = Counter(
    "ml_outcomes_total", "Outcomes received for ledgered predictions", ["model", "version", "group"]
)
OUTCOME_ABS_ERROR_DAYS = Histogram(
    "ml_outcome_abs_error_days",
    "Cycle: days between the predicted and the observed period start",
    ["model", "version", "group"],
    buckets=(0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 60),
)
OUTCOME_INTERVAL_HITS = Counter(
    "ml_outcome_interval_hits_total",
    "Cycle: outcomes whose observed start fell inside the prediction interval",
    ["model", "version", "group"],
)
OUTCOME_BRIER = Histogram(
    "ml_outcome_brier",
    "PCOS: Brier score of the risk against the diagnosis",
    ["model", "version", "group"],
    buckets=(0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0),
)
FEATURE_DRIFT_PSI = Gauge(
    "ml_feature_drift_psi",
    "Population stability index of a worker's recent inputs against the training data",
    ["model", "feature"],
    multiprocess_mode="livemax",
)
