"""Per-symptom patterns and the timeline they rest on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fembalance_ml.cycle.phases import CyclePhase
from fembalance_ml.symptoms.patterns import MIN_LOGS, symptom_patterns
from fembalance_ml.symptoms.schemas import SymptomLog
from fembalance_ml.symptoms.timeline import CycleTimeline

STARTS = [date(2026, 1, 1) + timedelta(days=28 * k) for k in range(3)]
TIMELINE = CycleTimeline.from_starts(STARTS)


def logs(symptom: str, pre: int, post: int) -> list[SymptomLog]:
    """Three days before each onset at `pre`, cycle days 5-7 at `post`."""
    entries = []
    for start in STARTS[1:]:
        for offset, level in [(-3, pre), (-2, pre), (-1, pre), (4, post), (5, post), (6, post)]:
            entries.append(
                SymptomLog(date=start + timedelta(days=offset), symptom=symptom, severity=level)
            )
    return entries


def test_timeline_projects_and_phases() -> None:
    assert TIMELINE.cycle_length == 28
    assert TIMELINE.next_start_after(STARTS[-1] + timedelta(days=30)) == STARTS[-1] + timedelta(
        days=56
    )
    assert TIMELINE.phase_of(STARTS[1]) is CyclePhase.MENSTRUAL
    assert TIMELINE.phase_of(STARTS[1] - timedelta(days=1)) is CyclePhase.LUTEAL
    assert TIMELINE.level_of(STARTS[1] + timedelta(days=1)) == "menstrual"
    assert TIMELINE.level_of(STARTS[1] + timedelta(days=8)) == "post"


@pytest.mark.parametrize(("pre", "cyclical"), [(3, False), (4, True)])
def test_cyclical_needs_a_change_of_1_5_points(pre: int, cyclical: bool) -> None:
    """Pre 3 vs post 2 (1.0 apart) is not cyclical; pre 4 vs post 2 (2.0) is."""
    (pattern,) = symptom_patterns(logs("anxiety", pre, 2), TIMELINE)
    assert pattern.cyclical is cyclical
    assert pattern.premenstrual_mean == pre
    assert pattern.postmenstrual_mean == 2
    assert pattern.peak_phase == "luteal"


def test_symptoms_with_few_logs_have_no_pattern() -> None:
    few = logs("anxiety", 4, 1)[: MIN_LOGS - 1]
    assert symptom_patterns(few, TIMELINE) == []
