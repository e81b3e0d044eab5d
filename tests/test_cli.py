"""The `fembalance-ml` command line: dispatch and the models check."""

from __future__ import annotations

from pathlib import Path

import pytest

from fembalance_ml import cli
from tests.conftest import MODELS


def test_unknown_command_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """No or an unknown sub-command is a usage error, exit 2."""
    assert cli.main([]) == 2
    assert cli.main(["nope"]) == 2
    assert "serve,train,bench,check-models,migrate,mint-token,spec" in capsys.readouterr().err


def test_check_models_passes_on_the_committed_tree(capsys: pytest.CaptureFixture[str]) -> None:
    """Every committed model verifies, loads and warms."""
    assert cli.main(["check-models", "--models-dir", str(MODELS)]) == 0
    out = capsys.readouterr().out
    for name in ("pcos", "cycle_prediction", "symptom_analysis"):
        assert f"{name}: ready v" in out


def test_check_models_fails_on_an_empty_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing model is reported with its reason and the exit status is 1."""
    assert cli.main(["check-models", "--models-dir", str(tmp_path)]) == 1
    assert "pcos: NOT READY" in capsys.readouterr().out
