"""One settings object for the whole service, read from the environment and .env files.

Profiles: `.env` holds what every environment shares, `.env.<environment>` what one
environment overrides (development, staging, production). Real environment variables win
over both. Nothing else in the project reads `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Protocol

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _project_root() -> Path:
    """The checkout this package runs from, or the working directory of an installed one."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "pyproject.toml").is_file() else Path.cwd()


PROJECT_ROOT = _project_root()
# Development only: production refuses to start with it (see _production_is_locked_down).
DEVELOPMENT_PSEUDONYM_KEY = "development-only-pseudonym-key"
Environment = Literal["development", "staging", "production"]
# Shortest secret production accepts: `openssl rand -hex 32` gives 64 characters.
MIN_SECRET_CHARS = 32
# Words that mark a value copied from an example (k8s/examples, .env.example), not a secret.
_PLACEHOLDER_MARKERS = ("placeholder", "change-me", "changeme", "replace-me")


LATEST = "latest"
BATCH_ROUTE = "batch"
# The ledger's routes with a rate limit of their own (api/routes/outcomes.py), and the
# limit of those whose default is not RATE_LIMIT_DEFAULT: a report costs far more than
# a prediction.
LEDGER_ROUTES = ("outcomes", "erasures", "experiments")
LEDGER_ROUTE_LIMITS = {"experiments": "30/minute"}
# The per-model version settings MODEL_VERSIONS replaced, and the model each one sets.
DEPRECATED_VERSION_SETTINGS = {
    "pcos_model_version": "pcos",
    "cycle_model_version": "cycle_prediction",
    "symptom_model_version": "symptom_analysis",
}


class CatalogueModel(Protocol):
    """What settings need to know of one served model (a serving.spec.ModelSpec is one)."""

    @property
    def name(self) -> str: ...

    @property
    def route(self) -> str: ...

    @property
    def names(self) -> tuple[str, ...]: ...

    @property
    def cacheable(self) -> bool: ...


class ModelCatalogue(Protocol):
    """The served models, as the settings that name models check them (a
    serving.registry.ModelRegistry is one). Settings import no serving module: the app
    hands its models in when it is created."""

    def specs(self) -> Sequence[CatalogueModel]: ...

    def find(self, key: str) -> CatalogueModel | None: ...


def _route_of(catalogue: ModelCatalogue, key: str) -> str | None:
    """The route alias of the model `key` names (by name or alias), or None."""
    spec = catalogue.find(key)
    return spec.route if spec is not None else None


def _name_of(catalogue: ModelCatalogue, key: str) -> str | None:
    """The name of the model `key` names (by name or alias), or None."""
    spec = catalogue.find(key)
    return spec.name if spec is not None else None


def _routes(catalogue: ModelCatalogue) -> list[str]:
    """Every model's route alias, in the catalogue's order."""
    return [spec.route for spec in catalogue.specs()]


def _model_keys(catalogue: ModelCatalogue) -> list[str]:
    """Every accepted MODEL_VERSIONS key, as an environment variable suffix."""
    return [key.upper() for spec in catalogue.specs() for key in spec.names]


class SettingsError(Exception):
    """Settings that cannot start the service; the message names settings, never values.

    Not a ValueError on purpose: pydantic would wrap one in a ValidationError whose text
    repeats every input value, secrets included.
    """


CsvList = Annotated[list[str], NoDecode]


