"""A production start refused for its settings prints which settings, never their values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.servers import REPO_ROOT, free_port, gunicorn_command

pytestmark = pytest.mark.integration

# Random hex: any 10 characters of one found in the output can only come from the secret.
SECRETS = {
    "VALID_API_KEYS": "9f8e7d6c5b4a39281706f5e4d3c2b1a0c4e1",
    "ADMIN_API_KEYS": "0a1b2c3d4e5f60718293a4b5c6d7e8f9b7d2",
    "PSEUDONYM_KEY": "5e6f708192a3b4c5d6e7f8091a2b3c4d8a6f",
}
WINDOW = 10
STARTS = {
    "gunicorn": [*gunicorn_command(), "-c", "gunicorn.conf.py", "fembalance_ml.main:build_app()"],
    "uvicorn": [sys.executable, "-m", "uvicorn", "--factory", "fembalance_ml.main:build_app"],
}


def refused_start(command: list[str], settings: dict[str, str]) -> str:
    """Start a production server that must refuse; return all it printed."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT / "src"),
        "ENVIRONMENT": "production",
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "ALLOWED_ORIGINS": "https://app.example.org",
        **settings,
    }
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=90
    )
    assert done.returncode != 0, "the server started with unsafe settings"
    return done.stdout + done.stderr


def leaks(secret: str, printed: str) -> bool:
    """Whether any part of `secret` (pydantic prints truncated values) is in `printed`."""
    return any(secret[i : i + WINDOW] in printed for i in range(len(secret) - WINDOW + 1))


@pytest.mark.parametrize("start", sorted(STARTS))
def test_missing_setting_names_it_and_prints_no_secret(start: str) -> None:
    printed = refused_start(STARTS[start], {**SECRETS, "API_KEY_REQUIRED": "false"})
    assert "API_KEY_REQUIRED must be true" in printed
    for name, value in SECRETS.items():
        assert not leaks(value, printed), f"part of {name}'s value was printed"


def test_placeholder_key_is_refused_and_not_printed() -> None:
    placeholder = "PLACEHOLDER-replace-with-a-random-key"
    settings = {**SECRETS, "API_KEY_REQUIRED": "true", "PSEUDONYM_KEY": placeholder}
    printed = refused_start(STARTS["gunicorn"], settings)
    assert "PSEUDONYM_KEY holds an example placeholder" in printed
    assert placeholder not in printed
    assert not leaks(SECRETS["ADMIN_API_KEYS"], printed)
