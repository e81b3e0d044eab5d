"""The groups of settings for what the service keeps and where: limits, cache, ledger, metrics.

Split from config_groups.py (the request path's groups) only to keep each module short; the
same rules hold: `env` names the variable when it is not the field's name in upper case,
`advanced` marks an internal tuning knob.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import SecretStr, field_validator

from fembalance_ml.config_groups import PROJECT_ROOT, CsvList, Group, _split_csv, setting


class RateLimitSettings(Group):
    """Requests per API key or client; shared through Redis when REDIS_URL is set."""

    enabled: bool = setting(True, "Whether requests are rate-limited.", env="RATE_LIMIT_ENABLED")
    default: str = setting(
        "600/minute",
        "Limit of every rate-limited route without an override.",
        env="RATE_LIMIT_DEFAULT",
    )
    overrides: dict[str, str] = setting(
        dict,
        "Per-route limits keyed by route (pcos, cycle, symptoms, batch, outcomes, erasures, "
        "experiments; a model's name works too): JSON, or RATE_LIMIT_OVERRIDES__BATCH=60/minute.",
        env="RATE_LIMIT_OVERRIDES",
    )


class RedisSettings(Group):
    """The Redis that shares the prediction cache and the rate-limit counters."""

    url: str | None = setting(
        None,
        "redis://host:port/db; unset, the cache and the limits stay per process.",
        env="REDIS_URL",
    )
    socket_timeout: float = setting(
        0.05,
        "Seconds a Redis call may take before the service carries on without it.",
        env="REDIS_SOCKET_TIMEOUT",
        advanced=True,
        gt=0,
        le=5,
    )


class CacheSettings(Group):
    """The prediction cache: answers of deterministic models, keyed by a pseudonymised body."""

    enabled: bool = setting(True, "Whether answers are cached.", env="CACHE_ENABLED")
    ttl_seconds: int = setting(
        3600, "Seconds a cached answer lives.", env="CACHE_TTL_SECONDS", ge=1
    )
    models: CsvList | None = setting(
        None,
        "Models whose answers are cached, comma-separated, by name or route alias; unset: the "
        "models whose spec says cacheable (cycle, symptoms).",
        env="CACHE_MODELS",
    )
    local_items: int = setting(
        4096,
        "Entries kept in each worker's memory in front of Redis (0: none).",
        env="CACHE_LOCAL_ITEMS",
        advanced=True,
        ge=0,
    )

    @field_validator("models", mode="before")
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)


class IdempotencySettings(Group):
    """Answers remembered for `Idempotency-Key` on POST (api/idempotency.py)."""

    ttl_seconds: int = setting(
        86_400,
        "Seconds an answer is replayed for a repeated Idempotency-Key; shared through Redis "
        "when REDIS_URL is set, else per worker.",
        env="IDEMPOTENCY_TTL_SECONDS",
        ge=1,
        le=7 * 86_400,
    )
    local_items: int = setting(
        10_000,
        "Answers each worker keeps in memory when Redis is unset or away (oldest leave first).",
        env="IDEMPOTENCY_LOCAL_ITEMS",
        advanced=True,
        ge=1,
    )


# The highest CPU number a CPU list may name (Linux's default NR_CPUS is far lower).
MAX_CPU = 8191


def cpu_set(text: str) -> frozenset[int] | None:
    """`0,2-3` -> {0, 2, 3}; `all` -> every CPU of the system; empty -> None (inherit).

    ValueError for anything else (Settings reports it by the variable's name, not its value).
    """
    text = text.strip()
    if not text:
        return None
    if text == "all":
        return frozenset(range(os.cpu_count() or 1))
    cpus: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ValueError("expected a CPU list such as 0,2-3, or all")
        low, high = int(first), int(last or first)
        if high < low or high > MAX_CPU:
            raise ValueError("expected a CPU list such as 0,2-3, or all")
        cpus.update(range(low, high + 1))
    return frozenset(cpus)


class LedgerSettings(Group):
    """The prediction ledger (outcomes, erasure, experiment verdicts) and its database."""

    enabled: bool = setting(
        True, "Whether answers are recorded in the ledger.", env="LEDGER_ENABLED"
    )
    database_url: SecretStr | None = setting(
        None, "The ledger's database (PostgreSQL via psycopg 3); unset: SQLite under STATE_DIR."
    )
    state_dir: Path = setting(
        PROJECT_ROOT / ".state", "Folder of the embedded SQLite ledger when DATABASE_URL is unset."
    )
    retention_days: int = setting(
        180,
        "Days a prediction stays in the ledger and can receive an outcome.",
        env="LEDGER_RETENTION_DAYS",
        ge=1,
    )
    queue_items: int = setting(
        10_000,
        "Per-worker write queue; when full, predictions are served, uncounted in the ledger.",
        env="LEDGER_QUEUE_ITEMS",
        advanced=True,
        ge=1,
    )
    batch_items: int = setting(
        500, "Most rows in one ledger write.", env="LEDGER_BATCH_ITEMS", advanced=True, ge=1
    )
    flush_seconds: float = setting(
        0.5,
        "Seconds between ledger writes; a SIGKILLed worker loses its last interval's answers.",
        env="LEDGER_FLUSH_SECONDS",
        advanced=True,
        gt=0,
    )
    writer_process: bool = setting(
        True,
        "Whether each worker's ledger inserts run in a child process (about 35 MB) instead "
        "of its writer thread, off the worker's GIL and, with a spare core, off its core.",
        env="LEDGER_WRITER_PROCESS",
        advanced=True,
    )
    writer_cpus: str = setting(
        "all",
        "CPUs the ledger's child process may run on (`0,2-3`, or `all` that the container "
        "allows); empty: its worker's.",
        env="LEDGER_WRITER_CPUS",
        advanced=True,
        max_length=200,
    )

    @field_validator("writer_cpus")
    @classmethod
    def _cpu_list(cls, value: str) -> str:
        cpu_set(value)
        return value

    sweep_seconds: float = setting(
        3600.0,
        "Seconds between each worker's deletions of predictions past the retention.",
        env="LEDGER_SWEEP_SECONDS",
        advanced=True,
        gt=0,
    )
    experiments_cache_seconds: float = setting(
        60.0,
        "Seconds GET /api/v1/experiments/{name} reuses a model's report (0: never).",
        advanced=True,
        ge=0,
        le=3600,
    )


class MonitoringSettings(Group):
    """Error reports and metrics."""

    sentry_dsn: SecretStr | None = setting(
        None, "Sentry DSN for error reports (no request bodies or local variables are sent)."
    )
    sentry_environment: str | None = setting(
        None, "Environment name shown in Sentry; unset: ENVIRONMENT."
    )
    prometheus_multiproc_dir: Path | None = setting(
        None,
        "Prometheus multiprocess directory every worker writes to, emptied at start; unset: a "
        "temp folder per port.",
    )