def _split_csv(value: object) -> object:
    """Accept `a,b,c` (the deployment guide's form) as well as a JSON list."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


def _is_placeholder(value: str) -> bool:
    """Whether a secret still reads like the example it was copied from."""
    lowered = value.lower()
    return any(marker in lowered for marker in _PLACEHOLDER_MARKERS)


class Settings(BaseSettings):
    """Every setting of the deployment guide, with safe defaults for development."""

    # `__` reads nested keys: MODEL_VERSIONS__PCOS=v2.3.0 is model_versions["pcos"]. No
    # other setting's name holds `__`, so none reads differently for it.
    model_config = SettingsConfigDict(
        extra="ignore", case_sensitive=False, env_nested_delimiter="__"
    )

    environment: Environment = "development"
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    debug: bool = False
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    allowed_origins: CsvList = Field(default_factory=lambda: ["http://localhost:3000"])
    allowed_methods: CsvList = Field(default_factory=lambda: ["GET", "POST"])
    allowed_headers: CsvList = Field(
        default_factory=lambda: ["Authorization", "Content-Type", "X-Request-ID"]
    )

    model_path: Path = PROJECT_ROOT / "models"
    data_dir: Path = PROJECT_ROOT.parent / "shared" / "data"
    # The version (or `latest`) each model serves, keyed by its name or route alias
    # (MODEL_VERSIONS__CYCLE_PREDICTION or MODEL_VERSIONS__CYCLE), as given; served_versions
    # keys it by name. A model not in it serves `latest`. Unknown keys refuse to start.
    model_versions: dict[str, str] = Field(default_factory=dict)
    # Deprecated since 1.3.0, still read: MODEL_VERSIONS__<MODEL> replaces them.
    pcos_model_version: str | None = None
    cycle_model_version: str | None = None
    symptom_model_version: str | None = None

    database_url: SecretStr | None = None
    redis_url: str | None = None
    sentry_dsn: SecretStr | None = None

    max_workers: int = Field(2, ge=1, le=64)
    worker_timeout: int = Field(30, ge=1)
    keep_alive: int = Field(5, ge=0)

    api_key_required: bool = False
    valid_api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    backend_api_url: str | None = None
    backend_api_key: SecretStr | None = None

    prometheus_multiproc_dir: Path | None = None
    experiments_file: Path | None = None
    model_watch_seconds: float = Field(10.0, ge=0)

    admin_api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    pseudonym_key: SecretStr = SecretStr(DEVELOPMENT_PSEUDONYM_KEY)
    # Signs the short-lived browser tokens the product's backend mints (security/tokens.py);
    # unset, no token is accepted.
    browser_token_key: SecretStr | None = None

    rate_limit_enabled: bool = True
    rate_limit_default: str = "600/minute"
    rate_limit_overrides: dict[str, str] = Field(default_factory=dict)
    redis_socket_timeout: float = Field(0.05, gt=0, le=5)

    cache_enabled: bool = True
    cache_ttl_seconds: int = Field(3600, ge=1)
    # Models whose answers are cached, by name or route alias; unset: the models whose
    # spec says `cacheable` (cycle and symptoms).
    cache_models: CsvList | None = None
    cache_local_items: int = Field(4096, ge=0)

    sentry_environment: str | None = None

    # CPU work off the event loop (api/offload.py): threads per worker, and how many
    # predictions may wait or run at once before new ones get 503 busy.
    prediction_threads: int = Field(2, ge=1, le=32)
    prediction_capacity: int = Field(32, ge=1, le=10_000)

    max_body_bytes: int = Field(1_048_576, ge=1024)
    # Deprecated since 1.6.0, accepted and ignored (a warning at start-up): every
    # prediction takes the one request path (api/prediction_route.py).
    lean_path_enabled: bool | None = None
    batch_max_items: int = Field(1000, ge=1)
    # Most estimated work in one batch, in PCOS-item units (api/batch_cost.py weighs items).
    batch_max_cost: int = Field(20_000, ge=1)

    # auto: ONNX Runtime on the CPU (torch on the GPU when DEVICE=cuda); see serving/backends.
    inference_backend: Literal["auto", "sklearn", "onnx", "torch"] = "auto"
    device: Literal["auto", "cpu", "cuda"] = "auto"

    # The prediction ledger (ledger/): the embedded SQLite file lives under STATE_DIR unless
    # DATABASE_URL names another database (PostgreSQL in production).
    ledger_enabled: bool = True
    state_dir: Path = PROJECT_ROOT / ".state"
    ledger_retention_days: int = Field(180, ge=1)
    ledger_queue_items: int = Field(10_000, ge=1)
    ledger_batch_items: int = Field(500, ge=1)
    # A SIGKILLed worker loses the answers of its last flush interval (docs/RELIABILITY.md).
    ledger_flush_seconds: float = Field(0.5, gt=0)
    ledger_sweep_seconds: float = Field(3600.0, gt=0)
    # How long GET /api/v1/experiments/{name} reuses a model's report (0: never).
    experiments_cache_seconds: float = Field(60.0, ge=0, le=3600)

    @field_validator(
        "allowed_origins", "allowed_methods", "allowed_headers", "cache_models", mode="before"
    )
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("valid_api_keys", "admin_api_keys", mode="before")
    @classmethod
    def _keys(cls, value: object) -> object:
        return _split_csv(value)

    @model_validator(mode="after")
    def _production_is_locked_down(self) -> Settings:
        if self.environment != "production":
            return self
        problems = self._lock_down_problems() + self._weak_secret_problems()
        if problems:
            raise SettingsError("refusing to start in production: " + "; ".join(problems))
        return self

    def _lock_down_problems(self) -> list[str]:
        """Production switches that are set the development way."""
        problems = []
        if self.debug:
            problems.append("DEBUG must be false")
        if not self.api_key_required:
            problems.append("API_KEY_REQUIRED must be true")
        if not self.valid_api_keys:
            problems.append("VALID_API_KEYS must name at least one key")
        if "*" in self.allowed_origins:
            problems.append("ALLOWED_ORIGINS must not contain '*'")
        if self.pseudonym_key.get_secret_value() == DEVELOPMENT_PSEUDONYM_KEY:
            problems.append("PSEUDONYM_KEY must be set to a secret of its own")
        return problems

    def _weak_secret_problems(self) -> list[str]:
        """Secrets that are example placeholders or too short to resist guessing."""
        secrets: dict[str, list[SecretStr]] = {
            "VALID_API_KEYS": self.valid_api_keys,
            "ADMIN_API_KEYS": self.admin_api_keys,
            "PSEUDONYM_KEY": [self.pseudonym_key],
            "BROWSER_TOKEN_KEY": [self.browser_token_key] if self.browser_token_key else [],
        }
        problems = []
        for name, values in secrets.items():
            texts = [value.get_secret_value() for value in values]
            if any(_is_placeholder(text) for text in texts):
                problems.append(f"{name} holds an example placeholder, not a secret")
            elif any(len(text) < MIN_SECRET_CHARS for text in texts):
                problems.append(f"{name} needs keys of at least {MIN_SECRET_CHARS} characters")
        # Another service's key and the ledger's URL: their form is not ours to choose, a
        # placeholder is a mistake.
        for name, value in (
            ("BACKEND_API_KEY", self.backend_api_key),
            ("DATABASE_URL", self.database_url),
        ):
            if value is not None and _is_placeholder(value.get_secret_value()):
                problems.append(f"{name} holds an example placeholder, not a secret")
        return problems

    @property
    def models_experiments_file(self) -> Path:
        """Where A/B tests are configured: EXPERIMENTS_FILE or models/experiments.json."""
        return self.experiments_file or self.model_path / "experiments.json"

    def check_models(self, catalogue: ModelCatalogue) -> None:
        """SettingsError when a setting names a model (or route) the catalogue does not
        serve, or sets one model's version twice; the message names the setting and the
        key, never a value. The app calls it when it is created."""
        self.versions_by_name(catalogue)
        for key in self.cache_models or ():
            if _route_of(catalogue, key) is None:
                raise SettingsError(f"CACHE_MODELS names no served model {key!r}")
        for key in self.rate_limit_overrides:
            named = key.lower() == BATCH_ROUTE or key.lower() in LEDGER_ROUTES
            if not named and _route_of(catalogue, key) is None:
                routes = [*_routes(catalogue), BATCH_ROUTE, *LEDGER_ROUTES]
                raise SettingsError(
                    f"RATE_LIMIT_OVERRIDES names no rate-limited route {key!r}; "
                    f"routes: {', '.join(routes)}"
                )

    def versions_by_name(self, catalogue: ModelCatalogue) -> dict[str, str]:
        """MODEL_VERSIONS (keyed by name or alias) and the deprecated per-model settings,
        keyed by model name; SettingsError for a model the catalogue does not serve."""
        versions: dict[str, str] = {}
        for key, value in self.model_versions.items():
            name = _name_of(catalogue, key)
            if name is None:
                raise SettingsError(
                    f"MODEL_VERSIONS names no served model {key.upper()!r}; "
                    f"keys: {', '.join(_model_keys(catalogue))}"
                )
            if versions.get(name, value) != value:
                raise SettingsError(f"MODEL_VERSIONS sets {name} twice, to different versions")
            versions[name] = value
        for setting, name in DEPRECATED_VERSION_SETTINGS.items():
            value = getattr(self, setting)
            if value is None:
                continue
            if versions.get(name, value) != value:
                raise SettingsError(
                    f"MODEL_VERSIONS and the deprecated {setting.upper()} disagree on "
                    f"{name}: set MODEL_VERSIONS only"
                )
            versions[name] = value
        return versions

    def served_versions(self, catalogue: ModelCatalogue) -> dict[str, str]:
        """The version (or `latest`) to serve of every catalogued model, by model name."""
        versions = self.versions_by_name(catalogue)
        return {spec.name: versions.get(spec.name, LATEST) for spec in catalogue.specs()}

    def cached_routes(self, catalogue: ModelCatalogue) -> set[str]:
        """The route aliases of the models whose answers are cached (CACHE_MODELS; unset:
        the models whose spec says `cacheable`)."""
        if self.cache_models is None:
            return {spec.route for spec in catalogue.specs() if spec.cacheable}
        routes = (_route_of(catalogue, key) for key in self.cache_models)
        return {route for route in routes if route is not None}

    def route_limit_overrides(self, catalogue: ModelCatalogue) -> dict[str, str]:
        """RATE_LIMIT_OVERRIDES keyed by route alias (`cycle`, `batch`, `outcomes`), names
        accepted."""
        return {
            _route_of(catalogue, key) or key.lower(): limit
            for key, limit in self.rate_limit_overrides.items()
        }


def env_files(root: Path = PROJECT_ROOT) -> tuple[Path, ...]:
    """The .env files to read, shared first, the environment's own profile last."""
    shared = root / ".env"
    environment = os.environ.get("ENVIRONMENT") or dotenv_values(shared).get("ENVIRONMENT")
    return (shared, root / f".env.{environment or 'development'}")


def load_settings(root: Path = PROJECT_ROOT) -> Settings:
    """Build settings from the environment and the profile files under `root`.

    Raises SettingsError naming the settings at fault; pydantic's own error would print
    the input values, and the input holds every secret.
    """
    try:
        return Settings(_env_file=env_files(root))
    except ValidationError as error:
        # `from None`: a chained traceback would print the ValidationError after all.
        raise SettingsError(describe_invalid(error)) from None


def describe_invalid(error: ValidationError) -> str:
    """Which settings are invalid and why, without the values that were given."""
    problems = [
        f"{_setting_name(problem['loc'])}: {problem['msg']}"
        for problem in error.errors(include_url=False, include_input=False, include_context=False)
    ]
    return "invalid settings: " + "; ".join(problems)


def _setting_name(location: tuple[int | str, ...]) -> str:
    """`('valid_api_keys', 0)` -> `VALID_API_KEYS`: the environment variable to fix."""
    return str(location[0]).upper() if location else "(settings)"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
