"""Flat environment names for grouped settings, and the settings that are on their way out.

Settings nests its groups (settings.server.port), but deployments set PORT, VALID_API_KEYS,
MODEL_VERSIONS__PCOS: the names of the flat settings of 1.0-1.6. The sources here read those
names with pydantic-settings' own machinery, run over a flat stand-in class built from the
groups, so JSON values, comma lists, `__` nesting and .env files read exactly as before;
`nest` then files each value under its group.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, NamedTuple

import structlog
from pydantic import BaseModel, SecretStr, ValidationError, create_model
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from fembalance_ml.config_groups import Group, setting

log = structlog.get_logger(__name__)


class Deprecation(NamedTuple):
    """Since when a setting is deprecated, what replaces it, and what it still does."""

    since: str
    replacement: str | None
    effect: str


# By environment name. The replacement is a variable to set instead, None when nothing is.
DEPRECATIONS: dict[str, Deprecation] = {
    "PCOS_MODEL_VERSION": Deprecation("1.3.0", "MODEL_VERSIONS__PCOS", "still read"),
    "CYCLE_MODEL_VERSION": Deprecation("1.3.0", "MODEL_VERSIONS__CYCLE_PREDICTION", "still read"),
    "SYMPTOM_MODEL_VERSION": Deprecation("1.3.0", "MODEL_VERSIONS__SYMPTOM_ANALYSIS", "still read"),
    "LEAN_PATH_ENABLED": Deprecation(
        "1.6.0", None, "ignored: every prediction takes the one request path"
    ),
    "BACKEND_API_URL": Deprecation("1.6.0", None, "no longer used: nothing calls a backend"),
    "BACKEND_API_KEY": Deprecation("1.6.0", None, "no longer used: nothing calls a backend"),
}


def _deprecated(name: str) -> str:
    entry = DEPRECATIONS[name.upper()]
    instead = f"; set {entry.replacement} instead" if entry.replacement else "; remove it"
    return f"Deprecated since {entry.since}, {entry.effect}{instead}."


class DeprecatedSettings(Group):
    """Settings on their way out: each still starts the service, with one warning at start-up."""

    pcos_model_version: str | None = setting(None, _deprecated("pcos_model_version"))
    cycle_model_version: str | None = setting(None, _deprecated("cycle_model_version"))
    symptom_model_version: str | None = setting(None, _deprecated("symptom_model_version"))
    lean_path_enabled: bool | None = setting(None, _deprecated("lean_path_enabled"))
    backend_api_url: str | None = setting(None, _deprecated("backend_api_url"))
    backend_api_key: SecretStr | None = setting(None, _deprecated("backend_api_key"))

    def in_use(self) -> list[str]:
        """The environment names of the deprecated settings that are set."""
        return [name.upper() for name in type(self).model_fields if getattr(self, name) is not None]


def env_name(field_name: str, info: FieldInfo) -> str:
    """The environment variable that sets a field: its `env` extra, or its name upper-cased."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return str(extra.get("env") or field_name.upper())


def group_of(info: FieldInfo) -> type[Group] | None:
    """The group a Settings field nests, or None for a setting of its own."""
    kind = info.annotation
    return kind if isinstance(kind, type) and issubclass(kind, Group) else None


def flat_fields(settings_cls: type[BaseModel]) -> dict[str, tuple[str | None, str, FieldInfo]]:
    """Every setting by lower-case environment name: (group or None, field, its FieldInfo)."""
    flat: dict[str, tuple[str | None, str, FieldInfo]] = {}
    for name, info in settings_cls.model_fields.items():
        group = group_of(info)
        if group is None:
            flat[env_name(name, info).lower()] = (None, name, info)
            continue
        for field, field_info in group.model_fields.items():
            flat[env_name(field, field_info).lower()] = (name, field, field_info)
    return flat


class _FlatBase(BaseSettings):
    """Same reading rules as config.Settings: `__` nests, names in any case, extras ignored."""

    model_config = SettingsConfigDict(
        extra="ignore", case_sensitive=False, env_nested_delimiter="__"
    )


