"""How a red-flag vignette is built: a healthy 8-cycle log, the entries under test, who she is.

Every vignette is an ordinary, healthy log (mild cramps, premenstrual tenderness, spotting
the day before a period and the day after it) plus the pattern under test, and where it
matters the person's age and context. `expected` holds rule names (red_flag_rules.RULES):
a code several rules raise (`urgent_care`, `crisis_support`) names them in
`params["rules"]`, so each vignette checks the very rule it is about. The vignettes
themselves are in vignettes.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fembalance_ml.clinical.situation import Situation
from fembalance_ml.symptoms.schemas import CycleStart, RedFlag, SymptomLog, SymptomRequest

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
    """A named case: extra log entries, who she is, and the exact rules it must fire."""

    name: str
    expected: frozenset[str]
    extra: tuple[Entry, ...] = ()
    period_lengths: dict[int, int] = field(default_factory=dict)
    age: float | None = None
    context: dict[str, Any] | None = None
    as_of_day: int = 21  # the day of the last logged cycle the analysis is made on

    def request(self) -> SymptomRequest:
        """Healthy base + extras (extras win on the same day and symptom)."""
        merged = {(day, symptom): level for day, symptom, level in healthy_entries()}
        merged.update({(day, symptom): level for day, symptom, level in self.extra})
        logs = [SymptomLog(date=d, symptom=s, severity=v) for (d, s), v in sorted(merged.items())]
        cycles = [
            CycleStart(start_date=onset(k), period_length_days=self.period_lengths.get(k))
            for k in range(N_CYCLES)
        ]
        as_of = onset(N_CYCLES - 1) + timedelta(days=self.as_of_day - 1)
        return SymptomRequest.model_validate(
            {
                "cycles": [c.model_dump() for c in cycles],
                "logs": [log.model_dump() for log in logs],
                "as_of": as_of,
                "age": self.age,
                "context": self.context,
            }
        )


def situation_of(request: SymptomRequest) -> Situation:
    """The situation the service derives from a request with an as_of."""
    assert request.as_of is not None
    return Situation.of(as_of=request.as_of, age=request.age, context=request.context)


def flags_of(vignette: Vignette) -> list[RedFlag]:
    """The red flags of a vignette, as the service computes them."""
    from fembalance_ml.symptoms.red_flag_rules import red_flags

    request = vignette.request()
    return red_flags(request.cycles, request.logs, situation_of(request))


def each(cycles: Iterable[int], cycle_day: int, symptom: str, level: int) -> tuple[Entry, ...]:
    """The same log on one cycle day of each of `cycles`."""
    return tuple(on_day(k, cycle_day, symptom, level) for k in cycles)


def run(cycle: int, days: range, symptom: str, level: int) -> tuple[Entry, ...]:
    """The same log on consecutive cycle days of one cycle."""
    return tuple(on_day(cycle, day, symptom, level) for day in days)


def flag(*names: str) -> frozenset[str]:
    """The rule names a vignette must fire."""
    return frozenset(names)


DELIVERY = onset(N_CYCLES - 1) + timedelta(days=280)  # a birth 40 weeks after the last period
AFTER_BIRTH_DAY = 280 + 31  # as_of: 30 days after that birth


def after_birth(days: Iterable[int], symptom: str, level: int) -> tuple[Entry, ...]:
    """Logs `days` after the birth."""
    return tuple((DELIVERY + timedelta(days=d), symptom, level) for d in days)


MENOPAUSE = onset(N_CYCLES - 1)  # the last natural period


def after_menopause(days: Iterable[int], symptom: str, level: int) -> tuple[Entry, ...]:
    """Logs `days` after the last natural period."""
    return tuple((MENOPAUSE + timedelta(days=d), symptom, level) for d in days)


LATE = 8  # cycle "8" is the one that has not started: on_day(LATE, d) is d - 1 days after due

ENDO = "suspected_endometriosis"
HMB = "heavy_menstrual_bleeding"
IMB = "intermenstrual_bleeding"
UNSCHEDULED = "unscheduled_bleeding"
LONG = "prolonged_menstruation"
PCB = "postcoital_bleeding"
URINE = "blood_in_urine"
RECTAL = "rectal_bleeding"
CRISIS = "severe_hopelessness"
SELF_HARM = "suicidal_thoughts_or_self_harm"
EXTREME = "extreme_bleeding_or_pain"
VERY_LONG = "very_long_bleed"
FAINT_HEAVY = "faint_with_heavy_bleeding"
PAIN_DIZZY = "pain_with_dizziness_or_fainting"
PAIN_FEVER = "pain_with_fever"
LATE_URGENT = "late_period_with_pain_or_bleeding"
LATE_SYMPTOMS = "late_period_with_symptoms"
SHOULDER = "shoulder_tip_pain"
PREGNANCY = "bleeding_or_pain_in_pregnancy"
POSTPARTUM = "postpartum_bleeding_or_fever"
DISCHARGE_FEVER = "discharge_with_fever"
INFECTION = "possible_infection"
FAINTING = "fainting"
PMB = "possible_postmenopausal_bleeding"
HRT = "bleeding_on_hrt"

NOT_PREGNANT = {"pregnancy": "not_pregnant"}
PREGNANT = {"pregnancy": "pregnant", "pregnancy_start_date": onset(N_CYCLES - 1).isoformat()}
PILL = {"contraception": "combined_hormonal"}
POSTPARTUM_CONTEXT = {"delivery_date": DELIVERY.isoformat(), "breastfeeding": "fully"}
MENOPAUSE_CONTEXT = {"menopause": "natural", "menopause_date": MENOPAUSE.isoformat()}
AFTER_MENOPAUSE_DAY = 401  # as_of: 400 days after the last natural period
