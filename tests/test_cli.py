"""The `fembalance-ml` command line: dispatch and the models check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fembalance_ml import cli
from fembalance_ml.config import PROJECT_ROOT
from tests.conftest import MODELS, make_settings


def exit_status(argv: list[str]) -> int:
    """main's status, whether it returns it or an argparse error raises SystemExit."""
    try:
        return cli.main(argv)
    except SystemExit as exit:
        code = exit.code
    assert isinstance(code, int)
    return code


@pytest.mark.parametrize("flag", ["--help", "-h", "help"])
def test_help_lists_every_command_and_exits_0(
    flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([flag]) == 0
    out = capsys.readouterr().out
    for name in cli.COMMANDS:
        assert f"  {name} " in out
    assert "MODEL_PATH" in out


def test_no_command_prints_the_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert all(f"  {name} " in err for name in cli.COMMANDS)


def test_unknown_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("fembalance-ml: error [unknown_command]: no command 'nope'")


# Bad input to each sub-command: the expected exit status and the code in the one line.
BAD_INPUT = [
    (["mint-token"], 2, "usage"),
    (["mint-token", "--subject", "ab", "--lifetime", "x"], 2, "usage"),
    (["mint-token", "--subject", "a b"], 2, "invalid_argument"),
    (["mint-token", "--subject", "ab", "--lifetime", "99999"], 2, "invalid_argument"),
    (["mint-token", "--subject", "ab", "--nope"], 2, "usage"),
    (["spec", "--output", "/nonexistent-folder/spec.json"], 2, "output_folder_missing"),
    (["spec", "--nope"], 2, "usage"),
    (["serve", "--models", "/nonexistent-folder"], 2, "models_not_found"),
    (["check-models", "--nope"], 2, "usage"),
    (["migrate", "extra"], 2, "usage"),
    (["train"], 2, "usage"),
    (["train", "nope"], 2, "usage"),
    (["train", "pcos", "--data-dir", "/nonexistent-folder"], 1, "os_error"),
    (["train", "cycle", "--seed", "x"], 2, "usage"),
    (["bench", "--device", "tpu"], 2, "usage"),
]


@pytest.mark.parametrize(("argv", "status", "code"), BAD_INPUT)
def test_bad_input_is_one_line_on_stderr(
    argv: list[str],
    status: int,
    code: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No traceback: one line naming the command and a stable code, and a non-zero exit."""
    # Settings read the environment once per process: hand the command its own.
    settings = make_settings(browser_token_key="a-key-for-minting-tests-0123456789")
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    assert exit_status(argv) == status
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith(f"fembalance-ml {argv[0]}")
    assert f": error [{code}]: " in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_an_unset_token_key_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BROWSER_TOKEN_KEY", raising=False)
    monkeypatch.setattr(cli, "get_settings", lambda: make_settings())
    assert cli.main(["mint-token", "--subject", "ab"]) == 1
    assert capsys.readouterr().err == (
        "fembalance-ml mint-token: error [browser_token_key_unset]: BROWSER_TOKEN_KEY is not set\n"
    )


def test_invalid_settings_are_one_line() -> None:
    """A setting that does not parse names the setting, never a traceback, and serve stops
    before Gunicorn. A process of its own: settings read the environment once per process."""
    environment = {**os.environ, "PORT": "not-a-port", "PYTHONPATH": str(PROJECT_ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "fembalance_ml.cli", "serve"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("fembalance-ml serve: error [invalid_settings]: ")
    assert "PORT" in done.stderr
    assert done.stderr.count("\n") == 1


def test_an_unexpected_failure_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(extra: object) -> int:
        raise RuntimeError("the database said no")

    monkeypatch.setitem(cli.COMMANDS, "migrate", broken)
    monkeypatch.delenv("DEBUG", raising=False)
    assert cli.main(["migrate"]) == 1
    assert capsys.readouterr().err == (
        "fembalance-ml migrate: error [failed]: RuntimeError: the database said no "
        "(DEBUG=true shows the traceback)\n"
    )
    monkeypatch.setenv("DEBUG", "true")
    with pytest.raises(RuntimeError):
        cli.main(["migrate"])


def test_serve_models_sets_model_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve --models PATH` hands Gunicorn an absolute MODEL_PATH and the other options."""
    calls: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execv", lambda path, args: calls.append(args))
    monkeypatch.setenv("MODEL_PATH", "restored-after-the-test")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trees").mkdir()
    cli.main(["serve", "--models", "trees", "--timeout", "5"])
    assert cli.os.environ["MODEL_PATH"] == str(tmp_path / "trees")
    assert calls[0][-3:] == ["--timeout", "5", cli.APP]


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
    assert cli.main(["check-models", "--models", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"pcos: NOT READY: no versions under {tmp_path}/pcos" in out
