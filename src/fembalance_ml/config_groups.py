"""The groups of settings (config.Settings nests one of each), with what each setting does.

Each field reads the environment variable named in its `env` extra, or its own name in
upper case; the names are those of the flat settings of 1.0-1.6, so no deployment changes.
Fields marked `advanced` are internal tuning knobs: their defaults are measured, and the
settings reference (docs/SETTINGS.md) lists them apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import NoDecode


def _project_root() -> Path:
    """The checkout this package runs from, or the working directory of an installed one."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "pyproject.toml").is_file() else Path.cwd()


PROJECT_ROOT = _project_root()
# Development only: production refuses to start with it (config._production_is_locked_down).
DEVELOPMENT_PSEUDONYM_KEY = "development-only-pseudonym-key"

CsvList = Annotated[list[str], NoDecode]
SecretList = Annotated[list[SecretStr], NoDecode]


def _split_csv(value: object) -> object:
    """Accept `a,b,c` (the deployment guide's form) as well as a JSON list."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


def setting(
    default: Any, description: str, *, env: str = "", advanced: bool = False, **rules: Any
) -> Any:
    """A field that says what it does, which variable sets it, and whether it is a knob.

    `default` may be a zero-argument callable (a default factory) for a mutable default.
    """
    extra: dict[str, Any] = {"advanced": advanced}
    if env:
        extra["env"] = env
    if callable(default):
        return Field(
            default_factory=default, description=description, json_schema_extra=extra, **rules
        )
    return Field(default, description=description, json_schema_extra=extra, **rules)


class Group(BaseModel):
    """One group of settings; only the names it declares."""

    model_config = ConfigDict(extra="forbid")


class ServerSettings(Group):
    """The HTTP server: where Gunicorn listens, its workers, logs and request size."""

    host: str = setting("127.0.0.1", "Interface Gunicorn binds: 0.0.0.0 in containers.")
    port: int = setting(8000, "Port Gunicorn binds.", ge=1, le=65535)
    debug: bool = setting(
        False,
        "Raises the log level to DEBUG (never stack traces in answers); production refuses it.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = setting(
        "INFO", "Lowest level of the JSON log lines written."
    )
    max_workers: int = setting(2, "Gunicorn worker processes: one per CPU core.", ge=1, le=64)
    worker_timeout: int = setting(
        30, "Seconds a worker may stay silent before the master restarts it.", ge=1
    )
    keep_alive: int = setting(
        5,
        "Seconds an idle keep-alive connection stays open (nginx's upstream keepalive_timeout "
        "must stay below it).",
        advanced=True,
        ge=0,
    )
    max_body_bytes: int = setting(
        1_048_576,
        "Largest request body in bytes; nginx's client_max_body_size matches it.",
        advanced=True,
        ge=1024,
    )


class CorsSettings(Group):
    """What browsers may send from other origins (comma-separated lists or JSON lists)."""

    origins: CsvList = setting(
        lambda: ["http://localhost:3000"],
        "Origins browsers may call from; production refuses '*'.",
        env="ALLOWED_ORIGINS",
    )
    methods: CsvList = setting(
        lambda: ["GET", "POST"], "HTTP methods allowed across origins.", env="ALLOWED_METHODS"
    )
    headers: CsvList = setting(
        lambda: [
            "Authorization",
            "Content-Type",
            "X-Request-ID",
            "Idempotency-Key",
            "If-None-Match",
            "traceparent",
        ],
        "Request headers allowed across origins.",
        env="ALLOWED_HEADERS",
    )

    @field_validator("origins", "methods", "headers", mode="before")
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)


class SecuritySettings(Group):
    """Who may call, and the keys that keep people's data apart from their identities."""

    api_key_required: bool = setting(
        False, "Whether prediction routes need an API key or a browser token."
    )
    valid_api_keys: SecretList = setting(
        list,
        "Keys accepted as `Authorization: Bearer <key>`, comma-separated; two allow rotation.",
    )
    admin_api_keys: SecretList = setting(
        list, "Keys for the admin endpoints (model reload, reports); none closes them."
    )
    pseudonym_key: SecretStr = setting(
        SecretStr(DEVELOPMENT_PSEUDONYM_KEY),
        "HMAC key that pseudonymises user_id in logs, caches and A/B assignment; keep it "
        "stable (changing it reshuffles A/B groups).",
    )
    browser_token_key: SecretStr | None = setting(
        None,
        "Signs the short-lived browser tokens the product's backend mints; unset, no token is "
        "accepted.",
    )

    @field_validator("valid_api_keys", "admin_api_keys", mode="before")
    @classmethod
    def _keys(cls, value: object) -> object:
        return _split_csv(value)


