"""Settings: defaults, list parsing, profiles and the production lock-down."""

from __future__ import annotations

from pathlib import Path

import pytest

from fembalance_ml.config import Settings, SettingsError, env_files, load_settings

SAFE_PRODUCTION = {
    "environment": "production",
    "api_key_required": True,
    "valid_api_keys": "k1-a-long-secret-of-32-characters,k2-a-long-secret-of-32-characters",
    "allowed_origins": "https://app.example.org",
    "pseudonym_key": "a-production-secret-of-its-own-32-characters",
}


def test_defaults_serve_locally() -> None:
    settings = Settings()
    assert (settings.server.host, settings.server.port) == ("127.0.0.1", 8000)
    assert settings.models.versions == {}  # every model serves `latest`


def test_comma_separated_lists() -> None:
    settings = Settings(allowed_origins="https://a.org, https://b.org", valid_api_keys="x,y")
    assert settings.cors.origins == ["https://a.org", "https://b.org"]
    assert [k.get_secret_value() for k in settings.security.valid_api_keys] == ["x", "y"]


def test_production_accepts_a_locked_down_profile() -> None:
    assert Settings(**SAFE_PRODUCTION).environment == "production"


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"debug": True}, "DEBUG"),
        ({"api_key_required": False}, "API_KEY_REQUIRED"),
        ({"allowed_origins": "*"}, "ALLOWED_ORIGINS"),
        ({"valid_api_keys": ""}, "VALID_API_KEYS"),
        ({"pseudonym_key": "development-only-pseudonym-key"}, "PSEUDONYM_KEY"),
        ({"pseudonym_key": "PLACEHOLDER-replace-with-a-random-key-0123456789"}, "PSEUDONYM_KEY"),
        ({"valid_api_keys": "PLACEHOLDER-replace-with-a-random-key-0123"}, "VALID_API_KEYS"),
        ({"admin_api_keys": "PLACEHOLDER-replace-with-a-random-admin-key"}, "ADMIN_API_KEYS"),
        ({"browser_token_key": "too-short-to-sign-tokens"}, "BROWSER_TOKEN_KEY"),
        ({"database_url": "PLACEHOLDER-the-ledger-database-url"}, "DATABASE_URL"),
        ({"valid_api_keys": "k1-a-long-secret-of-32-characters,short-key"}, "VALID_API_KEYS"),
        ({"admin_api_keys": "admin-key-of-31-characters-xxxx"}, "ADMIN_API_KEYS"),
        ({"pseudonym_key": "thirty-one-characters-long-xxxx"}, "PSEUDONYM_KEY"),
    ],
)
def test_production_refuses_unsafe_settings(override: dict[str, object], complaint: str) -> None:
    with pytest.raises(SettingsError, match=complaint):
        Settings(**{**SAFE_PRODUCTION, **override})


def test_development_accepts_short_keys() -> None:
    assert Settings(valid_api_keys="dev-key", admin_api_keys="dev-admin").environment


@pytest.mark.parametrize("secret", ["k1-a-long-secret-of-32-characters", "short-admin"])
def test_a_refusal_names_settings_never_values(
    secret: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("ADMIN_API_KEYS", "short-admin")
    monkeypatch.setenv("VALID_API_KEYS", "k1-a-long-secret-of-32-characters")
    monkeypatch.setenv("PORT", "not-a-port")
    with pytest.raises(SettingsError) as refused:
        load_settings(tmp_path)
    assert "PORT" in str(refused.value)
    assert secret not in str(refused.value)
    assert refused.value.__suppress_context__


def test_profile_file_overrides_shared_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    (tmp_path / ".env").write_text("ENVIRONMENT=staging\nPORT=9000\nLOG_LEVEL=DEBUG\n")
    (tmp_path / ".env.staging").write_text("PORT=9100\n")
    assert env_files(tmp_path)[1].name == ".env.staging"
    settings = load_settings(tmp_path)
    assert (settings.environment, settings.server.port, settings.server.log_level) == (
        "staging",
        9100,
        "DEBUG",
    )


def test_environment_variables_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("PORT=9000\n")
    monkeypatch.setenv("PORT", "9200")
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    assert load_settings(tmp_path).server.port == 9200
