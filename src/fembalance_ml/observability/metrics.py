"""Prometheus metrics, correct across Gunicorn workers in multiprocess mode.

Labels hold route templates, model names (the models-tree folders: `pcos`,
`cycle_prediction`, `symptom_analysis`), versions and outcomes only, never anything about a
person and never a raw path. Every labelled series a dashboard or alert reads is created at
zero when the app starts (`precreate_*`), because in multiprocess mode a series nobody has
touched yet is absent rather than 0, and `increase()` over its first sample sees nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

HTTP_REQUESTS = Counter(
    "http_requests_total",
    "HTTP answers by route template, method and status, errors included",
    ["route", "method", "status"],
)
HTTP_SECONDS = Histogram(
    "http_request_duration_seconds",
    "Time from the request's arrival to the end of its answer, by route template",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
PREDICTIONS = Counter("ml_predictions_total", "Predictions served", ["model", "version", "status"])
PREDICTION_SECONDS = Histogram(
    "ml_prediction_duration_seconds",
    "Time to compute one prediction, excluding HTTP (a batch item: its group's time shared out)",
    ["model"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0),
)
# livemax: one series per model and version across live workers, without a pid label.
MODEL_INFO = Gauge(
    "ml_model_info",
    "1 for the model version the service answers with, 0 for versions loaded beside it",
    ["model", "version"],
    multiprocess_mode="livemax",
)
# livemin: 0 as soon as one live worker cannot answer for the model.
MODEL_READY = Gauge(
    "ml_model_ready",
    "1 when every live worker has a verified, warm version of the model",
    ["model"],
    multiprocess_mode="livemin",
)
CACHE_EVENTS = Counter(
    "ml_cache_events_total", "Prediction cache lookups and faults", ["model", "result"]
)
CACHE_RESULTS = ("hit_local", "hit", "miss", "error")
RATE_LIMITED = Counter("ml_rate_limited_total", "Requests refused with 429", ["route"])
REDIS_FALLBACK = Counter(
    "ml_redis_fallback_total",
    "Operations served without Redis after a Redis fault (the service keeps answering)",
    ["component"],
)
REDIS_COMPONENTS = ("cache", "ratelimit", "idempotency")
SHADOW_AGREEMENT = Counter(
    "ml_shadow_comparisons_total",
    "Shadow-model predictions compared with the served one",
    ["model", "served_version", "shadow_version", "agreement"],
)
SHADOW_OUTCOMES = ("agree", "differ", "error")
PREDICTION_OUTCOMES = ("ok", "invalid", "error")


MetricT = TypeVar("MetricT", Counter, Gauge, Histogram)


@lru_cache(maxsize=4096)
def child(metric: MetricT, *labels: str) -> MetricT:
    """`metric.labels(*labels)`, resolved once per label set (labels() validates and locks
    on every call). Bounded: label values come from route templates, models, versions and
    outcomes, a few hundred sets at most."""
    return metric.labels(*labels)


def observe_many(histogram: Histogram, amount: float, count: int) -> None:
    """`count` observations of the same `amount` (a label child): two value writes, not
    2 x `count`. Each write is a store into the multiprocess mmap file, about 8 us."""
    if count <= 0:
        return
    bucket = bucket_of(histogram, amount)
    add_observations(histogram, amount * count, () if bucket is None else ((bucket, count),))


def bucket_of(histogram: Histogram, amount: float) -> int | None:
    """The bucket `observe` counts `amount` in: the first whose upper bound holds it (the
    last bound is +Inf; NaN is held by none)."""
    bounds = histogram._upper_bounds
    index = bisect_left(bounds, amount)
    return index if index < len(bounds) and amount <= bounds[index] else None


def add_observations(histogram: Histogram, total: float, counts: Iterable[tuple[int, int]]) -> None:
    """Observations written into a label child at once: their `total` into its sum, and
    (bucket index, how many) into its buckets; the writes `observe` makes, once each.

    prometheus_client has no public call for this; it updates the child's sum and bucket
    values as its own `observe` does (tests/platform/test_metrics.py and test_tally.py
    hold the samples equal, so an upgrade that changes the internals fails there, not in
    production). The batch route (`observe_many`) and the request path's tally
    (observability/tally.py) write through it.
    """
    histogram._sum.inc(total)
    buckets = histogram._buckets
    for index, count in counts:
        if count:
            buckets[index].inc(count)


def render_metrics(multiprocess_dir: Path | None) -> tuple[bytes, str]:
    """The exposition text: every worker's samples when running under Gunicorn."""
    if multiprocess_dir is None:
        from prometheus_client import REGISTRY

        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(multiprocess_dir))  # type: ignore[no-untyped-call]
    return generate_latest(registry), CONTENT_TYPE_LATEST


