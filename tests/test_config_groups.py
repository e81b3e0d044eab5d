"""Grouped settings under their flat names: the reference, the examples and the deprecations.

Settings nest (settings.server.port) but read PORT, as every deployment has since 1.0; the
reference in docs/SETTINGS.md is the model written out; .env.example and the k8s manifests
name only real settings; a deprecated setting starts the service with a warning that names
it, never its value.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import structlog
import yaml
from pydantic import SecretStr

from fembalance_ml.config import PROJECT_ROOT, Settings, SettingsError, load_settings
from fembalance_ml.config_env import (
    DEPRECATIONS,
    deprecation_warnings,
    flat_fields,
    warn_deprecated,
)
from fembalance_ml.config_groups import ServerSettings
from fembalance_ml.config_reference import render

# Read by gunicorn/uvicorn themselves, not by Settings (.env.example says so).
NOT_SETTINGS = {"FORWARDED_ALLOW_IPS"}
NAMES = {name.upper() for name in flat_fields(Settings)}
SECRETS = {"VALID_API_KEYS", "ADMIN_API_KEYS", "PSEUDONYM_KEY", "BROWSER_TOKEN_KEY"}
SECRETS |= {"DATABASE_URL", "SENTRY_DSN", "BACKEND_API_KEY"}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting of the developer's shell leaks into these tests."""
    for name in list(os.environ):
        if name.upper().split("__")[0] in NAMES:
            monkeypatch.delenv(name)


def test_each_variable_sets_one_grouped_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment and keyword arguments take the flat names and fill the groups."""
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("CACHE_TTL_SECONDS", "5")
    monkeypatch.setenv("ALLOWED_ORIGINS", "https://a.org,https://b.org")
    monkeypatch.setenv("PREDICTION_THREADS", "3")
    monkeypatch.setenv("RATE_LIMIT_OVERRIDES__BATCH", "6/minute")
    settings = Settings(_env_file=None, ledger_retention_days=7)  # type: ignore[call-arg]
    assert settings.server.port == 9001
    assert settings.cache.ttl_seconds == 5
    assert settings.cors.origins == ["https://a.org", "https://b.org"]
    assert settings.inference.threads == 3
    assert settings.rate_limits.overrides == {"batch": "6/minute"}
    assert settings.ledger.retention_days == 7
    # The variables of 1.5, every one still read, and I18N_PSEUDO_LOCALE,
    # IDEMPOTENCY_TTL_SECONDS and IDEMPOTENCY_LOCAL_ITEMS (issue 26), LEDGER_WRITER_PROCESS
    # and LEDGER_WRITER_CPUS, BATCH_THREADS (issue 24).
    assert len(NAMES) == 61


def test_a_keyword_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_FLUSH_SECONDS", "2")
    assert Settings(ledger_flush_seconds=0.25).ledger.flush_seconds == 0.25
    assert Settings().ledger.flush_seconds == 2


def test_a_group_passed_whole_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("HOST", "0.0.0.0")
    settings = Settings(server={"port": 9100})
    assert (settings.server.host, settings.server.port) == ("0.0.0.0", 9100)
    assert Settings(server=ServerSettings()).server.port == 8000


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CACHE_TTL_SECONDS", "0"),
        ("ALLOWED_ORIGINS", "[not json"),
        ("MODEL_WATCH_SECONDS", "-1"),
        ("LEDGER_QUEUE_ITEMS", "many"),
        ("REDIS_SOCKET_TIMEOUT", "60"),
        ("INFERENCE_BACKEND", "tensorflow"),
    ],
)
def test_an_invalid_value_is_named_by_its_variable(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=rf"^invalid settings: {variable}:") as refused:
        load_settings(tmp_path)
    assert value not in str(refused.value)


def test_every_secret_stays_hidden() -> None:
    """Secrets are SecretStr wherever they sit in the groups."""
    settings = Settings(
        valid_api_keys="k-one",
        admin_api_keys="k-admin",
        browser_token_key="k-token",
        database_url="postgresql://u:p@h/db",
        sentry_dsn="https://k@sentry/1",
        backend_api_key="k-backend",
    )
    fields = flat_fields(Settings)
    for name in SECRETS:
        group, field, _ = fields[name.lower()]
        value = getattr(getattr(settings, group) if group else settings, field)
        values = value if isinstance(value, list) else [value]
        assert values, name
        assert all(isinstance(item, SecretStr) for item in values), name
    assert "k-one" not in repr(settings)
    assert "k-backend" not in repr(settings)


def test_the_reference_is_the_model_written_out() -> None:
    """docs/SETTINGS.md lists every setting; run `python -m fembalance_ml.config_reference`."""
    text = (PROJECT_ROOT / "docs" / "SETTINGS.md").read_text()
    assert text == render(), "docs/SETTINGS.md is stale: python -m fembalance_ml.config_reference"
    assert {f"`{name}`" for name in NAMES} <= set(re.findall(r"`[A-Z_0-9]+`", text))


def test_seventeen_tuning_knobs_are_listed_apart() -> None:
    text = render()
    knobs = text.split("## Advanced: tuning knobs")[1]
    rows = re.findall(r"^\| `([A-Z_0-9]+)` \|", knobs, flags=re.MULTILINE)
    # IDEMPOTENCY_LOCAL_ITEMS the fourteenth (issue 26), then LEDGER_WRITER_PROCESS,
    # LEDGER_WRITER_CPUS and BATCH_THREADS (issue 24).
    assert len(rows) == 17
    assert {"LEDGER_FLUSH_SECONDS", "REDIS_SOCKET_TIMEOUT", "PREDICTION_CAPACITY"} <= set(rows)
    before = text.split("## Advanced: tuning knobs")[0]
    assert not set(rows) & set(re.findall(r"^\| `([A-Z_0-9]+)` \|", before, flags=re.MULTILINE))


def _named(text: str) -> set[str]:
    """Variables a .env file sets or shows commented out, `__` suffixes dropped."""
    names = re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE)
    return {name.split("__")[0] for name in names}


def test_env_example_names_only_real_settings() -> None:
    named = _named((PROJECT_ROOT / ".env.example").read_text())
    assert named - NOT_SETTINGS <= NAMES
    assert not {"BACKEND_API_URL", "BACKEND_API_KEY"} & named


@pytest.mark.parametrize("manifest", ["configmap.yaml", "examples/secret.yaml"])
def test_kubernetes_sets_only_real_settings(manifest: str) -> None:
    (document, *_) = yaml.safe_load_all((PROJECT_ROOT / "k8s" / manifest).read_text())
    keys = set(document.get("data") or document.get("stringData") or {})
    assert keys
    assert {key.split("__")[0] for key in keys} - NOT_SETTINGS <= NAMES
    assert not {"BACKEND_API_URL", "BACKEND_API_KEY"} & keys


@pytest.mark.parametrize("variable", sorted(DEPRECATIONS))
def test_a_deprecated_setting_is_read_with_a_warning(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its name, since when and its replacement are logged; its value never is."""
    value = "true" if variable == "LEAN_PATH_ENABLED" else "v9.9.9-a-value-to-hide"
    monkeypatch.setenv(variable, value)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.deprecated.in_use() == [variable]
    (warning,) = deprecation_warnings(settings.deprecated)
    entry = DEPRECATIONS[variable]
    assert warning["code"] == "deprecated_setting"
    assert (warning["setting"], warning["since"], warning["replacement"]) == (
        variable,
        entry.since,
        entry.replacement,
    )
    assert variable in str(warning["message"])
    if entry.replacement:
        assert entry.replacement in str(warning["message"])
    assert value not in repr(warning)


