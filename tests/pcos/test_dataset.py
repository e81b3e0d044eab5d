"""The loader on the real CSV: every known quirk is cleaned in code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from fembalance_ml.pcos.features import DATASET_FEATURES, TARGET
from fembalance_ml.training.pcos.dataset import load_pcos, normalise_column_name, read_raw


def test_rows_and_target_balance(cohort: pd.DataFrame) -> None:
    assert len(cohort) == 433
    assert cohort[TARGET].value_counts().to_dict() == {0: 291, 1: 142}


def test_columns_are_the_api_feature_names(cohort: pd.DataFrame) -> None:
    assert list(cohort.columns) == [*DATASET_FEATURES, TARGET]
    assert "cycle_length_days" not in cohort.columns


def test_header_names_are_normalised(data_dir: Path) -> None:
    names = list(read_raw(data_dir).columns)
    assert not any("\ufeff" in n or n != n.strip() or "  " in n for n in names)
    assert "marriage status (yrs)" in names
    assert "no. of abortions" in names
    assert normalise_column_name("\ufeff  Age (yrs) ") == "age (yrs)"


def test_stray_strings_become_nan(data_dir: Path, cohort: pd.DataFrame) -> None:
    raw_text = pd.read_csv(data_dir / "pcos" / "PCOS_data.csv", dtype=str, encoding="utf-8-sig")
    amh_column = next(c for c in raw_text.columns if c.startswith("AMH"))
    assert (raw_text[amh_column] == "a").sum() == 1
    assert cohort["amh_ng_ml"].isna().sum() == 1
    assert read_raw(data_dir)["ii beta-hcg(miu/ml)"].isna().sum() == 1


def test_impossible_values_are_removed(data_dir: Path, cohort: pd.DataFrame) -> None:
    raw = read_raw(data_dir)
    assert raw["bp _systolic (mmhg)"].min() >= 60
    assert raw["fsh/lh"].max() < 1372
    assert cohort["fsh_miu_ml"].max() < 5052
    assert cohort["fsh_miu_ml"].isna().sum() == 1
    assert cohort["endometrium_mm"].min() > 0


def test_binary_columns_are_zero_or_one(cohort: pd.DataFrame) -> None:
    assert set(cohort["irregular_periods"].unique()) == {0.0, 1.0}
    assert cohort["irregular_periods"].sum() == 119
    assert cohort["dark_skin_patches"].isin([0.0, 1.0]).all()


def test_cycle_codes_and_outliers_on_a_crafted_file(tmp_path: Path, data_dir: Path) -> None:
    lines = (data_dir / "pcos" / "PCOS_data.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("Cycle(R/I)")] = "5"
    row[header.index("LH(mIU/mL)")] = "2018"
    row[header.index("Pulse rate(bpm) ")] = "13"
    (tmp_path / "pcos").mkdir()
    (tmp_path / "pcos" / "PCOS_data.csv").write_text(
        "\ufeff" + "\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8"
    )
    frame = load_pcos(tmp_path)
    assert frame.loc[0, "irregular_periods"] == 1.0
    assert frame["lh_miu_ml"].isna().iloc[0]
    assert read_raw(tmp_path)["pulse rate(bpm)"].isna().iloc[0]
