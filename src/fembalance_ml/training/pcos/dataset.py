"""Loader of the Kerala PCOS cohort (data/pcos/PCOS_data.csv): read raw, clean in code.

The CSV carries a UTF-8 byte-order mark, header typos and stray blanks, strings in
numeric columns and impossible values; every fix lives here so it is tested, not hidden
in a hand-edited file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from fembalance_ml.pcos.features import DATASET_FEATURES, PHYSIOLOGICAL_RANGES, TARGET

DATA_FILE: Final = Path("pcos") / "PCOS_data.csv"
_TYPOS: Final = {"marraige": "marriage", "aborptions": "abortions"}

# Raw columns (after name normalisation) the API names come from.
RAW_TO_FEATURE: Final = {
    "pcos (y/n)": TARGET,
    "cycle(r/i)": "irregular_periods",
    "hair growth(y/n)": "excess_hair_growth",
    "pimples(y/n)": "acne",
    "weight gain(y/n)": "weight_gain",
    "hair loss(y/n)": "hair_loss",
    "skin darkening (y/n)": "dark_skin_patches",
    "age (yrs)": "age",
    "bmi": "bmi",
    "height(cm)": "height_cm",
    "weight (kg)": "weight_kg",
    "cycle length(days)": "period_length_days",
    "fast food (y/n)": "fast_food",
    "reg.exercise(y/n)": "regular_exercise",
    "amh(ng/ml)": "amh_ng_ml",
    "fsh(miu/ml)": "fsh_miu_ml",
    "lh(miu/ml)": "lh_miu_ml",
    "follicle no. (l)": "follicle_count_left",
    "follicle no. (r)": "follicle_count_right",
    "avg. f size (l) (mm)": "avg_follicle_size_left_mm",
    "avg. f size (r) (mm)": "avg_follicle_size_right_mm",
    "endometrium (mm)": "endometrium_mm",
    "tsh (miu/l)": "tsh_miu_l",
    "prl(ng/ml)": "prl_ng_ml",
    "waist:hip ratio": "waist_hip_ratio",
}

# Raw columns outside the API that have known impossible values; cleaned so that any
# later use of the raw frame meets the same rules.
RAW_RANGES: Final[dict[str, tuple[float, float]]] = {
    "pulse rate(bpm)": (30.0, 220.0),
    "bp _systolic (mmhg)": (60.0, 250.0),
    "bp _diastolic (mmhg)": (30.0, 150.0),
    "fsh/lh": (0.0, 100.0),
}

_CYCLE_CODES: Final = {2: 0.0, 4: 1.0, 5: 1.0}  # 2 regular, 4 irregular, stray 5 irregular
_BINARY_FEATURES: Final = (
    "excess_hair_growth",
    "acne",
    "weight_gain",
    "hair_loss",
    "dark_skin_patches",
    "fast_food",
    "regular_exercise",
    TARGET,
)


def normalise_column_name(name: str) -> str:
    """Strip BOM and blanks, collapse inner whitespace, lower-case, fix known typos."""
    text = re.sub(r"\s+", " ", name.replace("\ufeff", "").strip()).lower()
    for typo, fixed in _TYPOS.items():
        text = text.replace(typo, fixed)
    return text


def read_raw(data_dir: Path) -> pd.DataFrame:
    """Every column of the raw CSV, normalised names, all numeric, impossible values NaN."""
    frame = pd.read_csv(data_dir / DATA_FILE, encoding="utf-8-sig", dtype=str)
    frame.columns = [normalise_column_name(str(c)) for c in frame.columns]
    numeric = frame.apply(lambda column: pd.to_numeric(column.str.strip(), errors="coerce"))
    ranges = {**RAW_RANGES, **_feature_ranges_by_raw_name()}
    for column, (low, high) in ranges.items():
        if column in numeric:
            numeric[column] = numeric[column].where(numeric[column].between(low, high))
    as_float: pd.DataFrame = numeric.astype("float64")
    return as_float


def _feature_ranges_by_raw_name() -> dict[str, tuple[float, float]]:
    return {
        raw: PHYSIOLOGICAL_RANGES[feature]
        for raw, feature in RAW_TO_FEATURE.items()
        if feature in PHYSIOLOGICAL_RANGES
    }


def load_pcos(data_dir: Path) -> pd.DataFrame:
    """The cohort with API feature names plus target `pcos`, one row per patient."""
    raw = read_raw(data_dir)
    frame = raw[list(RAW_TO_FEATURE)].rename(columns=RAW_TO_FEATURE)
    frame["irregular_periods"] = frame["irregular_periods"].map(_CYCLE_CODES)
    for column in _BINARY_FEATURES:
        frame[column] = frame[column].where(frame[column].isin([0.0, 1.0]))
    frame = frame.dropna(subset=[TARGET])
    frame[TARGET] = frame[TARGET].astype("int64")
    cleaned: pd.DataFrame = frame[[*DATASET_FEATURES, TARGET]].reset_index(drop=True)
    return cleaned


def feature_matrix(frame: pd.DataFrame, features: tuple[str, ...]) -> np.ndarray:
    """The float64 matrix of `features`, NaN where a value is missing."""
    return frame[list(features)].to_numpy(dtype="float64", na_value=np.nan)
