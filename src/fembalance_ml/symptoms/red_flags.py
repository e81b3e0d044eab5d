"""Red flags: log patterns that guidelines say merit a clinician's view, with their evidence.

Thresholds are deliberate: a single log never flags here (a mistap must not alarm anyone);
a pattern must recur in 2 or more cycles, or (chronic pelvic pain) persist for 6 months.
The signs that cannot wait for a pattern are in urgent_flags.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from fembalance_ml.symptoms.flag_context import BLEEDING_SYMPTOMS, PRESENT, FlagContext

MODERATE = 4  # DRSP "moderate": the C-PASS high-score level
MILD = 3
MIN_CYCLES = 2  # a pattern must recur in this many distinct cycles
CHRONIC_DAYS = 180  # chronic pelvic pain: 6 months or more (RCOG Green-top 41)
CHRONIC_MONTHS = 3  # in 3+ separate months: one log at each end of 6 months is not chronic
INTERFERENCE = ("work_interference", "hobby_interference", "relationship_interference")
PERI_MENSTRUAL_LEAD_DAYS = 3  # "period-related" includes the 3 days before onset
IMB_GRACE_DAYS = 1  # tail spotting the day after a period ends is not intermenstrual
IMB_PREMENSTRUAL_DAYS = 2  # spotting 1-2 days before onset is the period starting
FIGO_MAX_PERIOD_DAYS = 8  # FIGO 2018: normal duration is 8 days or fewer

NICE_NG73 = "NICE NG73 Endometriosis: diagnosis and management (2017, updated 2024), 1.1.1"
NICE_NG88 = "NICE NG88 Heavy menstrual bleeding: assessment and management (2018, 2021)"
FIGO_2018 = "FIGO 2018 systems for abnormal uterine bleeding (Munro et al., IJGO 2018)"
NICE_CKS_HMB = "NICE CKS Heavy menstrual bleeding (menorrhagia)"
NICE_NG126 = "NICE NG126 Ectopic pregnancy and miscarriage (2019, updated 2023)"
NICE_CKS_PCB = "NICE CKS Post-coital bleeding"
NICE_NG12 = "NICE NG12 Suspected cancer: recognition and referral (2015, updated)"
NICE_NG225 = "NICE NG225 Self-harm: assessment, management and preventing recurrence (2022)"


@dataclass(frozen=True)
class Finding:
    """Evidence lines found by a rule (empty when the rule does not fire)."""

    evidence: list[str]


@dataclass(frozen=True)
class Rule:
    """One red-flag rule: code, source, threshold in words, and its check."""

    code: str
    source: str
    threshold: str
    guidance: str
    check: Callable[[FlagContext], list[str]]


def dates_text(days: list[date], limit: int = 3) -> str:
    """The first `limit` dates, then how many more."""
    shown = ", ".join(day.isoformat() for day in days[:limit])
    return shown + (f" and {len(days) - limit} more" if len(days) > limit else "")


def _distinct_cycles(ctx: FlagContext, days: list[date]) -> list[date]:
    """The first qualifying day in each distinct cycle."""
    firsts: dict[date, date] = {}
    for day in sorted(days):
        period = ctx.period_of(day)
        if period is not None:
            firsts.setdefault(period.start, day)
    return sorted(firsts.values())


def period_related(ctx: FlagContext, day: date) -> bool:
    """During a period or in the 3 days before the next onset."""
    return ctx.is_menstrual(day) or ctx.days_to_next_start(day) <= PERI_MENSTRUAL_LEAD_DAYS


def _recurring(ctx: FlagContext, days: list[date], what: str) -> list[str]:
    firsts = _distinct_cycles(ctx, days)
    if len(firsts) < MIN_CYCLES:
        return []
    return [f"{what} in {len(firsts)} cycles ({dates_text(firsts)})"]


def chronic_pelvic_pain(ctx: FlagContext) -> list[str]:
    """Pelvic pain 3+ on non-period days, in 3+ separate months spanning 180+ days."""
    # Chronic pelvic pain is pain of 6 months or more not only with periods (RCOG GTG 41;
    # NICE NG73 1.1.1): period-day pain is dysmenorrhoea, judged by disabling_period_pain.
    days = [day for day, _ in ctx.ratings("pelvic_pain", MILD) if not ctx.is_menstrual(day)]
    months = sorted({(day.year, day.month) for day in days})
    if len(months) < CHRONIC_MONTHS or (days[-1] - days[0]).days < CHRONIC_DAYS:
        return []
    return [
        f"pelvic_pain rated 3+ on {len(days)} non-period days in {len(months)} separate "
        f"months, from {days[0]} to {days[-1]}"
    ]


def disabling_period_pain(ctx: FlagContext) -> list[str]:
    """Period pain 4+ with an interference item 4+ the same day, or extreme (6) pain."""
    interfering = {d for item in INTERFERENCE for d, _ in ctx.ratings(item, MODERATE)}
    days = [
        day
        for symptom in ("cramps", "pelvic_pain")
        for day, level in ctx.ratings(symptom, MODERATE)
        if ctx.is_menstrual(day) and (day in interfering or level == 6)
    ]
    return _recurring(ctx, days, "period pain that disrupted daily life")


def deep_dyspareunia(ctx: FlagContext) -> list[str]:
    """Pain during or after sex rated mild or worse on 2 or more days."""
    days = [day for day, _ in ctx.ratings("pain_during_sex", MILD)]
    return (
        [f"pain_during_sex rated 3+ on {len(days)} days ({dates_text(days)})"]
        if len(days) >= MIN_CYCLES
        else []
    )


def _period_related_symptom(symptom: str) -> Callable[[FlagContext], list[str]]:
    def check(ctx: FlagContext) -> list[str]:
        days = [day for day, _ in ctx.ratings(symptom, MILD) if period_related(ctx, day)]
        return _recurring(ctx, days, f"{symptom} rated 3+ around a period")

    return check


ENDOMETRIOSIS_FINDINGS = (
    chronic_pelvic_pain,
    disabling_period_pain,
    deep_dyspareunia,
    _period_related_symptom("painful_bowel_movements"),
    _period_related_symptom("painful_urination"),
    _period_related_symptom("blood_in_urine"),
    _period_related_symptom("rectal_bleeding"),
)


def suspected_endometriosis(ctx: FlagContext) -> list[str]:
    """Any of NICE NG73's symptoms that should raise a suspicion of endometriosis."""
    return [line for finding in ENDOMETRIOSIS_FINDINGS for line in finding(ctx)]


