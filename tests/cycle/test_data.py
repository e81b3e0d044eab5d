"""The loaders on the real files and on small files holding each known problem."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from fembalance_ml.training.cycle.data import (
    FEDCYCLE_FILE,
    MENSTRUAL_FILE,
    load_fedcycle,
    load_menstrual,
)


def _write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8-sig")
    return root


def test_fedcycle_real_file_is_clean(data_dir: Path) -> None:
    frame = load_fedcycle(data_dir)
    assert frame["woman_id"].nunique() == 127
    assert not frame.duplicated(["woman_id", "segment", "position"]).any()
    assert frame["ovulation_day"].isna().any()  # blanks became missing, not zeros
    assert frame["length"].between(15, 60).all()
    first_age = frame.groupby("woman_id")["age"].first()
    aged = first_age[first_age.notna()].index
    assert frame[frame["woman_id"].isin(aged)]["age"].notna().all()


def test_fedcycle_blanks_carry_forward_and_duplicates(tmp_path: Path) -> None:
    text = (
        "ClientID,CycleNumber,LengthofCycle,EstimatedDayofOvulation,Age\n"
        "a,1,28,14,30\n"
        "a,2,29, , \n"
        "a,1,28,14,30\n"
        "b,1,31,17, \n"
        "b,3,27,13, \n"
    )
    frame = load_fedcycle(_write(tmp_path, FEDCYCLE_FILE, text))
    woman_a = frame[frame["woman_id"] == "fed:a"]
    assert woman_a["length"].tolist() == [28, 29]
    assert woman_a["age"].tolist() == [30, 30]
    assert np.isnan(woman_a["ovulation_day"].iloc[1])
    assert frame[frame["woman_id"] == "fed:b"]["segment"].nunique() == 2


def test_menstrual_real_file_drops_conception_and_breaks_gaps(data_dir: Path) -> None:
    frame = load_menstrual(data_dir)
    raw = pd.read_csv(data_dir / MENSTRUAL_FILE, encoding="utf-8-sig")
    usable = raw[(raw["conception_cycle"] != "Yes") & raw["cycle_length"].notna()]
    assert len(frame) == len(usable)
    assert frame["length"].notna().all()
    assert frame["woman_id"].nunique() <= 465
    segments = frame.groupby("woman_id")["segment"].nunique()
    assert (segments > 1).sum() > 50  # about 7% of consecutive cycles skip a number


def test_menstrual_small_file(tmp_path: Path) -> None:
    text = (
        "new_id,age,cycle_number,cycle_start_date,cycle_end_date,cycle_length,conception_cycle\n"
        "1,26,1,5/21/03,6/16/03,27,No\n"
        "1,26,2,6/17/03,7/15/03,29,No\n"
        "1,26,3,7/16/03,8/13/03,,Yes\n"
        "1,26,4,9/16/03,10/13/03,28,No\n"
        "1,26,6,12/16/03,1/13/04,28,No\n"
    )
    frame = load_menstrual(_write(tmp_path, MENSTRUAL_FILE, text))
    assert frame["length"].tolist() == [27, 29, 28, 28]
    assert frame["segment"].tolist() == [0, 0, 1, 2]
    assert frame["position"].tolist() == [0, 1, 0, 0]
