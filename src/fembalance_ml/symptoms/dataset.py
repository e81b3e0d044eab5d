"""Loader of the cpass example data (data/symptoms/cpass_PMDD_data.csv) as a clean long table."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from fembalance_ml.symptoms.vocabulary import DRSP_NAME_BY_ITEM

CPASS_FILE = Path("symptoms") / "cpass_PMDD_data.csv"
DATA_ORIGIN = {
    "file": "symptoms/cpass_PMDD_data.csv",
    "source": "example data (PMDD_data) of the cpass R package, lasy/cpass",
    "citation": (
        "Eisenlohr-Moul TA, Girdler SS, Schmalenberger KM, et al. Toward the reliable "
        "diagnosis of DSM-5 premenstrual dysphoric disorder: the Carolina Premenstrual "
        "Assessment Scoring System (C-PASS). Am J Psychiatry 2017;174(1):51-59."
    ),
    "licence": "CC BY 4.0 (Symul & Eisenlohr-Moul), see symptoms/cpass_LICENSE.md",
}


def load_cpass_data(data_dir: Path) -> pd.DataFrame:
    """Columns subject, cycle, day, item (ints), score (float, NaN when missing)."""
    raw = pd.read_csv(data_dir / CPASS_FILE)
    frame = pd.DataFrame(
        {
            "subject": raw["subject"].astype(int),
            "cycle": raw["cycle"].astype(int),
            "day": raw["day"].astype(int),
            "item": raw["item"].astype(int),
            "score": raw["drsp_score"].astype(float),
        }
    )
    return frame.sort_values(["subject", "cycle", "day", "item"]).reset_index(drop=True)


FIRST_ONSET = date(2025, 1, 6)
CYCLE_SPACING_DAYS = 35  # > 16, so one cycle's post window never meets the next pre window


def dated_logs(frame: pd.DataFrame, subject: int) -> tuple[list[date], list[dict[str, Any]]]:
    """One subject's ratings as a tracker would send them: onsets and dated DRSP logs."""
    rows = frame[(frame["subject"] == subject) & frame["score"].notna()]
    cycles = sorted(rows["cycle"].unique())
    onsets = [FIRST_ONSET + timedelta(days=CYCLE_SPACING_DAYS * k) for k in range(len(cycles))]
    onset_of = dict(zip(cycles, onsets, strict=True))
    logs = [
        {
            "date": (onset_of[cycle] + timedelta(days=day if day < 0 else day - 1)).isoformat(),
            "symptom": DRSP_NAME_BY_ITEM[item],
            "severity": int(score),
        }
        for cycle, day, item, score in rows[["cycle", "day", "item", "score"]].itertuples(
            index=False
        )
    ]
    return onsets, logs
