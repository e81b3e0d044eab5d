"""One settings object for the whole service, read from the environment and .env files.

Profiles: `.env` holds what every environment shares, `.env.<environment>` what one
environment overrides (development, staging, production). Real environment variables win
over both. Nothing else in the project reads `os.environ`.

The settings are grouped (settings.server.port, settings.cache.ttl_seconds; the groups and
what each setting does are in config_groups.py and config_stores.py, the reference in
docs/SETTINGS.md) but read from the flat environment names of 1.0-1.6 (PORT,
CACHE_TTL_SECONDS), which config_env.py maps onto the groups.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from fembalance_ml.config_env import DeprecatedSettings, describe_invalid, flat_sources, nest
from fembalance_ml.config_groups import (
    DEVELOPMENT_PSEUDONYM_KEY,
    PROJECT_ROOT,
    BatchSettings,
    CorsSettings,
    I18nSettings,
    InferenceSettings,
    ModelsSettings,
    SecuritySettings,
    ServerSettings,
)
from fembalance_ml.config_stores import (
    CacheSettings,
    IdempotencySettings,
    LedgerSettings,
    MonitoringSettings,
    RateLimitSettings,
    RedisSettings,
)

__all__ = ["PROJECT_ROOT", "Settings", "SettingsError", "get_settings", "load_settings"]

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


def _is_placeholder(value: str) -> bool:
    """Whether a secret still reads like the example it was copied from."""
    lowered = value.lower()
    return any(marker in lowered for marker in _PLACEHOLDER_MARKERS)


class Settings(BaseSettings):
    """Every setting of the deployment guide, grouped, with safe defaults for development."""

    # `__` reads nested keys: MODEL_VERSIONS__PCOS=v2.3.0 is models.versions["pcos"]. No
    # other setting's name holds `__`, so none reads differently for it.
    model_config = SettingsConfigDict(
        extra="ignore", case_sensitive=False, env_nested_delimiter="__"
    )

    environment: Environment = Field(
        "development",
        description="development, staging or production: picks the `.env.<environment>` "
        "profile; production refuses development switches and weak secrets.",
        json_schema_extra={"advanced": False},
    )
    server: ServerSettings = Field(default_factory=ServerSettings)
    cors: CorsSettings = Field(default_factory=CorsSettings)
    i18n: I18nSettings = Field(default_factory=I18nSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    models: ModelsSettings = Field(default_factory=ModelsSettings)
    inference: InferenceSettings = Field(default_factory=InferenceSettings)
    batch: BatchSettings = Field(default_factory=BatchSettings)
    rate_limits: RateLimitSettings = Field(default_factory=RateLimitSettings)
    redis: RedisSettings = Field(default_factory=RedisSettings)
    cache: CacheSettings = Field(default_factory=CacheSettings)
    idempotency: IdempotencySettings = Field(default_factory=IdempotencySettings)
    ledger: LedgerSettings = Field(default_factory=LedgerSettings)
    monitoring: MonitoringSettings = Field(default_factory=MonitoringSettings)
    deprecated: DeprecatedSettings = Field(default_factory=DeprecatedSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Read the flat environment names (PORT, not SERVER__PORT): see config_env."""
        return flat_sources(settings_cls, init_settings, dotenv_settings)

    @model_validator(mode="before")
    @classmethod
    def _nest(cls, data: Any) -> Any:
        """`Settings(port=8001)` and PORT=8001 both set server.port."""
        return nest(cls, data)

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
        security = self.security
        if self.server.debug:
            problems.append("DEBUG must be false")
        if not security.api_key_required:
            problems.append("API_KEY_REQUIRED must be true")
        if not security.valid_api_keys:
            problems.append("VALID_API_KEYS must name at least one key")
        if "*" in self.cors.origins:
            problems.append("ALLOWED_ORIGINS must not contain '*'")
        if self.i18n.pseudo_locale:
            problems.append("I18N_PSEUDO_LOCALE must be false")
        if security.pseudonym_key.get_secret_value() == DEVELOPMENT_PSEUDONYM_KEY:
            problems.append("PSEUDONYM_KEY must be set to a secret of its own")
        return problems

    def _weak_secret_problems(self) -> list[str]:
        """Secrets that are example placeholders or too short to resist guessing."""
        security = self.security
        token_key = security.browser_token_key
        secrets: dict[str, list[SecretStr]] = {
            "VALID_API_KEYS": security.valid_api_keys,
            "ADMIN_API_KEYS": security.admin_api_keys,
            "PSEUDONYM_KEY": [security.pseudonym_key],
            "BROWSER_TOKEN_KEY": [token_key] if token_key else [],
        }
        problems = []
        for name, values in secrets.items():
            texts = [value.get_secret_value() for value in values]
            if any(_is_placeholder(text) for text in texts):
                problems.append(f"{name} holds an example placeholder, not a secret")
            elif any(len(text) < MIN_SECRET_CHARS for text in texts):
                problems.append(f"{name} needs keys of at least {MIN_SECRET_CHARS} characters")
        # The ledger's URL: its form is not ours to choose, a placeholder is a mistake.
        url = self.ledger.database_url
        if url is not None and _is_placeholder(url.get_secret_value()):
            problems.append("DATABASE_URL holds an example placeholder, not a secret")
        return problems

    def check_models(self, catalogue: ModelCatalogue) -> None:
        """SettingsError when a setting names a model (or route) the catalogue does not
        serve, or sets one model's version twice; the message names the setting and the
        key, never a value. The app calls it when it is created."""
        self.versions_by_name(catalogue)
        for key in self.cache.models or ():
            if _route_of(catalogue, key) is None:
                raise SettingsError(f"CACHE_MODELS names no served model {key!r}")
        for key in self.rate_limits.overrides:
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
        for key, value in self.models.versions.items():
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
            value = getattr(self.deprecated, setting)
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
        if self.cache.models is None:
            return {spec.route for spec in catalogue.specs() if spec.cacheable}
        routes = (_route_of(catalogue, key) for key in self.cache.models)
        return {route for route in routes if route is not None}

    def route_limit_overrides(self, catalogue: ModelCatalogue) -> dict[str, str]:
        """RATE_LIMIT_OVERRIDES keyed by route alias (`cycle`, `batch`, `outcomes`), names
        accepted."""
        return {
            _route_of(catalogue, key) or key.lower(): limit
            for key, limit in self.rate_limits.overrides.items()
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
        raise SettingsError(describe_invalid(Settings, error)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
