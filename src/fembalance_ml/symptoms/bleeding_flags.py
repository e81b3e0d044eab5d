"""The bleeding red flags of /symptoms: measured from daily logs, judged by clinical/bleeding.

/cycle and /symptoms share one set of bleeding rules (clinical/bleeding.py); this module
finds, in a symptom log, the periods, the bleeding between them and the bleeding after sex,
and renders each rule's finding as evidence lines. Bleeding another rule explains (lochia,
pregnancy, after the menopause: flag_context.explained) is not a period's.
"""

from __future__ import annotations

from datetime import date, timedelta

from fembalance_ml.clinical import bleeding, menopause
from fembalance_ml.clinical.bleeding import CycleDay
from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.i18n import Text
from fembalance_ml.symptoms.evidence import dated
from fembalance_ml.symptoms.flag_context import BLEEDING_SYMPTOMS, GRACE_DAYS, FlagContext
from fembalance_ml.symptoms.red_flags import MILD, MODERATE, Hit
from fembalance_ml.symptoms.wording import Said, say

HEAVY_SYMPTOMS = ("heavy_bleeding", "clots_flooding")
PAIN_SYMPTOMS = ("pelvic_pain", "one_sided_pain")
PREMENSTRUAL_SPOTTING_DAYS = 2  # spotting 1-2 days before onset is the period starting
# The pattern rules need 2+ cycles (clinical/bleeding.py); unscheduled bleeding may be one.
HEAVY_IN_PERIODS = Text(
    "symptoms.evidence.heavy_in_periods",
    "heavy_bleeding or clots_flooding rated 4+ during the period in {cycles} cycles ({dates})",
    note="heavy_bleeding and clots_flooding are symptoms' codes: keep them as they are",
)
BETWEEN_PERIODS = Text(
    "symptoms.evidence.between_periods",
    "bleeding logged between periods in {cycles} cycles ({dates})",
)
BETWEEN_BLEEDS = Text(
    "symptoms.evidence.between_expected_bleeds",
    "bleeding logged between the expected bleeds in {cycles} cycles ({dates})",
)
BETWEEN_BLEEDS_ONE = Text(
    "symptoms.evidence.between_expected_bleeds.one_cycle",
    "bleeding logged between the expected bleeds in 1 cycle ({dates})",
)
PERIOD_LASTED = {
    "period_length_days": Text(
        "symptoms.evidence.period_lasted",
        "period of {start_date} lasted {days} days (period_length_days)",
        note="period_length_days is a request field's name: keep it as it is",
    ),
    "bleeding logs": Text(
        "symptoms.evidence.period_lasted.from_logs",
        "period of {start_date} lasted {days} days (bleeding logs)",
    ),
}
BLEEDING_RUN = Text(
    "symptoms.evidence.bleeding_run", "bleeding logged on {days} consecutive days from {start_date}"
)
AFTER_SEX = Text(
    "symptoms.evidence.bleeding_after_sex",
    "bleeding_after_sex logged on {dates}",
    note="bleeding_after_sex is a symptom's code: keep it as it is",
)
AFTER_GAP = Text(
    "symptoms.evidence.bleeding_after_gap",
    "bleeding logged on {bleed_date} after {gap_days} days without bleeding",
)
AFTER_MENOPAUSE = Text(
    "symptoms.evidence.bleeding_after_menopause",
    "bleeding logged on {bleed_date}, after the menopause",
)


def _hit(finding: bleeding.Finding | None, evidence: list[Said]) -> Hit | None:
    if finding is None:
        return None
    # The words are the shared rule's (clinical/bleeding.py), under the shared rule's code.
    guidance = Said(finding.message, finding.code, finding.params)
    return Hit(evidence, finding.params, [guidance], finding.source)


def _lasted(period: bleeding.Period, source: str) -> Said:
    params: dict[str, NoteParam] = {
        "start_date": period.start.isoformat(),
        "days": period.days or 0,
    }
    return say(PERIOD_LASTED[source], params)


def _run(period: bleeding.Period) -> Said:
    return say(BLEEDING_RUN, {"start_date": period.start.isoformat(), "days": period.days or 0})


