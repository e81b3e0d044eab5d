"""docs/openapi.json passes the ecosystem's own linters with no error.

Redocly's `recommended` ruleset and Spectral's `spectral:oas`, at the versions pinned in
tools/spec-lint/package-lock.json (`make client-tools` installs them). Warnings are
allowed (a contact and a license in `info`, a 4xx answer for the probes); errors are not.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from tests.support.servers import REPO_ROOT

SPEC = REPO_ROOT / "docs" / "openapi.json"
TOOLS = REPO_ROOT / "tools" / "spec-lint"
# No usage report leaves the machine, and no update check.
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def _linter(name: str) -> list[str]:
    npx = shutil.which("npx")
    if npx is None or shutil.which("npm") is None:
        pytest.skip("npm is not installed: the outside spec linters run on Node.js")
    if not (TOOLS / "node_modules" / ".bin" / name).exists():
        pytest.fail(f"{TOOLS}/node_modules is missing: `make client-tools` installs it")
    return [npx, "--no-install", name]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=TOOLS,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET},
        timeout=300,
        check=False,
    )


def test_redocly_recommended_finds_no_error() -> None:
    """`redocly lint --extends recommended`: exit 0 and "valid" (it exits 1 on an error)."""
    run = _run([*_linter("redocly"), "lint", "--extends", "recommended", str(SPEC)])
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Your API description is valid" in run.stdout + run.stderr


def test_spectral_oas_finds_no_error() -> None:
    """`spectral lint` with `extends: ["spectral:oas"]`: no problem of severity error."""
    ruleset = TOOLS / ".spectral.yaml"
    assert ruleset.read_text().strip() == 'extends: ["spectral:oas"]'
    command = [*_linter("spectral"), "lint", "--ruleset", str(ruleset), "--fail-severity"]
    run = _run([*command, "error", "--format", "text", str(SPEC)])
    assert run.returncode == 0, run.stdout + run.stderr
    assert not re.search(r":\d+:\d+ error ", run.stdout), run.stdout
