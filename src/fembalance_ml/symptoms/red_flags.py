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
from fembalance_ml.i18n import Text
from fembalance_ml.symptoms.flag_context import FlagContext
from fembalance_ml.symptoms.wording import Said, dates_text, iso, say

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

    evidence: list[Said]
    params: dict[str, NoteParam] = field(default_factory=dict)
    # Replaces the rule's guidance when the situation changes it (sentences, in order).
    guidance: list[Said] | None = None
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
    # A str: the words are the shared bleeding rule's (clinical/), which every hit carries;
    # the string is their gist for the model card, never served.
    guidance: Text | str
    check: Check
    addendum: Text | None = None  # the words instead of `guidance` after another rule's


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


PERIOD_PAIN_CYCLES = Text(
    "symptoms.evidence.disabling_period_pain",
    "period pain that disrupted daily life in {cycles} cycles ({dates})",
)
AROUND_PERIOD_CYCLES = Text(
    "symptoms.evidence.around_period",
    "{symptom} rated 3+ around a period in {cycles} cycles ({dates})",
    note="{symptom} is a symptom's code (painful_urination...): keep it as it is",
)
CHRONIC_PELVIC_PAIN = Text(
    "symptoms.evidence.chronic_pelvic_pain",
    "pelvic_pain rated 3+ on {days} non-period days in {months} separate months, "
    "from {first_date} to {last_date}",
    note="pelvic_pain is a symptom's code: keep it as it is",
)
PAIN_DURING_SEX = Text(
    "symptoms.evidence.pain_during_sex",
    "pain_during_sex rated 3+ on {days} days ({dates})",
    note="pain_during_sex is a symptom's code: keep it as it is",
)


def _recurring(
    ctx: FlagContext, days: list[date], text: Text, symptom: str | None = None
) -> list[Said]:
    if len(days) < MIN_CYCLES:
        return []  # fewer days than cycles asked for: no need to place them
    firsts = distinct_cycles(ctx, days)
    if len(firsts) < MIN_CYCLES:
        return []
    params: dict[str, NoteParam] = {} if symptom is None else {"symptom": symptom}
    params |= {"cycles": len(firsts), "dates": iso(firsts)}
    return [say(text, params, dates=dates_text(firsts))]


def chronic_pelvic_pain(ctx: FlagContext) -> list[Said]:
    """Pelvic pain 3+ on non-period days, in 3+ separate months spanning 180+ days."""
    # Chronic pelvic pain is pain of 6 months or more not only with periods (RCOG GTG 41;
    # NICE NG73 1.1.1): period-day pain is dysmenorrhoea, judged by disabling_period_pain.
    days = [day for day, _ in ctx.ratings("pelvic_pain", MILD) if not ctx.is_menstrual(day)]
    months = sorted({(day.year, day.month) for day in days})
    if len(months) < CHRONIC_MONTHS or (days[-1] - days[0]).days < CHRONIC_DAYS:
        return []
    params: dict[str, NoteParam] = {
        "days": len(days),
        "months": len(months),
        "first_date": days[0].isoformat(),
        "last_date": days[-1].isoformat(),
    }
    return [say(CHRONIC_PELVIC_PAIN, params)]


def disabling_period_pain(ctx: FlagContext) -> list[Said]:
    """Period pain 4+ with an interference item 4+ the same day, or extreme (6) pain."""
    interfering = set(ctx.days(INTERFERENCE, MODERATE))
    days = [
        day
        for symptom in ("cramps", "pelvic_pain")
        for day, level in ctx.ratings(symptom, MODERATE)
        if ctx.is_menstrual(day) and (day in interfering or level == 6)
    ]
    return _recurring(ctx, days, PERIOD_PAIN_CYCLES)


def deep_dyspareunia(ctx: FlagContext) -> list[Said]:
    """Pain during or after sex rated mild or worse on 2 or more days."""
    days = ctx.days(("pain_during_sex",), MILD)
    if len(days) < MIN_CYCLES:
        return []
    return [say(PAIN_DURING_SEX, {"days": len(days), "dates": iso(days)}, dates=dates_text(days))]


def _period_related_symptom(symptom: str) -> Callable[[FlagContext], list[Said]]:
    def check(ctx: FlagContext) -> list[Said]:
        days = [day for day in ctx.days((symptom,), MILD) if period_related(ctx, day)]
        return _recurring(ctx, days, AROUND_PERIOD_CYCLES, symptom)

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