def test_the_warning_goes_to_the_log_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKEND_API_URL", "http://backend.internal:8080")
    monkeypatch.setenv("PCOS_MODEL_VERSION", "v2.1.0")
    with structlog.testing.capture_logs() as logs:
        warn_deprecated(Settings(_env_file=None).deprecated)  # type: ignore[call-arg]
    assert [(line["log_level"], line["event"], line["setting"]) for line in logs] == [
        ("warning", "deprecated_setting", "PCOS_MODEL_VERSION"),
        ("warning", "deprecated_setting", "BACKEND_API_URL"),
    ]
    assert "backend.internal" not in repr(logs)
    assert logs[0]["replacement"] == "MODEL_VERSIONS__PCOS"


def test_no_warning_when_no_deprecated_setting_is_set() -> None:
    assert deprecation_warnings(Settings(_env_file=None).deprecated) == []  # type: ignore[call-arg]


def test_a_retired_backend_key_no_longer_stops_production() -> None:
    """BACKEND_API_KEY configures nothing: a placeholder in it is a warning, not a refusal."""
    production = {
        "environment": "production",
        "api_key_required": True,
        "valid_api_keys": "k1-a-long-secret-of-32-characters",
        "allowed_origins": "https://app.example.org",
        "pseudonym_key": "a-production-secret-of-its-own-32-characters",
    }
    settings = Settings(**production, backend_api_key="PLACEHOLDER-replace-me")
    assert settings.deprecated.in_use() == ["BACKEND_API_KEY"]
