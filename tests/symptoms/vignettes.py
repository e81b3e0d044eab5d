"""Clinical vignettes for the red-flag rules: each names the flags it must raise (and no other).

Every vignette is an ordinary, healthy log (mild cramps, premenstrual tenderness, spotting
the day before a period and the day after it) plus the pattern under test.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from fembalance_ml.symptoms.schemas import CycleStart, SymptomLog, SymptomRequest

FIRST_ONSET = date(2025, 1, 6)
CYCLE_DAYS = 28
N_CYCLES = 8
Entry = tuple[date, str, int]


def onset(cycle: int) -> date:
    """Onset of cycle `cycle` (0-based)."""
    return FIRST_ONSET + timedelta(days=CYCLE_DAYS * cycle)


def on_day(cycle: int, cycle_day: int, symptom: str, severity: int) -> Entry:
    """A log on cycle day `cycle_day` (1 = onset); negative days count back from the onset."""
    offset = cycle_day - 1 if cycle_day > 0 else cycle_day
    return onset(cycle) + timedelta(days=offset), symptom, severity


def healthy_entries(n_cycles: int = N_CYCLES) -> list[Entry]:
    """An ordinary tracker log: nothing here should raise a flag."""
    entries = []
    for k in range(n_cycles):
        entries += [on_day(k, 1, "cramps", 3), on_day(k, 2, "cramps", 2)]
        entries += [on_day(k, day, "breast_tenderness", 3) for day in (-3, -2, -1)]
        entries += [on_day(k, -1, "spotting", 2), on_day(k, 6, "spotting", 2)]
        entries += [on_day(k, -2, "fatigue", 3), on_day(k, -4, "acne", 2)]
        entries += [on_day(k, 1, "heavy_bleeding", 3), on_day(k, 14, "headache", 3)]
        entries += [on_day(k, 1, "work_interference", 2), on_day(k, 20, "back_pain", 2)]
    return entries


@dataclass(frozen=True)
class Vignette:
    """A named case: extra log entries and the exact set of flags it must raise."""

    name: str
    expected: frozenset[str]
    extra: tuple[Entry, ...] = ()
    period_lengths: dict[int, int] = field(default_factory=dict)

    def request(self) -> SymptomRequest:
        """Healthy base + extras (extras win on the same day and symptom)."""
        merged = {(day, symptom): level for day, symptom, level in healthy_entries()}
        merged.update({(day, symptom): level for day, symptom, level in self.extra})
        logs = [SymptomLog(date=d, symptom=s, severity=v) for (d, s), v in sorted(merged.items())]
        cycles = [
            CycleStart(start_date=onset(k), period_length_days=self.period_lengths.get(k))
            for k in range(N_CYCLES)
        ]
        return SymptomRequest(cycles=cycles, logs=logs, as_of=onset(N_CYCLES - 1) + timedelta(20))


def _each(cycles: Iterable[int], cycle_day: int, symptom: str, level: int) -> tuple[Entry, ...]:
    return tuple(on_day(k, cycle_day, symptom, level) for k in cycles)


def _flag(*codes: str) -> frozenset[str]:
    return frozenset(codes)


ENDO = "suspected_endometriosis"
HMB = "heavy_menstrual_bleeding"
IMB = "intermenstrual_bleeding"
LONG = "prolonged_menstruation"

VIGNETTES = (
    Vignette("healthy ordinary log", _flag()),
    Vignette("pelvic pain for 7 months", _flag(ENDO), _each(range(8), 16, "pelvic_pain", 3)),
    Vignette("pelvic pain for 3 months", _flag(), _each(range(4), 16, "pelvic_pain", 3)),
    Vignette("pelvic pain 7 months but minimal", _flag(), _each(range(8), 16, "pelvic_pain", 2)),
    Vignette(
        "cramps that stop work, twice",
        _flag(ENDO),
        _each((2, 5), 1, "cramps", 5) + _each((2, 5), 1, "work_interference", 5),
    ),
    Vignette(
        "cramps that stop work, once",
        _flag(),
        _each((2,), 1, "cramps", 5) + _each((2,), 1, "work_interference", 5),
    ),
    Vignette("severe cramps, no interference", _flag(), _each(range(8), 1, "cramps", 5)),
    Vignette("extreme cramps, twice", _flag(ENDO), _each((1, 3), 2, "cramps", 6)),
    Vignette("pain during sex, twice", _flag(ENDO), _each((1, 4), 12, "pain_during_sex", 4)),
    Vignette("pain during sex, once", _flag(), _each((1,), 12, "pain_during_sex", 4)),
    Vignette("minimal pain during sex", _flag(), _each(range(8), 12, "pain_during_sex", 2)),
    Vignette(
        "painful bowel movements with periods",
        _flag(ENDO),
        _each((0, 3), 2, "painful_bowel_movements", 3),
    ),
    Vignette(
        "painful bowel movements mid-cycle",
        _flag(),
        _each((0, 3), 14, "painful_bowel_movements", 3),
    ),
    Vignette(
        "painful urination before periods", _flag(ENDO), _each((2, 6), -2, "painful_urination", 4)
    ),
    Vignette("heavy bleeding in 2 periods", _flag(HMB), _each((3, 6), 2, "heavy_bleeding", 5)),
    Vignette("heavy bleeding in 1 period", _flag(), _each((3,), 2, "heavy_bleeding", 5)),
    Vignette("heavy bleeding, mild", _flag(), _each(range(8), 2, "heavy_bleeding", 3)),
    Vignette("spotting mid-cycle, twice", _flag(IMB), _each((2, 5), 14, "spotting", 2)),
    Vignette("spotting mid-cycle, once", _flag(), _each((2,), 14, "spotting", 2)),
    Vignette("spotting 2 days before periods", _flag(), _each(range(8), -2, "spotting", 3)),
    Vignette("spotting 3 days before periods", _flag(IMB), _each((1, 2), -3, "spotting", 2)),
    Vignette("10-day periods, twice", _flag(LONG), period_lengths={1: 10, 4: 10}),
    Vignette("10-day period, once", _flag(), period_lengths={1: 10}),
    Vignette("8-day periods", _flag(), period_lengths=dict.fromkeys(range(8), 8)),
    Vignette(
        "9 days of bleeding logs, twice",
        _flag(LONG),
        tuple(e for k in (2, 5) for d in range(1, 10) for e in _each((k,), d, "spotting", 2)),
    ),
    Vignette(
        "8 days of bleeding logs",
        _flag(),
        tuple(e for k in (2, 5) for d in range(1, 9) for e in _each((k,), d, "spotting", 2)),
    ),
)
