"""Imports run one way: the import-linter contracts of pyproject.toml hold (issue 25).

Domains know no ledger, API or infrastructure; nothing below the API knows a domain; only
the entry points know the API. `lint-imports` reads the source (no import of the app), in
about a second, so this runs with the unit tests (`make unit`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = {
    "domains-below-infrastructure",
    "nothing-below-knows-a-domain",
    "infrastructure-at-the-bottom",
    "only-entry-points-know-the-api",
    "texts-at-the-bottom",
}


def _lint(source: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with this repository's contracts over the package under `source`."""
    environment = {**os.environ, "PYTHONPATH": str(source)}
    config = ROOT / "pyproject.toml"
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache", "--no-logo"],
        cwd=source,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_layer_contract_is_declared() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {c["id"] for c in config["tool"]["importlinter"]["contracts"]}
    assert declared >= CONTRACTS


def test_imports_run_one_way() -> None:
    result = _lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout


def test_a_domain_importing_the_ledger_breaks_a_contract(tmp_path: Path) -> None:
    """The contracts bite: the same configuration refuses a domain that imports the ledger
    (a copy of the package with that one import added)."""
    package = tmp_path / "fembalance_ml"
    shutil.copytree(
        ROOT / "src" / "fembalance_ml", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    flags = package / "pcos" / "flags.py"
    flags.write_text(
        flags.read_text(encoding="utf-8") + "\nfrom fembalance_ml.ledger import writer  # noqa\n",
        encoding="utf-8",
    )
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "fembalance_ml.pcos.flags -> fembalance_ml.ledger.writer" in result.stdout
