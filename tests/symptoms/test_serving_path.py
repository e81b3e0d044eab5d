"""The symptoms serving path: no pandas; the numpy C-PASS and timeline match the slow forms."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fembalance_ml
from fembalance_ml.symptoms.cpass import cpass, cpass_cycles, cycle_included, subject_summary
from fembalance_ml.symptoms.cpass_grid import build_grid, grid_from_rows
from fembalance_ml.symptoms.schemas import SymptomLog
from fembalance_ml.symptoms.screen import cpass_rows, pmdd_screen, screen_of_run
from fembalance_ml.symptoms.timeline import CycleTimeline
from fembalance_ml.symptoms.vocabulary import DRSP_NAME_BY_ITEM
from fembalance_ml.training.symptoms.dataset import dated_logs

_NO_PANDAS = """
import sys
from datetime import date
from fembalance_ml.config import get_settings
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.symptoms.schemas import SymptomRequest
from fembalance_ml.symptoms.service import predict

artifact = load_verified(get_settings().models.path / "symptom_analysis", "latest")
body = {
    "cycles": [{"start_date": "2026-01-05"}, {"start_date": "2026-02-02"}],
    "logs": [
        {"date": f"2026-01-{day:02d}", "symptom": name, "severity": 1 + day % 6}
        for day in range(1, 31)
        for name in ("anxiety", "cramps")
    ],
    "as_of": "2026-02-03",
}
answer = predict(artifact.model, SymptomRequest.model_validate(body), today=date(2026, 3, 1))
assert answer.forecast and answer.pmdd_screen.cycles
print(sorted(name for name in sys.modules if name == "pandas" or name.startswith("pandas.")))
"""


def test_the_serving_path_never_imports_pandas() -> None:
    # A fresh interpreter (the test session itself has pandas loaded), on these sources.
    source = str(Path(fembalance_ml.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", _NO_PANDAS], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "[]"


def test_rows_and_frame_give_the_same_grid(data: pd.DataFrame) -> None:
    direct = build_grid(data)
    rows = grid_from_rows(data.itertuples(index=False, name=None))
    assert np.array_equal(direct.subjects, rows.subjects)
    assert np.array_equal(direct.cycles, rows.cycles)
    assert np.array_equal(direct.scores, rows.scores, equal_nan=True)
    assert direct.scores.shape == (37, 14, 24)


@pytest.mark.parametrize("subject", [2, 15, 117, 158])
def test_the_screen_rows_rebuild_the_subjects_cpass_tables(
    data: pd.DataFrame, subject: int
) -> None:
    onsets, raw = dated_logs(data, subject)
    run = cpass_cycles(grid_from_rows(cpass_rows(onsets, [SymptomLog(**r) for r in raw])))
    tables = cpass(data[data["subject"] == subject])
    assert run.dx == tables.cycles["dx"].tolist()
    assert run.n_domains.tolist() == tables.cycles["n_domains"].tolist()
    summary = subject_summary(run.included, run.n_domains, run.criterion_a, run.pme_flag, run.dx)
    row = tables.subjects.iloc[0]
    assert summary["dx"] == (None if pd.isna(row["dx"]) else row["dx"])
    assert summary["n_cycles"] == row["n_cycles"]


def test_grid_rows_refuse_what_the_package_refuses() -> None:
    with pytest.raises(ValueError, match="scores"):
        grid_from_rows([(1, 1, -1.0, 1.0, 7.0)])
    with pytest.raises(ValueError, match="items"):
        grid_from_rows([(1, 1, -1.0, 25.0, 3.0)])
    with pytest.raises(ValueError, match="day 0"):
        grid_from_rows([(1, 1, 0.0, 1.0, 3.0)])
    with pytest.raises(ValueError, match="two ratings"):
        grid_from_rows([(1, 1, -1.0, 1.0, 3.0), (1, 1, -1.0, 1.0, 4.0)])
    # Unrated cells, fractional days and days outside the windows are dropped, not refused.
    grid = grid_from_rows(
        [(1, 1, -1.0, 1.0, math.nan), (1, 1, -1.5, 2.0, 3.0), (1, 1, 2.0, 3.0, 3.0)]
    )
    assert grid.scores.shape == (1, 14, 24)
    assert np.isnan(grid.scores).all()


def _cycle_around_by_stepping(timeline: CycleTimeline, day: date) -> tuple[date, date]:
    """The day-by-day definition the arithmetic in cycle_around must match."""
    step = timedelta(days=timeline.cycle_length)
    if day < timeline.starts[0]:
        start = timeline.starts[0]
        while start > day:
            start -= step
        return start, start + step
    index = max(i for i, start in enumerate(timeline.starts) if start <= day)
    start = timeline.starts[index]
    if index + 1 < len(timeline.starts):
        return start, timeline.starts[index + 1]
    while start + step <= day:
        start += step
    return start, start + step


def test_cycle_around_matches_stepping_cycle_by_cycle() -> None:
    starts = [date(2026, 1, 5), date(2026, 2, 3), date(2026, 3, 1), date(2026, 5, 20)]
    timeline = CycleTimeline.from_starts(starts)
    first = starts[0] - timedelta(days=200)
    for offset in range(0, 600):
        day = first + timedelta(days=offset)
        assert timeline.cycle_around(day) == _cycle_around_by_stepping(timeline, day)
        level, phase = timeline.level_and_phase(day)
        assert (level, phase) == (timeline.level_of(day), timeline.phase_of(day))


def test_the_shortcut_without_evaluable_cycles_matches_a_full_cpass_run() -> None:
    rng = np.random.default_rng(11)
    names = [DRSP_NAME_BY_ITEM[item] for item in range(1, 25)]
    onsets = [date(2026, 1, 5) + timedelta(days=28 * k) for k in range(3)]
    shortcuts = 0
    for _ in range(200):
        logs: dict[tuple[date, str], int] = {}
        for _ in range(int(rng.integers(1, 60))):
            day = onsets[0] + timedelta(days=int(rng.integers(-10, 70)))
            logs[(day, str(rng.choice(names)))] = int(rng.integers(1, 7))
        entries = [SymptomLog(date=d, symptom=s, severity=v) for (d, s), v in logs.items()]
        rows = cpass_rows(onsets, entries)
        if not rows:
            continue
        grid = grid_from_rows(rows)
        shortcuts += not cycle_included(grid).any()
        full = screen_of_run(cpass_cycles(grid), sorted(onsets))
        assert pmdd_screen(onsets, entries) == full
    assert shortcuts > 50
