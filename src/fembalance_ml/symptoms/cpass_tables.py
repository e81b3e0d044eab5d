"""C-PASS output tables (items, domains, cycles) and the subject-level combination of cycles."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from fembalance_ml.symptoms.cpass import (
    DOMAINS,
    CpassCycles,
    CpassResult,
    ItemLevel,
    subject_summary,
)
from fembalance_ml.symptoms.cpass_grid import N_ITEMS, CpassGrid


def _items_table(grid: CpassGrid, items: ItemLevel) -> pd.DataFrame:
    n = len(grid.subjects)
    columns: dict[str, Any] = {
        "subject": np.repeat(grid.subjects, N_ITEMS),
        "cycle": np.repeat(grid.cycles, N_ITEMS),
        "item": np.tile(np.arange(1, N_ITEMS + 1), n),
    }
    for name, values in vars(items).items():
        columns[name] = np.asarray(values).reshape(-1)
    return pd.DataFrame(columns)


def _domains_table(grid: CpassGrid, pmdd: np.ndarray, pme: np.ndarray) -> pd.DataFrame:
    n = len(grid.subjects)
    return pd.DataFrame(
        {
            "subject": np.repeat(grid.subjects, len(DOMAINS)),
            "cycle": np.repeat(grid.cycles, len(DOMAINS)),
            "domain": np.tile(np.array(DOMAINS, dtype=object), n),
            "meets_pmdd": pmdd.reshape(-1),
            "meets_pme": pme.reshape(-1),
        }
    )


def subject_row(cycles: pd.DataFrame) -> dict[str, Any]:
    """Combine one subject's cycles (rows of the cycle table): see `subject_summary`."""
    return subject_summary(
        cycles["included"].to_numpy(dtype=bool),
        cycles["n_domains"].to_numpy(),
        cycles["criterion_a"].to_numpy(dtype=float),
        cycles["pme_flag"].to_numpy(dtype=bool),
        [str(dx) for dx in cycles["dx"]],
    )


def subject_level(cycles: pd.DataFrame) -> pd.DataFrame:
    """One row per subject, from the cycle table."""
    rows = [
        {"subject": subject, **subject_row(group)}
        for subject, group in cycles.groupby("subject", sort=True)
    ]
    return pd.DataFrame(rows)


def assemble(run: CpassCycles) -> CpassResult:
    """Build the package's four tables from the computed arrays."""
    grid = run.grid
    cycles = pd.DataFrame(
        {
            "subject": grid.subjects,
            "cycle": grid.cycles,
            "included": run.included,
            "n_domains": run.n_domains,
            "criterion_a": run.criterion_a,
            "criterion_b": run.criterion_b,
            "pme_flag": run.pme_flag,
            "dx": run.dx,
        }
    )
    return CpassResult(
        items=_items_table(grid, run.items),
        domains=_domains_table(grid, run.pmdd_domains, run.pme_domains),
        cycles=cycles,
        subjects=subject_level(cycles),
    )