def precreate_http(routes: Iterable[tuple[str, str, Iterable[int]]]) -> None:
    """Zero series for each (route template, method, statuses the route can answer)."""
    for route, method, statuses in routes:
        HTTP_SECONDS.labels(route)
        for status in statuses:
            HTTP_REQUESTS.labels(route, method, str(status))


def precreate_platform(prediction_routes: Iterable[str], cached_models: Iterable[str]) -> None:
    """Zero series for rate limiting, Redis fallback and the cache of each cached model."""
    for route in prediction_routes:
        RATE_LIMITED.labels(route)
    for component in REDIS_COMPONENTS:
        REDIS_FALLBACK.labels(component)
    for model in cached_models:
        for result in CACHE_RESULTS:
            CACHE_EVENTS.labels(model, result)


def precreate_model(model: str, versions: Iterable[str], shadows: Iterable[str] = ()) -> None:
    """Zero series for a model's loaded versions, and its shadow comparisons."""
    PREDICTION_SECONDS.labels(model)
    PREDICTIONS.labels(model, "none", "unavailable")
    served = list(versions)
    for version in served:
        for outcome in PREDICTION_OUTCOMES:
            PREDICTIONS.labels(model, version, outcome)
    for shadow in shadows:
        for version in served:
            if version != shadow:
                for agreement in SHADOW_OUTCOMES:
                    SHADOW_AGREEMENT.labels(model, version, shadow, agreement)


# The prediction ledger and outcomes (model = models-tree name; group "none" outside a test).
LEDGER_DROPPED = Counter(
    "ml_ledger_dropped_total",
    "Predictions not written to the ledger (queue full, database error, unwritten at exit)",
    ["model", "reason"],
)
LEDGER_DROP_REASONS = ("queue_full", "unavailable", "write_error", "unwritten_at_exit")
# livemin: 0 as soon as one live worker's ledger is not writing.
LEDGER_UP = Gauge(
    "ml_ledger_up",
    "1 while the worker's ledger writes to its database; 0 while it cannot, or is off",
    multiprocess_mode="livemin",
)
# Rows that entered a worker's write queue, and rows written, as the writer thread last
# reported (each cycle). A killed worker's counters stay: queued - written - dropped
# (write_error, unwritten_at_exit) - ml_ledger_queue_rows is what killed workers lost.
LEDGER_QUEUED = Counter(
    "ml_ledger_queued_total", "Predictions that entered a worker's ledger write queue"
)
LEDGER_WRITTEN = Counter("ml_ledger_written_total", "Predictions written to the ledger")
LEDGER_QUEUE_ROWS = Gauge(
    "ml_ledger_queue_rows",
    "Predictions waiting in live workers' ledger write queues",
    multiprocess_mode="livesum",
)
OUTCOMES = Counter(
    "ml_outcomes_total", "Outcomes received for ledgered predictions", ["model", "version", "group"]
)
DAY_SECONDS = 86_400
# In seconds, Prometheus's base unit (promtool lints `_days`): a dashboard divides by 86400.
OUTCOME_ABS_ERROR_SECONDS = Histogram(
    "ml_outcome_abs_error_seconds",
    "Cycle: time between the predicted and the observed period start (whole days)",
    ["model", "version", "group"],
    buckets=tuple(days * DAY_SECONDS for days in (0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 60)),
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


def precreate_ledger(models: Iterable[str]) -> None:
    """Zero `ml_ledger_dropped_total` series for each model and drop reason."""
    for model in models:
        for reason in LEDGER_DROP_REASONS:
            LEDGER_DROPPED.labels(model, reason)
