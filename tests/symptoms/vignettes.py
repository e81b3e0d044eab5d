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
URGENT = "urgent_care"
PCB = "postcoital_bleeding"
URINE = "blood_in_urine"
RECTAL = "rectal_bleeding"
CRISIS = "crisis_support"


def _run(cycle: int, days: range, symptom: str, level: int) -> tuple[Entry, ...]:
    return tuple(on_day(cycle, day, symptom, level) for day in days)


VIGNETTES = (
    Vignette("healthy ordinary log", _flag()),
    Vignette("pelvic pain for 7 months", _flag(ENDO), _each(range(8), 16, "pelvic_pain", 3)),
    Vignette("pelvic pain for 3 months", _flag(), _each(range(4), 16, "pelvic_pain", 3)),
    Vignette(
        "pelvic pain in 3 separate months over 7 months",
        _flag(ENDO),
        _each((0, 3, 7), 16, "pelvic_pain", 3),
    ),
    Vignette("pelvic pain twice, 7 months apart", _flag(), _each((0, 7), 16, "pelvic_pain", 4)),
    Vignette(
        "pelvic pain in 3 separate months over 3 months",
        _flag(),
        _each((0, 1, 3), 16, "pelvic_pain", 3),
    ),
    Vignette(
        "pelvic pain only during periods for 7 months",
        _flag(),
        _each(range(8), 2, "pelvic_pain", 3),
    ),
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
    Vignette("clots or flooding in 2 periods", _flag(HMB), _each((1, 4), 2, "clots_flooding", 4)),
    Vignette("clots or flooding in 1 period", _flag(), _each((1,), 2, "clots_flooding", 4)),
    # Issue 15 reproductions: each raised no flag before (every rule waited for 2 cycles).
    Vignette(
        "five days of heavy bleeding rated 6",
        _flag(URGENT),
        _run(6, range(1, 6), "heavy_bleeding", 6),
    ),
    Vignette(
        "extreme mid-cycle pelvic pain with spotting",
        _flag(URGENT),
        _each((7,), 14, "pelvic_pain", 6) + _each((7,), 14, "spotting", 3),
    ),
    Vignette("a 20-day bleed", _flag(URGENT), _run(5, range(1, 21), "spotting", 2)),
    Vignette("a stated 20-day period", _flag(URGENT), period_lengths={5: 20}),
    # The healthy base spots the day before each onset: 12 more days make a 13-day bleed.
    Vignette("a 13-day bleed, once", _flag(), _run(5, range(1, 13), "spotting", 2)),
    Vignette("a 14-day bleed, once", _flag(URGENT), _run(5, range(1, 14), "spotting", 2)),
    Vignette("heavy bleeding rated 5, once", _flag(), _run(6, range(1, 4), "heavy_bleeding", 5)),
    Vignette("pelvic pain rated 5, once", _flag(), _each((7,), 14, "pelvic_pain", 5)),
    Vignette("flooding rated 6, once", _flag(URGENT), _each((4,), 2, "clots_flooding", 6)),
    Vignette(
        "dizzy during heavy bleeding",
        _flag(URGENT),
        _each((6,), 2, "heavy_bleeding", 4) + _each((6,), 3, "dizziness", 4),
    ),
    Vignette("dizzy mid-cycle, no heavy bleeding", _flag(), _each((2, 6), 14, "dizziness", 4)),
    Vignette("dizzy, bleeding mild", _flag(), _each((6,), 2, "dizziness", 5)),
    Vignette("bleeding after sex, once", _flag(PCB), _each((3,), 12, "bleeding_after_sex", 2)),
    Vignette(
        "bleeding after sex rated not at all", _flag(), _each((3,), 12, "bleeding_after_sex", 1)
    ),
    Vignette("blood in urine mid-cycle, once", _flag(URINE), _each((4,), 15, "blood_in_urine", 2)),
    Vignette(
        "blood in urine with periods, twice",
        _flag(URINE, ENDO),
        _each((2, 5), 2, "blood_in_urine", 3),
    ),
    Vignette("blood in urine rated not at all", _flag(), _each(range(8), 2, "blood_in_urine", 1)),
    Vignette(
        "rectal bleeding mid-cycle, once", _flag(RECTAL), _each((4,), 15, "rectal_bleeding", 2)
    ),
    Vignette(
        "rectal bleeding with periods, twice",
        _flag(RECTAL, ENDO),
        _each((1, 6), 1, "rectal_bleeding", 3),
    ),
    Vignette(
        "hopelessness rated 6 for 7 days", _flag(CRISIS), _run(7, range(-7, 0), "hopelessness", 6)
    ),
    Vignette(
        "hopelessness and worthlessness severe on 3 days",
        _flag(CRISIS),
        _each((7,), -3, "hopelessness", 5)
        + _each((7,), -2, "worthlessness_guilt", 5)
        + _each((7,), -1, "worthlessness_guilt", 5),
    ),
    Vignette("hopelessness severe on 2 days", _flag(), _run(7, range(-2, 0), "hopelessness", 5)),
    Vignette("hopelessness moderate for 7 days", _flag(), _run(7, range(-7, 0), "hopelessness", 4)),
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
