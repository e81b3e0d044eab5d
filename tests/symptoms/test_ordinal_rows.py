"""The plain-Python forecast path gives numpy's reference floats exactly, not approximately."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from fembalance_ml.config import get_settings
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.symptoms import ordinal_rows
from fembalance_ml.symptoms.ordinal import (
    N_POSITIONS,
    OrdinalForecastModel,
    cells_of,
    history_of,
    summaries,
)
from fembalance_ml.symptoms.schemas import SymptomLog
from fembalance_ml.symptoms.timeline import CycleTimeline
from fembalance_ml.symptoms.vocabulary import SYMPTOMS_BY_NAME

ONSETS = [date(2026, 1, 5) + timedelta(days=27 * k + k % 3) for k in range(4)]
TIMELINE = CycleTimeline.from_starts(ONSETS)
NAMES = list(SYMPTOMS_BY_NAME)


def _random_logs(rng: random.Random) -> list[SymptomLog]:
    """Up to 60 logs of up to 8 symptoms (DRSP items and trackers) over the 4 cycles."""
    symptoms = rng.sample(NAMES, rng.randint(1, 8))
    days = sorted({rng.randrange(-20, 110) for _ in range(rng.randint(1, 60))})
    return [
        SymptomLog(date=ONSETS[0] + timedelta(days=d), symptom=s, severity=rng.randint(1, 6))
        for d in days
        for s in symptoms
        if rng.random() < 0.5
    ] or [SymptomLog(date=ONSETS[1], symptom=symptoms[0], severity=3)]


def _check_same(model: OrdinalForecastModel, seed: int, people: int) -> int:
    """Compare both paths for `people` random histories; return how many rows were compared."""
    rng = random.Random(seed)
    compared = 0
    for _ in range(people):
        logs = _random_logs(rng)
        history = history_of(TIMELINE, logs)
        cells, drsp = cells_of(TIMELINE, logs)
        expanded = {name: _expand(found) for name, found in cells.items()}
        assert expanded == {name: sorted(found) for name, found in history.cells.items()}
        assert drsp == history.drsp_by_window.astype(int).tolist()
        pairs = sorted(
            {(name, rng.randrange(N_POSITIONS)) for name in cells for _ in range(rng.randint(1, 5))}
        )
        reference = model.distributions(history, [s for s, _ in pairs], [p for _, p in pairs])
        plain = model._rows(cells, drsp, pairs)
        assert plain == reference.tolist()
        assert ordinal_rows.summaries(plain) == tuple(v.tolist() for v in summaries(reference))
        compared += len(pairs)
    return compared


def _expand(counts: ordinal_rows.Counts) -> list[int]:
    """Each cell as many times as it was logged, in order."""
    return sorted(cell for cell, n in counts.items() for _ in range(n))


def test_plain_rows_are_numpys_floats(ordinal_model: OrdinalForecastModel) -> None:
    assert _check_same(ordinal_model, seed=24, people=300) > 1000


@pytest.mark.parametrize("version", ["v1.3.0"])
def test_plain_rows_are_numpys_floats_for_the_served_model(version: str) -> None:
    model = load_verified(get_settings().models.path / "symptom_analysis", version).model
    assert isinstance(model, OrdinalForecastModel)
    assert _check_same(model, seed=25, people=300) > 1000


def test_a_tracker_row_spreads_one_pseudo_rating() -> None:
    """Two logs at rating 2 and one pseudo-rating spread evenly: (1/6, 2 + 1/6, ...) / 3."""
    base = ordinal_rows.tracker_base({5 * 6 + 1: 1, 9 * 6 + 1: 1})
    assert base == pytest.approx([1 / 18, 13 / 18, 1 / 18, 1 / 18, 1 / 18, 1 / 18])
    assert np.isclose(sum(base), 1.0)
