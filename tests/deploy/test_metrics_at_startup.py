"""A fresh scrape of a running service: promtool's lint, and the series MONITORING.md lists.

Two Gunicorn workers (multiprocess mode, where an untouched series is absent rather than
zero) with an A/B test and a shadow on two models; one scrape before any request.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_models
from tests.support.servers import REPO_ROOT, gunicorn_server

MONITORING = REPO_ROOT / "docs" / "MONITORING.md"
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$")
# Series whose start-up value is a state, not a count.
STATES = {"ml_model_info", "ml_model_ready", "ml_ledger_up"}
# The routes the start-up wait and the scrape itself call.
PROBED = {"/health", "/health/ready", "/metrics"}
EXPERIMENTS = {
    "pcos": {"control": "v2.3.0", "treatment": "v2.4.0", "treatment_share": 0.5},
    "cycle_prediction": {"control": "v1.5.0", "shadow": "v1.4.0"},
}


def listed_at_startup() -> set[str]:
    """The metric names of MONITORING.md's "Present from start-up" table."""
    section = MONITORING.read_text().split("## Present from start-up", 1)[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {re.findall(r"`([a-z_]+)`", row.split("|")[1])[0] for row in rows}


def samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    """(name, labels, value) of each sample line of the exposition text."""
    found = []
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match and not line.startswith("#"):
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
            found.append((match.group(1), labels, float(match.group(3))))
    return found


def family(name: str) -> str:
    """The metric a sample belongs to (`x_bucket`, `x_count`, `x_sum` are `x`'s)."""
    return re.sub(r"_(bucket|count|sum|created)$", "", name)


@pytest.fixture(scope="module")
def fresh_scrape(tmp_path_factory: pytest.TempPathFactory) -> str:
    """/metrics of two fresh workers with an A/B test and a shadow, before any request."""
    root = tmp_path_factory.mktemp("startup")
    models = copy_models(root / "models")
    (models / "experiments.json").write_text(json.dumps(EXPERIMENTS))
    environment = {
        "MODEL_PATH": str(models),
        "STATE_DIR": str(root / "state"),
        "MODEL_WATCH_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    with gunicorn_server(environment, workers=2) as server:
        with urllib.request.urlopen(f"{server.url}/health/ready", timeout=60) as ready:
            assert ready.status == 200
        with urllib.request.urlopen(f"{server.url}/metrics", timeout=30) as answer:
            return str(answer.read().decode())


@pytest.mark.integration
def test_a_running_service_passes_promtool_lint(fresh_scrape: str) -> None:
    promtool = shutil.which("promtool") or "/usr/bin/promtool"
    if not Path(promtool).exists():
        pytest.fail("promtool is missing: `make system-deps` installs Debian's prometheus")
    linted = subprocess.run(
        [promtool, "check", "metrics"],
        input=fresh_scrape,
        capture_output=True,
        text=True,
        check=False,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert (linted.stdout + linted.stderr).strip() == ""


@pytest.mark.integration
def test_the_documented_series_exist_at_zero(fresh_scrape: str) -> None:
    """MONITORING.md's table and the scrape name the same metrics, each with series."""
    scraped = samples(fresh_scrape)
    families = {family(name) for name, _, _ in scraped}
    ours = {name for name in families if name.startswith(("ml_", "http_"))}
    documented = listed_at_startup()
    # promtool lints the `_total` of a counter; its family is the name without it.
    present = ours | {name + "_total" for name in ours}
    assert documented - present == set(), "listed in MONITORING.md, absent from a fresh scrape"
    assert {n for n in ours if n not in documented and n + "_total" not in documented} == set()
    for name, labels, value in scraped:
        if family(name).startswith(("ml_", "http_")) and not name.endswith("_created"):
            if family(name) not in STATES and labels.get("route") not in PROBED:
                assert value == 0, (name, labels, value)


@pytest.mark.integration
def test_outcome_drop_drift_and_shadow_series_cover_each_label_value(fresh_scrape: str) -> None:
    """The labelled children MONITORING.md names, for the known label values."""
    scraped = samples(fresh_scrape)

    def label_sets(name: str, *keys: str) -> set[tuple[str, ...]]:
        return {tuple(labels[k] for k in keys) for n, labels, _ in scraped if n == name}

    outcomes = label_sets("ml_outcomes_total", "model", "version", "group")
    for group in ("control", "treatment", "shadow"):
        assert ("pcos", "v2.3.0", group) in outcomes
        assert ("cycle_prediction", "v1.4.0", group) in outcomes
    assert ("symptom_analysis", "v1.0.0", "none") not in outcomes  # takes no outcome
    cycle_errors = label_sets("ml_outcome_abs_error_seconds_count", "model", "version", "group")
    assert ("cycle_prediction", "v1.5.0", "control") in cycle_errors
    assert ("pcos", "v2.3.0", "control") in label_sets(
        "ml_outcome_brier_count", "model", "version", "group"
    )
    drops = label_sets("ml_ledger_dropped_total", "model", "reason")
    for model in ("pcos", "cycle_prediction", "symptom_analysis"):
        for reason in ("queue_full", "unavailable", "write_error", "unwritten_at_exit"):
            assert (model, reason) in drops
    drift_models = {m for (m,) in label_sets("ml_feature_drift_psi", "model")}
    assert drift_models == {"pcos", "cycle_prediction", "symptom_analysis"}
    shadows = label_sets(
        "ml_shadow_comparisons_total", "model", "served_version", "shadow_version", "agreement"
    )
    for agreement in ("agree", "differ", "error"):
        assert ("cycle_prediction", "v1.5.0", "v1.4.0", agreement) in shadows