def heavy_menstrual_bleeding(ctx: FlagContext) -> list[str]:
    """heavy_bleeding or clots_flooding rated 4+ during periods of 2 or more cycles."""
    # NICE NG88 1.2: flooding and large clots are themselves signs of heavy bleeding.
    days = [
        day
        for symptom in ("heavy_bleeding", "clots_flooding")
        for day, _ in ctx.ratings(symptom, MODERATE)
        if ctx.is_menstrual(day)
    ]
    return _recurring(ctx, days, "heavy_bleeding or clots_flooding rated 4+ during the period")


def intermenstrual_bleeding(ctx: FlagContext) -> list[str]:
    """Bleeding logged between periods (not just after one or just before the next)."""
    days = []
    for symptom in BLEEDING_SYMPTOMS:
        for day, _ in ctx.ratings(symptom, PRESENT):
            length, cycle_day = ctx.period_days(day), ctx.cycle_day(day)
            if length is None or cycle_day is None:
                continue
            after_period = cycle_day > length + IMB_GRACE_DAYS
            if after_period and ctx.days_to_next_start(day) > IMB_PREMENSTRUAL_DAYS:
                days.append(day)
    return _recurring(ctx, days, "bleeding logged between periods")


def prolonged_menstruation(ctx: FlagContext) -> list[str]:
    """Periods longer than 8 days in 2 or more cycles."""
    long = [p for p in ctx.periods if p.length is not None and p.length > FIGO_MAX_PERIOD_DAYS]
    if len(long) < MIN_CYCLES:
        return []
    return [f"period of {p.start} lasted {p.length} days ({p.length_source})" for p in long[:3]]
