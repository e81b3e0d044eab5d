"""Per-model settings: one mapping keyed by the registry's names and aliases.

MODEL_VERSIONS__<MODEL> (pydantic-settings' nested `__`), the deprecated *_MODEL_VERSION
names, CACHE_MODELS and RATE_LIMIT_OVERRIDES by name or alias, and the start-up error for
a model no one registered.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from fembalance_ml.config import PROJECT_ROOT, Settings, SettingsError, load_settings

MODELS = ("pcos", "cycle_prediction", "symptom_analysis")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No per-model variable of the developer's shell leaks into these tests."""
    for name in list(os.environ):
        upper = name.upper()
        if upper.startswith(("MODEL_VERSIONS", "CACHE_MODELS", "RATE_LIMIT_OVERRIDES")) or (
            upper.endswith("_MODEL_VERSION")
        ):
            monkeypatch.delenv(name)


def test_every_model_defaults_to_latest() -> None:
    settings = Settings()
    assert settings.models.versions == {}
    assert [settings.version_of(name) for name in MODELS] == ["latest"] * 3


def test_nested_variables_set_one_model_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_VERSIONS__PCOS", "v2.2.0")
    # The route alias works as well as the name, in any case.
    monkeypatch.setenv("model_versions__Cycle", "v1.4.0")
    settings = Settings()
    assert settings.models.versions == {"pcos": "v2.2.0", "cycle_prediction": "v1.4.0"}
    assert settings.version_of("cycle_prediction") == "v1.4.0"
    assert settings.version_of("symptom_analysis") == "latest"


def test_a_json_mapping_works_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_VERSIONS", '{"symptoms": "v1.3.0", "pcos": "v2.1.0"}')
    assert Settings().models.versions == {"symptom_analysis": "v1.3.0", "pcos": "v2.1.0"}
    # One model's own variable wins over the JSON object, as .env.example says.
    monkeypatch.setenv("MODEL_VERSIONS__PCOS", "v2.2.0")
    assert Settings().models.versions == {"symptom_analysis": "v1.3.0", "pcos": "v2.2.0"}


def test_the_deprecated_names_still_set_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCOS_MODEL_VERSION", "v2.1.0")
    monkeypatch.setenv("CYCLE_MODEL_VERSION", "v1.4.0")
    monkeypatch.setenv("SYMPTOM_MODEL_VERSION", "v1.2.0")
    assert Settings().models.versions == {
        "pcos": "v2.1.0",
        "cycle_prediction": "v1.4.0",
        "symptom_analysis": "v1.2.0",
    }


def test_old_and_new_name_may_agree_but_not_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCOS_MODEL_VERSION", "v2.1.0")
    monkeypatch.setenv("MODEL_VERSIONS__PCOS", "v2.1.0")
    assert Settings().models.versions["pcos"] == "v2.1.0"
    monkeypatch.setenv("MODEL_VERSIONS__PCOS", "v2.2.0")
    with pytest.raises(SettingsError, match="PCOS_MODEL_VERSION"):
        Settings()


def test_name_and_alias_of_one_model_must_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_VERSIONS__CYCLE", "v1.4.0")
    monkeypatch.setenv("MODEL_VERSIONS__CYCLE_PREDICTION", "v1.5.0")
    with pytest.raises(SettingsError, match="cycle_prediction twice"):
        Settings()


def test_an_unknown_model_stops_start_up_naming_the_key_not_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODEL_VERSIONS__PCOSS", "v9.9.9-secret-looking-value")
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path)
    message = str(raised.value)
    assert "PCOSS" in message
    assert "v9.9.9" not in message
    assert "CYCLE_PREDICTION" in message  # the keys that would have worked


def test_env_files_read_the_nested_form(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MODEL_VERSIONS__SYMPTOM_ANALYSIS=v1.3.0\n")
    assert load_settings(tmp_path).models.versions["symptom_analysis"] == "v1.3.0"


def test_env_example_parses_as_documented(tmp_path: Path) -> None:
    """Only MODEL_VERSIONS__* and RATE_LIMIT_OVERRIDES__* use `__`, so no other variable of
    .env.example reads differently for the nested delimiter; and the file loads."""
    example = PROJECT_ROOT / ".env.example"
    names = re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", example.read_text(), flags=re.MULTILINE)
    nested = {name.split("__")[0] for name in names if "__" in name}
    assert nested <= {"MODEL_VERSIONS", "RATE_LIMIT_OVERRIDES"}
    assert "MODEL_VERSIONS__PCOS" in names
    # The deprecated names stay documented (commented out) until they go.
    assert {"PCOS_MODEL_VERSION", "CYCLE_MODEL_VERSION", "SYMPTOM_MODEL_VERSION"} <= set(names)
    shutil.copy(example, tmp_path / ".env")
    settings = load_settings(tmp_path)
    assert settings.models.versions == dict.fromkeys(MODELS, "latest")
    assert settings.cached_routes() == {"cycle", "symptoms"}


def test_cache_models_by_name_or_alias() -> None:
    assert Settings().cached_routes() == {"cycle", "symptoms"}
    assert Settings(cache_models="pcos,cycle_prediction").cached_routes() == {"pcos", "cycle"}
    assert Settings(cache_models="").cached_routes() == set()
    with pytest.raises(SettingsError, match="CACHE_MODELS"):
        Settings(cache_models="cycle,symptom")


def test_rate_limit_overrides_by_route_or_name(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(rate_limit_overrides={"symptom_analysis": "4/minute", "batch": "1/minute"})
    assert settings.route_limit_overrides() == {"symptoms": "4/minute", "batch": "1/minute"}
    monkeypatch.setenv("RATE_LIMIT_OVERRIDES__CYCLE", "7/minute")
    assert Settings().route_limit_overrides() == {"cycle": "7/minute"}
    with pytest.raises(SettingsError, match="RATE_LIMIT_OVERRIDES"):
        Settings(rate_limit_overrides={"outcome": "1/minute"})
