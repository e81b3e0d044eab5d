"""Per-model settings: one mapping keyed by the served models' names and aliases.

MODEL_VERSIONS__<MODEL> (pydantic-settings' nested `__`), the deprecated *_MODEL_VERSION
names, CACHE_MODELS and RATE_LIMIT_OVERRIDES by name or alias, and the start-up error for
a model no one serves. Settings import no model: they are checked against the models an
app serves (a catalogue) when the app is created.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from fembalance_ml.config import PROJECT_ROOT, Settings, SettingsError, load_settings
from fembalance_ml.main import build_app, served_registry
from tests.conftest import make_settings

MODELS = ("pcos", "cycle_prediction", "symptom_analysis")
CATALOGUE = served_registry()


def versions(settings: Settings) -> dict[str, str]:
    """MODEL_VERSIONS and the deprecated names, keyed by the served model's name."""
    return settings.versions_by_name(CATALOGUE)


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
    assert versions(settings) == {}
    assert settings.served_versions(CATALOGUE) == dict.fromkeys(MODELS, "latest")


def test_nested_variables_set_one_model_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_VERSIONS__PCOS", "v2.2.0")
    # The route alias works as well as the name, in any case.
    monkeypatch.setenv("model_versions__Cycle", "v1.4.0")
    settings = Settings()
    assert versions(settings) == {"pcos": "v2.2.0", "cycle_prediction": "v1.4.0"}
    served = settings.served_versions(CATALOGUE)
    assert served["cycle_prediction"] == "v1.4.0"
    assert served["symptom_analysis"] == "latest"


def test_a_json_mapping_works_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_VERSIONS", '{"symptoms": "v1.3.0", "pcos": "v2.1.0"}')
    assert versions(Settings()) == {"symptom_analysis": "v1.3.0", "pcos": "v2.1.0"}
    # One model's own variable wins over the JSON object, as .env.example says.
    monkeypatch.setenv("MODEL_VERSIONS__PCOS", "v2.2.0")
    assert versions(Settings()) == {"symptom_analysis": "v1.3.0", "pcos": "v2.2.0"}


def test_the_deprecated_names_still_set_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCOS_MODEL_VERSION", "v2.1.0")
    monkeypatch.setenv("CYCLE_MODEL_VERSION", "v1.4.0")
    monkeypatch.setenv("SYMPTOM_MODEL_VERSION", "v1.2.0")
    assert versions(Settings()) == {
        "pcos": "v2.1.0",
        "cycle_prediction": "v1.4.0",
        "symptom_analysis": "v1.2.0",
    }


def test_old_and_new_name_may_agree_but_not_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCOS_MODEL_VERSION", "v2.1.0")
    monkeypatch.setenv("MODEL_VERSIONS__PCOS", "v2.1.0")
    assert versions(Settings())["pcos"] == "v2.1.0"
    monkeypatch.setenv("MODEL_VERSIONS__PCOS", "v2.2.0")
    with pytest.raises(SettingsError, match="PCOS_MODEL_VERSION"):
        Settings().check_models(CATALOGUE)


def test_name_and_alias_of_one_model_must_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_VERSIONS__CYCLE", "v1.4.0")
    monkeypatch.setenv("MODEL_VERSIONS__CYCLE_PREDICTION", "v1.5.0")
    with pytest.raises(SettingsError, match="cycle_prediction twice"):
        Settings().check_models(CATALOGUE)


def test_an_unknown_model_stops_start_up_naming_the_key_not_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODEL_VERSIONS__PCOSS", "v9.9.9-secret-looking-value")
    settings = load_settings(tmp_path)  # settings alone know no model
    with pytest.raises(SettingsError) as raised:
        build_app(settings)  # the app checks them against the models it serves
    message = str(raised.value)
    assert "PCOSS" in message
    assert "v9.9.9" not in message
    assert "CYCLE_PREDICTION" in message  # the keys that would have worked


def test_env_files_read_the_nested_form(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MODEL_VERSIONS__SYMPTOM_ANALYSIS=v1.3.0\n")
    assert versions(load_settings(tmp_path))["symptom_analysis"] == "v1.3.0"


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
    settings.check_models(CATALOGUE)
    assert versions(settings) == dict.fromkeys(MODELS, "latest")
    assert settings.cached_routes(CATALOGUE) == {"cycle", "symptoms"}


def test_cache_models_by_name_or_alias() -> None:
    assert Settings().cached_routes(CATALOGUE) == {"cycle", "symptoms"}
    named = Settings(cache_models="pcos,cycle_prediction")
    assert named.cached_routes(CATALOGUE) == {"pcos", "cycle"}
    assert Settings(cache_models="").cached_routes(CATALOGUE) == set()
    with pytest.raises(SettingsError, match="CACHE_MODELS"):
        Settings(cache_models="cycle,symptom").check_models(CATALOGUE)


def test_rate_limit_overrides_by_route_or_name(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(rate_limit_overrides={"symptom_analysis": "4/minute", "batch": "1/minute"})
    expected = {"symptoms": "4/minute", "batch": "1/minute"}
    assert settings.route_limit_overrides(CATALOGUE) == expected
    monkeypatch.setenv("RATE_LIMIT_OVERRIDES__CYCLE", "7/minute")
    assert Settings().route_limit_overrides(CATALOGUE) == {"cycle": "7/minute"}
    with pytest.raises(SettingsError, match="RATE_LIMIT_OVERRIDES"):
        Settings(rate_limit_overrides={"outcome": "1/minute"}).check_models(CATALOGUE)


@pytest.mark.parametrize(
    ("setting", "value"),
    [("cache_models", "cycle,symptom"), ("rate_limit_overrides", {"outcome": "1/minute"})],
)
def test_the_app_refuses_settings_that_name_a_model_it_does_not_serve(
    setting: str, value: object
) -> None:
    with pytest.raises(SettingsError, match=setting.upper()):
        build_app(make_settings(**{setting: value}))