def bleeding_runs(days: set[date]) -> list[tuple[date, int]]:
    """(first day, length) of every run of consecutive days in `days`, in date order."""
    runs = []
    for day in sorted(days):
        if day - timedelta(days=1) not in days:
            length = 1
            while day + timedelta(days=length) in days:
                length += 1
            runs.append((day, length))
    return runs


def heavy_menstrual_bleeding(ctx: FlagContext) -> Hit | None:
    """heavy_bleeding or clots_flooding rated 4+ during periods of 2 or more cycles."""
    days = [
        CycleDay(day, period.start)
        for day in ctx.cycle_days(HEAVY_SYMPTOMS, MODERATE)
        if ctx.is_menstrual(day) and (period := ctx.period_of(day)) is not None
    ]
    finding = bleeding.heavy_menstrual_bleeding(days, ctx.situation)
    if finding is None:
        return None  # no evidence line to word
    return _hit(finding, [_cycles_line(HEAVY_IN_PERIODS, days)])


def between_periods(ctx: FlagContext) -> list[CycleDay]:
    """Bleeding logged between periods (not just after one or just before the next)."""
    return ctx.memo("between_periods", lambda: _between_periods(ctx))


def _between_periods(ctx: FlagContext) -> list[CycleDay]:
    found = []
    for day in ctx.cycle_days(BLEEDING_SYMPTOMS):
        period, length, cycle_day = ctx.period_of(day), ctx.period_days(day), ctx.cycle_day(day)
        if period is None or length is None or cycle_day is None:
            continue
        after_period = cycle_day > length + GRACE_DAYS
        if after_period and ctx.days_to_next_start(day) > PREMENSTRUAL_SPOTTING_DAYS:
            found.append(CycleDay(day, period.start))
    return found


def _cycles_line(many: Text, days: list[CycleDay], one: Text | None = None) -> Said:
    firsts: dict[date, date] = {}
    for found in days:
        firsts.setdefault(found.cycle_start, found.day)
    shown = sorted(firsts.values())
    text = one if one is not None and len(shown) == 1 else many
    return dated(text, shown, {"cycles": len(shown)})


def intermenstrual_bleeding(ctx: FlagContext) -> Hit | None:
    """Bleeding between periods in 2 or more cycles (natural cycles)."""
    if ctx.situation.hormonal_contraception:
        return None  # unscheduled bleeding then (clinical/bleeding.intermenstrual_bleeding)
    days = between_periods(ctx)
    finding = bleeding.intermenstrual_bleeding(days, ctx.situation)
    if finding is None:
        return None
    return _hit(finding, [_cycles_line(BETWEEN_PERIODS, days)])


def long_bleeds(ctx: FlagContext) -> list[tuple[bleeding.Period, Said]]:
    """Every bleed with a length: logged periods, and runs of bleeding logs outside them."""
    return ctx.memo("long_bleeds", lambda: _long_bleeds(ctx))


def _long_bleeds(ctx: FlagContext) -> list[tuple[bleeding.Period, Said]]:
    found = [
        (period, _lasted(period, p.length_source))
        for p in ctx.periods
        if p.length is not None
        for period in (bleeding.Period(p.start, p.length),)
    ]
    runs = bleeding_runs(set(ctx.cycle_days(BLEEDING_SYMPTOMS)))
    if not runs:
        return found  # no bleeding logged: nothing to set against the periods' days
    covered = {p.start + timedelta(days=k) for p in ctx.periods for k in range(p.length or 1)}
    for first, length in runs:
        run = {first + timedelta(days=k) for k in range(length)}
        if not run & covered:
            period = bleeding.Period(first, length)
            found.append((period, _run(period)))
    return found


def prolonged_menstruation(ctx: FlagContext) -> Hit | None:
    """A period (or a bleed) longer than the limit for her age; one is enough."""
    if ctx.situation.hormonal_contraception:
        return None  # a long bleed on hormonal contraception is unscheduled bleeding
    bleeds = long_bleeds(ctx)
    finding = bleeding.prolonged_periods([period for period, _ in bleeds], ctx.situation)
    if finding is None:
        return None
    limit = bleeding.prolonged_limit(ctx.situation)
    lines = [line for period, line in bleeds if (period.days or 0) > limit]
    return _hit(finding, lines[:3])


