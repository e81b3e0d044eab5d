"""C-PASS output tables (items, domains, cycles) and the subject-level combination of cycles."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from fembalance_ml.symptoms.cpass import (
    DOMAINS,
    MIN_LABEL_CYCLES,
    MIN_LABEL_PROPORTION,
    MRMD,
    NO_DIAGNOSIS,
    PMDD,
    PME,
    CpassResult,
    ItemLevel,
)
from fembalance_ml.symptoms.cpass_grid import N_ITEMS, CpassGrid


def _na(value: float) -> float | None:
    return None if math.isnan(value) else value


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


def _label(count: float | None, n_cycles: int) -> bool | None:
    """A subject-level label: N >= 2 and N / Ncycles >= 0.5; NA when the count is NA."""
    if count is None:
        return None
    return count >= MIN_LABEL_CYCLES and count / n_cycles >= MIN_LABEL_PROPORTION


def subject_row(cycles: pd.DataFrame) -> dict[str, Any]:
    """Combine one subject's cycles: counts, labels, the final dx (None = NA)."""
    n_included = int(cycles["included"].sum())
    countable = n_included > 1
    a_sum = cycles["criterion_a"].sum(skipna=False)
    n_pmdd = int((cycles["dx"] == PMDD).sum()) if countable else None
    n_mrmd = _na(float(a_sum)) if countable else None
    n_pme = int(cycles["pme_flag"].sum()) if countable else None
    labels = [(PMDD, _label(n_pmdd, n_included)), (MRMD, _label(n_mrmd, n_included))]
    labels.append((PME, _label(n_pme, n_included)))
    dx: str | None = next((name for name, held in labels if held), NO_DIAGNOSIS)
    if n_included == 1:
        dx = None
    included_domains = (cycles["n_domains"] * cycles["included"]).sum()
    return {
        "n_cycles_tot": len(cycles),
        "n_cycles": n_included,
        "n_pmdd": n_pmdd,
        "n_mrmd": n_mrmd,
        "n_pme": n_pme,
        "dx": dx,
        "avgdsm5crit": included_domains / n_included if n_included else math.nan,
    }


def subject_level(cycles: pd.DataFrame) -> pd.DataFrame:
    """One row per subject, from the cycle table."""
    rows = [
        {"subject": subject, **subject_row(group)}
        for subject, group in cycles.groupby("subject", sort=True)
    ]
    return pd.DataFrame(rows)


def assemble(
    grid: CpassGrid,
    items: ItemLevel,
    pmdd_domains: np.ndarray,
    pme_domains: np.ndarray,
    included: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    pme_flag: np.ndarray,
    dx: list[str],
) -> CpassResult:
    """Build the package's four tables from the computed arrays."""
    cycles = pd.DataFrame(
        {
            "subject": grid.subjects,
            "cycle": grid.cycles,
            "included": included,
            "n_domains": np.sum(pmdd_domains == 1.0, axis=1),
            "criterion_a": a,
            "criterion_b": b,
            "pme_flag": pme_flag,
            "dx": dx,
        }
    )
    return CpassResult(
        items=_items_table(grid, items),
        domains=_domains_table(grid, pmdd_domains, pme_domains),
        cycles=cycles,
        subjects=subject_level(cycles),
    )