@cache
def _flat_class(settings_cls: type[BaseModel]) -> type[BaseSettings]:
    """A never-instantiated class with one field per environment name, for the sources."""
    fields: dict[str, Any] = {}
    for flat, (_, _, info) in flat_fields(settings_cls).items():
        # NoDecode keeps comma lists raw; every other rule follows from the annotation.
        kind: Any = info.annotation
        if NoDecode in info.metadata:
            kind = Annotated[kind, NoDecode]
        fields[flat] = (kind, None)
    return create_model(f"Flat{settings_cls.__name__}", __base__=_FlatBase, **fields)


def flat_sources(
    settings_cls: type[BaseModel],
    init_settings: PydanticBaseSettingsSource,
    dotenv_settings: PydanticBaseSettingsSource,
) -> tuple[PydanticBaseSettingsSource, ...]:
    """Keyword arguments, then the environment, then the .env files, all by flat name."""
    flat = _flat_class(settings_cls)
    env_file = getattr(dotenv_settings, "env_file", None)
    return (init_settings, EnvSettingsSource(flat), DotEnvSettingsSource(flat, env_file=env_file))


def nest(settings_cls: type[BaseModel], data: object) -> object:
    """File flat names (`port`, `PORT`) under their group; group names pass as they are.

    A flat name beside its group (`server={...}, host=...`) adds to the group; what the
    group names itself wins, so a group passed whole is not overridden by the environment.
    """
    if not isinstance(data, dict):
        return data
    flat = flat_fields(settings_cls)
    nested: dict[str, Any] = {}
    spread: list[tuple[str | None, str, Any]] = []
    for key, value in data.items():
        found = flat.get(str(key).lower())
        if key in settings_cls.model_fields or found is None:
            nested[key] = value
        else:
            spread.append((found[0], found[1], value))
    for group, field, value in spread:
        if group is None:
            nested[field] = value
            continue
        members = nested.get(group, {})
        members = dict(members) if isinstance(members, (dict, BaseModel)) else {}
        nested[group] = {field: value, **members}
    return nested


def setting_name(settings_cls: type[BaseModel], location: tuple[int | str, ...]) -> str:
    """`('security', 'valid_api_keys', 0)` -> `VALID_API_KEYS`: the variable to fix."""
    if not location:
        return "(settings)"
    info = settings_cls.model_fields.get(str(location[0]))
    group = group_of(info) if info is not None else None
    if info is None or group is None or len(location) < 2:
        return env_name(str(location[0]), info) if info is not None else str(location[0]).upper()
    field = group.model_fields.get(str(location[1]))
    return env_name(str(location[1]), field) if field is not None else str(location[1]).upper()


def describe_invalid(settings_cls: type[BaseModel], error: ValidationError) -> str:
    """Which settings are invalid and why, by variable, without the values that were given."""
    problems = [
        f"{setting_name(settings_cls, problem['loc'])}: {problem['msg']}"
        for problem in error.errors(include_url=False, include_input=False, include_context=False)
    ]
    return "invalid settings: " + "; ".join(problems)


def deprecation_warnings(deprecated: DeprecatedSettings) -> list[dict[str, str | None]]:
    """One warning for each deprecated setting that is set: its name, never its value."""
    warnings: list[dict[str, str | None]] = []
    for name in deprecated.in_use():
        entry = DEPRECATIONS[name]
        instead = f" Set {entry.replacement} instead." if entry.replacement else " Remove it."
        warnings.append(
            {
                "code": "deprecated_setting",
                "setting": name,
                "since": entry.since,
                "replacement": entry.replacement,
                "message": f"{name} is deprecated since {entry.since}, {entry.effect}.{instead}",
            }
        )
    return warnings


def warn_deprecated(deprecated: DeprecatedSettings) -> None:
    """Log each deprecated setting in use at start-up, with what replaces it."""
    for warning in deprecation_warnings(deprecated):
        log.warning("deprecated_setting", **warning)