def _warning_signs(ctx: FlagContext, days: list[CycleDay]) -> list[str]:
    near = {found.day + timedelta(days=k) for found in days for k in (-1, 0, 1)}
    on_days = {found.day for found in days}
    signs = []
    if near & set(ctx.days(PAIN_SYMPTOMS, MILD)):
        signs.append("pain")
    if on_days & set(ctx.days(("heavy_bleeding",), MODERATE) + ctx.days(("clots_flooding",))):
        signs.append("heavy bleeding")
    if ctx.days(("bleeding_after_sex",)):
        signs.append("bleeding after sex")
    return signs


def unscheduled_bleeding(ctx: FlagContext) -> Hit | None:
    """Bleeding between the expected bleeds, or a long bleed, on hormonal contraception."""
    if not ctx.situation.hormonal_contraception:
        return None  # the rule's own condition (clinical/bleeding.unscheduled_bleeding)
    days = between_periods(ctx)
    limit = bleeding.prolonged_limit(ctx.situation)
    bleeds = [(p, line) for p, line in long_bleeds(ctx) if (p.days or 0) > limit]
    finding = bleeding.unscheduled_bleeding(
        days, [p for p, _ in bleeds], ctx.situation, _warning_signs(ctx, days)
    )
    evidence = [_cycles_line(BETWEEN_BLEEDS, days, BETWEEN_BLEEDS_ONE)] if days else []
    return _hit(finding, evidence + [line for _, line in bleeds[:3]])


def very_long_bleed(ctx: FlagContext) -> Hit | None:
    """Bleeding on 14+ consecutive days, or a stated period of 14+ days (not lochia)."""
    days = {day for day in ctx.days(BLEEDING_SYMPTOMS) if not bleeding.lochia(day, ctx.situation)}
    runs = [bleeding.Period(first, length) for first, length in bleeding_runs(days)]
    stated = [
        bleeding.Period(p.start, p.length)
        for p in ctx.periods
        # Lengths measured from bleeding logs are the runs above; these are the stated ones.
        if p.length_source == "period_length_days"
    ]
    long_runs = bleeding.very_long_bleeds(runs)
    long_stated = bleeding.very_long_bleeds(stated)
    if not long_runs and not long_stated:
        return None
    lines = [_run(period) for period in long_runs]
    lines += [_lasted(period, "period_length_days") for period in long_stated]
    longest = max(p.days or 0 for p in long_runs + long_stated)
    return Hit(
        lines,
        {
            "longest_days": longest,
            "threshold_days": bleeding.VERY_LONG_BLEED_DAYS,
            "first_days": [p.start.isoformat() for p in long_runs + long_stated],
        },
    )


def postcoital_bleeding(ctx: FlagContext) -> Hit | None:
    """Any bleeding after sex (NICE CKS: it always needs a clinician's examination)."""
    days = ctx.days(("bleeding_after_sex",))
    finding = bleeding.postcoital_bleeding(days, ctx.situation)
    if finding is None:
        return None
    return _hit(finding, [dated(AFTER_SEX, days)])


def _postmenopausal(ctx: FlagContext) -> bleeding.Finding | None:
    return ctx.memo("postmenopausal", lambda: _postmenopausal_finding(ctx))


def _postmenopausal_finding(ctx: FlagContext) -> bleeding.Finding | None:
    bleeds = [*ctx.timeline.starts, *ctx.days((*BLEEDING_SYMPTOMS, "bleeding_after_sex"))]
    return menopause.postmenopausal_bleeding(bleeds, ctx.situation)


def _postmenopausal_hit(ctx: FlagContext, code: str) -> Hit | None:
    finding = _postmenopausal(ctx)
    if finding is None or finding.code != code:
        return None
    params = {"bleed_date": finding.params["bleed_date"]}
    gap = finding.params.get("gap_days")
    if gap is None:
        return _hit(finding, [say(AFTER_MENOPAUSE, params)])
    return _hit(finding, [say(AFTER_GAP, params | {"gap_days": gap})])


def possible_postmenopausal_bleeding(ctx: FlagContext) -> Hit | None:
    """Bleeding after the menopause (stated, or 12 months without bleeding at 45+)."""
    return _postmenopausal_hit(ctx, "possible_postmenopausal_bleeding")


def bleeding_on_hrt(ctx: FlagContext) -> Hit | None:
    """Bleeding after the menopause while on HRT."""
    return _postmenopausal_hit(ctx, "bleeding_on_hrt")
