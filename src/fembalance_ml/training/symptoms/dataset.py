"""Loader of the cpass example data (data/symptoms/cpass_PMDD_data.csv) as a clean long table,
and the training people's logs as requests would carry them (the drift reference's rows)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from fembalance_ml.symptoms.drift import DRIFT_FEATURES, drift_inputs
from fembalance_ml.symptoms.schemas import CycleStart, SymptomLog, SymptomRequest
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


def training_requests(frame: pd.DataFrame) -> Iterator[SymptomRequest]:
    """Each training person's dated logs, once per cycle count (after cycle 1, 1-2, ...).

    The app sends a person's whole history each time; a request after k cycles holds the
    first k onsets and the logs up to the k-th cycle's postmenstrual window.
    """
    for subject in sorted(int(s) for s in frame["subject"].unique()):
        onsets, raw = dated_logs(frame, subject)
        logs = [SymptomLog.model_validate(log) for log in raw]
        for k in range(1, len(onsets) + 1):
            end = onsets[k] if k < len(onsets) else date.max
            yield SymptomRequest(
                cycles=[CycleStart(start_date=onset) for onset in onsets[:k]],
                logs=[log for log in logs if log.date < end],
                as_of=max([onsets[k - 1], *(log.date for log in logs if log.date < end)]),
            )


def training_columns(frame: pd.DataFrame) -> dict[str, list[float]]:
    """Each drift feature's values over the training requests (missing ones skipped)."""
    columns: dict[str, list[float]] = {name: [] for name in DRIFT_FEATURES}
    for request in training_requests(frame):
        for name, value in drift_inputs(request).items():
            columns[name].append(value)
    return columns
