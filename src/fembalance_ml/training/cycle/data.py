"""Loaders for the two real cycle data sets, cleaned in code as data/README.md describes.

Both return one row per usable cycle in a common long format:
`woman_id, dataset, segment, position, length, ovulation_day, age`, where a segment is a
run of consecutive cycles (a skipped cycle number starts a new segment) and `position`
orders the cycles inside it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FEDCYCLE_FILE = "cycles/FedCycleData071012.csv"
MENSTRUAL_FILE = "cycles/Menstural_cyclelength.csv"
COLUMNS = ["woman_id", "dataset", "segment", "position", "length", "ovulation_day", "age"]
_BLANK = " "


def _segments(cycle_numbers: pd.Series) -> pd.Series:
    """Segment index per row: it grows wherever a cycle number is skipped."""
    return (cycle_numbers.diff().fillna(1) != 1).cumsum()


def _finish(frame: pd.DataFrame, number_column: str) -> pd.DataFrame:
    """Sort, split at skipped cycle numbers, and add the position inside each segment."""
    frame = frame.sort_values(["woman_id", number_column]).reset_index(drop=True)
    frame["segment"] = frame.groupby("woman_id")[number_column].transform(_segments)
    frame["position"] = frame.groupby(["woman_id", "segment"]).cumcount()
    return frame[COLUMNS].reset_index(drop=True)


def load_fedcycle(data_dir: Path) -> pd.DataFrame:
    """FedCycle: blanks as missing, duplicate rows dropped, age carried forward by ClientID."""
    raw = pd.read_csv(
        data_dir / FEDCYCLE_FILE, encoding="utf-8-sig", na_values=[_BLANK], low_memory=False
    )
    raw["ClientID"] = raw["ClientID"].astype(str).str.strip()
    # Some women's blocks are repeated verbatim in the export; keep the first copy.
    raw = raw.drop_duplicates(subset=["ClientID", "CycleNumber"], keep="first")
    raw = raw.sort_values(["ClientID", "CycleNumber"])
    age = pd.to_numeric(raw["Age"], errors="coerce")
    frame = pd.DataFrame(
        {
            "woman_id": "fed:" + raw["ClientID"],
            "dataset": "fedcycle",
            "cycle_number": pd.to_numeric(raw["CycleNumber"], errors="coerce"),
            "length": pd.to_numeric(raw["LengthofCycle"], errors="coerce"),
            "ovulation_day": pd.to_numeric(raw["EstimatedDayofOvulation"], errors="coerce"),
            "age": age.groupby(raw["ClientID"]).ffill(),
        }
    )
    frame = frame.dropna(subset=["cycle_number", "length"])
    return _finish(frame, "cycle_number")


def load_menstrual(data_dir: Path) -> pd.DataFrame:
    """Menstural_cyclelength: conception cycles dropped, sequences broken at skipped numbers."""
    raw = pd.read_csv(data_dir / MENSTRUAL_FILE, encoding="utf-8-sig", na_values=[_BLANK])
    raw.columns = [column.strip() for column in raw.columns]
    conception = raw["conception_cycle"].astype(str).str.strip().str.lower() == "yes"
    length = pd.to_numeric(raw["cycle_length"], errors="coerce")
    starts = pd.to_datetime(raw["cycle_start_date"], format="%m/%d/%y", errors="coerce")
    frame = pd.DataFrame(
        {
            "woman_id": "men:" + raw["new_id"].astype(str),
            "dataset": "menstrual",
            "cycle_number": pd.to_numeric(raw["cycle_number"], errors="coerce"),
            "length": length,
            "ovulation_day": np.nan,
            "age": pd.to_numeric(raw["age"], errors="coerce"),
        }
    )
    # A conception cycle ends in pregnancy, not in a period: its length does not exist.
    usable = ~conception & length.notna() & starts.notna() & frame["cycle_number"].notna()
    return _finish(frame[usable].copy(), "cycle_number")


def load_all(data_dir: Path) -> pd.DataFrame:
    """Both data sets stacked in the common format."""
    return pd.concat([load_fedcycle(data_dir), load_menstrual(data_dir)], ignore_index=True)