class ModelsSettings(Group):
    """The models tree, which version of each model to serve, and A/B tests."""

    path: Path = setting(
        PROJECT_ROOT / "models",
        "Root of the models tree (`<MODEL_PATH>/<name>/<version>/`); read-only at run time. "
        "Unset: `models/` of the checkout, or of the working directory for a package "
        "installed with pip (the wheel holds no models). `serve --models PATH` sets it.",
        env="MODEL_PATH",
    )
    # After validation keyed by model name (config.Settings._models_are_known).
    versions: dict[str, str] = setting(
        dict,
        "Each model's version folder or `latest`, keyed by model name or route alias: "
        "MODEL_VERSIONS__PCOS=v2.3.0, or one JSON object. An unknown model stops start-up.",
        env="MODEL_VERSIONS",
    )
    data_dir: Path = setting(
        PROJECT_ROOT.parent / "shared" / "data", "Training data (only training commands read it)."
    )
    experiments_file: Path | None = setting(
        None, "A/B tests (JSON); unset: `<MODEL_PATH>/experiments.json`, none when absent."
    )
    watch_seconds: float = setting(
        10.0,
        "Seconds between checks for a new version under MODEL_PATH (0 turns reloading off).",
        env="MODEL_WATCH_SECONDS",
        advanced=True,
        ge=0,
    )

    @property
    def experiments_path(self) -> Path:
        """Where A/B tests are configured: EXPERIMENTS_FILE or models/experiments.json."""
        return self.experiments_file or self.path / "experiments.json"


class InferenceSettings(Group):
    """How predictions are computed: the backend, the device and the worker's thread pool."""

    backend: Literal["auto", "sklearn", "onnx", "torch"] = setting(
        "auto",
        "auto: ONNX Runtime on the CPU (torch on the GPU when DEVICE=cuda); sklearn: the "
        "reference objects; torch: torch modules on DEVICE.",
        env="INFERENCE_BACKEND",
    )
    device: Literal["auto", "cpu", "cuda"] = setting(
        "auto", "auto, cpu or cuda; cuda without a GPU (or torch) stops start-up."
    )
    threads: int = setting(
        1,
        "Threads per worker that run single predictions off the event loop (Python runs "
        "one thread at a time: more threads add hand-overs, not speed).",
        env="PREDICTION_THREADS",
        advanced=True,
        ge=1,
        le=32,
    )
    batch_threads: int = setting(
        2,
        "Threads per worker that run batches and experiment reports, apart from single "
        "predictions (a long batch never holds up a single prediction's thread); two, so "
        "that a small batch shares the time with a long one instead of waiting for it.",
        env="BATCH_THREADS",
        advanced=True,
        ge=1,
        le=32,
    )
    capacity: int = setting(
        32,
        "Predictions that may wait or run at once in a worker before new ones get 503 busy.",
        env="PREDICTION_CAPACITY",
        advanced=True,
        ge=1,
        le=10_000,
    )


class BatchSettings(Group):
    """Bounds of one POST /api/v1/predict/batch request."""

    max_items: int = setting(1000, "Most items in one batch request.", env="BATCH_MAX_ITEMS", ge=1)
    max_cost: int = setting(
        20_000,
        "Most estimated work in one batch, in PCOS-item units (api/batch_cost.py); over it: 413.",
        env="BATCH_MAX_COST",
        advanced=True,
        ge=1,
    )


class I18nSettings(Group):
    """The languages answers are written in (negotiated from each request's Accept-Language)."""

    pseudo_locale: bool = setting(
        False,
        "Also offer the pseudo-language en-XA (every text bracketed and accented), to prove "
        "in tests that no text escapes the catalogs; production refuses it.",
        env="I18N_PSEUDO_LOCALE",
    )
