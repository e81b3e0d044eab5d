"""Red flags: what a rule is, and the pattern that suggests endometriosis (NICE NG73).

A rule's check reads the request once indexed (`FlagContext`) and returns a `Hit` (the
evidence lines, the values they name, and the guidance when the person's situation changes
it) or None. Pattern rules wait for a pattern in 2 or more cycles, or (chronic pelvic
pain) for 6 months, so that a mistap alarms no one; the signs that cannot wait are in
urgent_flags.py and warning_flags.py, the bleeding rules in bleeding_flags.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.symptoms.flag_context import FlagContext

MODERATE = 4  # DRSP "moderate": the C-PASS high-score level
MILD = 3
MIN_CYCLES = 2  # a pattern must recur in this many distinct cycles
CHRONIC_DAYS = 180  # chronic pelvic pain: 6 months or more (RCOG Green-top 41)
CHRONIC_MONTHS = 3  # in 3+ separate months: one log at each end of 6 months is not chronic
INTERFERENCE = ("work_interference", "hobby_interference", "relationship_interference")
PERI_MENSTRUAL_LEAD_DAYS = 3  # "period-related" includes the 3 days before onset


@dataclass(frozen=True)
class Hit:
    """A rule that fired: its evidence, the values it names, and situational words if any."""

    evidence: list[str]
    params: dict[str, NoteParam] = field(default_factory=dict)
    guidance: str | None = None  # replaces the rule's guidance when the situation changes it
    source: str | None = None  # replaces the rule's source likewise


Check = Callable[[FlagContext], Hit | None]


@dataclass(frozen=True)
class Rule:
    """One red-flag rule: the code it raises, its own name, source, threshold and check.

    Several rules may raise one code (`urgent_care` has many reasons); `name` tells them
    apart in `params["rules"]`, in the vignettes and in docs/CLINICAL.md. A code with one
    rule uses the code as the name.
    """

    code: str
    name: str
    source: str
    threshold: str
    guidance: str
    check: Check
    addendum: str | None = None  # the words instead of `guidance` after another rule's


def iso(days: list[date]) -> list[str]:
    """ISO dates, for params."""
    return [day.isoformat() for day in days]


def dates_text(days: list[date], limit: int = 3) -> str:
    """The first `limit` dates, then how many more."""
    shown = ", ".join(day.isoformat() for day in days[:limit])
    return shown + (f" and {len(days) - limit} more" if len(days) > limit else "")


def distinct_cycles(ctx: FlagContext, days: list[date]) -> list[date]:
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
    if len(days) < MIN_CYCLES:
        return []  # fewer days than cycles asked for: no need to place them
    firsts = distinct_cycles(ctx, days)
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
    interfering = set(ctx.days(INTERFERENCE, MODERATE))
    days = [
        day
        for symptom in ("cramps", "pelvic_pain")
        for day, level in ctx.ratings(symptom, MODERATE)
        if ctx.is_menstrual(day) and (day in interfering or level == 6)
    ]
    return _recurring(ctx, days, "period pain that disrupted daily life")


def deep_dyspareunia(ctx: FlagContext) -> list[str]:
    """Pain during or after sex rated mild or worse on 2 or more days."""
    days = ctx.days(("pain_during_sex",), MILD)
    return (
        [f"pain_during_sex rated 3+ on {len(days)} days ({dates_text(days)})"]
        if len(days) >= MIN_CYCLES
        else []
    )


def _period_related_symptom(symptom: str) -> Callable[[FlagContext], list[str]]:
    def check(ctx: FlagContext) -> list[str]:
        days = [day for day in ctx.days((symptom,), MILD) if period_related(ctx, day)]
        return _recurring(ctx, days, f"{symptom} rated 3+ around a period")

    check.__name__ = symptom
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


def suspected_endometriosis(ctx: FlagContext) -> Hit | None:
    """Any of NICE NG73's symptoms that should raise a suspicion of endometriosis."""
    found = [(finding.__name__, finding(ctx)) for finding in ENDOMETRIOSIS_FINDINGS]
    lines = [line for _, found_lines in found for line in found_lines]
    if not lines:
        return None
    signs = [name for name, found_lines in found if found_lines]
    return Hit(lines, {"signs": signs, "min_cycles": MIN_CYCLES, "chronic_days": CHRONIC_DAYS})
