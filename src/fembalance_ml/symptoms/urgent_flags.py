"""The reasons to seek care today (`urgent_care`): one log is enough when waiting could harm.

The pattern rules wait for 2 or more cycles, so that a mistap cannot alarm anyone. These do
not: extreme bleeding or pain, dizziness or fainting with heavy bleeding or with pain, pain
with a fever, a late period with pain or bleeding, shoulder-tip pain, and bleeding or pain
in pregnancy or after a birth are each worth a same-day assessment the first time (NICE
NG88, NG126, NG194, CKS PID), and a false alarm here costs far less than a missed one.
The bleed of 14 days or more is in bleeding_flags.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from fembalance_ml.clinical.bleeding import LOCHIA_DAYS
from fembalance_ml.clinical.menopause import MENOPAUSE_AGE, MENOPAUSE_GAP_DAYS
from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.i18n import Text
from fembalance_ml.symptoms import evidence
from fembalance_ml.symptoms.evidence import dated
from fembalance_ml.symptoms.flag_context import BLEEDING_SYMPTOMS, PRESENT, FlagContext
from fembalance_ml.symptoms.red_flags import MILD, MODERATE, Hit
from fembalance_ml.symptoms.wording import iso, say, sign_text

EXTREME = 6  # DRSP "extreme"
SEVERE = 5
HEAVY_SYMPTOMS = ("heavy_bleeding", "clots_flooding")
PAIN = ("cramps", "pelvic_pain", "one_sided_pain")
PELVIC_PAIN = ("pelvic_pain", "one_sided_pain")
WITHIN_A_DAY = 1  # a sign the day before, of or after another counts as together
INFECTION_WINDOW_DAYS = 3  # discharge and fever within 3 days: one episode
POSTPARTUM_FIRST_WEEK = 7  # lochia is heavy at first; heavy bleeding after it is a warning
LateSigns = tuple[date, int, dict[str, list[date]]]  # due date, days late, signs by kind


def near(days: Sequence[date], others: Sequence[date], window: int = WITHIN_A_DAY) -> list[date]:
    """The days of `days` with one of `others` within `window` days."""
    if not days or not others:
        return []
    around = {day + timedelta(days=k) for day in others for k in range(-window, window + 1)}
    return [day for day in days if day in around]


def extreme_bleeding_or_pain(ctx: FlagContext) -> Hit | None:
    """heavy_bleeding, clots_flooding, pelvic_pain or one_sided_pain rated 6 on any day."""
    lines, found = [], []
    for symptom in (*HEAVY_SYMPTOMS, *PELVIC_PAIN):
        days = ctx.days((symptom,), EXTREME)
        if days:
            lines.append(
                dated(evidence.RATED_EXTREME, days, {"symptom": symptom, "days": len(days)})
            )
            found.append(symptom)
    if not lines:
        return None
    days = ctx.days((*HEAVY_SYMPTOMS, *PELVIC_PAIN), EXTREME)
    return Hit(lines, {"symptoms": found, "dates": iso(days), "threshold": EXTREME})


def _faint_days_with_heavy_bleeding(ctx: FlagContext) -> tuple[list[date], list[date]]:
    heavy = ctx.days(HEAVY_SYMPTOMS, MODERATE)
    return near(ctx.days(("dizziness",), MODERATE), heavy), near(ctx.days(("fainting",)), heavy)


def faint_with_heavy_bleeding(ctx: FlagContext) -> Hit | None:
    """dizziness 4+ or any fainting within a day of heavy_bleeding or clots_flooding 4+."""
    dizzy, fainted = _faint_days_with_heavy_bleeding(ctx)
    lines = []
    if dizzy:
        lines.append(dated(evidence.DIZZY_WITH_HEAVY, dizzy))
    if fainted:
        lines.append(dated(evidence.FAINT_WITH_HEAVY, fainted))
    if not lines:
        return None
    return Hit(
        lines, {"dizzy_dates": iso(dizzy), "fainting_dates": iso(fainted), "threshold": MODERATE}
    )


def _pain_with_faint(ctx: FlagContext) -> tuple[list[date], list[date]]:
    dizzy, fainted = ctx.days(("dizziness",), MODERATE), ctx.days(("fainting",))
    if not dizzy and not fainted:
        return [], []  # the common case: neither logged
    return near(dizzy, ctx.days(PAIN, MODERATE)), near(fainted, ctx.days(PAIN, MILD))


PAIN_DIZZY_PREGNANCY = Text(
    "symptoms.urgent_care.pain_with_dizziness_or_fainting",
    "Pain with dizziness or fainting needs medical help today (a same-day doctor or urgent "
    "care; emergency services if the pain is severe or you faint again). When pregnancy is "
    "possible it can be a sign of an ectopic pregnancy (NICE NG126): take a pregnancy test "
    "if you can, but do not wait for the result to seek help.",
)
PAIN_DIZZY_NOT_PREGNANT = Text(
    "symptoms.urgent_care.pain_with_dizziness_or_fainting.not_pregnant",
    "Pain with dizziness or fainting needs medical help today (a same-day doctor or urgent "
    "care; emergency services if the pain is severe or you faint again), even though you "
    "told us pregnancy is ruled out.",
)


def pain_with_dizziness_or_fainting(ctx: FlagContext) -> Hit | None:
    """cramps, pelvic or one-sided pain 4+ with dizziness 4+, or 3+ with fainting, within a day."""
    dizzy, fainted = _pain_with_faint(ctx)
    lines = []
    if dizzy:
        lines.append(dated(evidence.PAIN_WITH_DIZZINESS, dizzy))
    if fainted:
        lines.append(dated(evidence.PAIN_WITH_FAINTING, fainted))
    if not lines:
        return None
    pregnancy = ctx.situation.could_be_pregnant
    return Hit(
        lines,
        {
            "dizzy_dates": iso(dizzy),
            "fainting_dates": iso(fainted),
            "could_be_pregnant": pregnancy,
        },
        None if pregnancy else [say(PAIN_DIZZY_NOT_PREGNANT)],
    )


def pain_with_fever(ctx: FlagContext) -> Hit | None:
    """cramps, pelvic or one-sided pain 3+ with fever logged within a day."""
    days = near(ctx.days(("fever",)), ctx.days(PAIN, MILD))
    if not days:
        return None
    return Hit([dated(evidence.PAIN_WITH_FEVER, days)], {"dates": iso(days)})


def late_signs(ctx: FlagContext) -> LateSigns | None:
    """(due date, days late, signs by kind) of a late period with pain, bleeding or dizziness.

    Only in natural cycles (not on hormones, pregnant, after the menopause), when no birth
    since the last logged start explains it, and not after 12 months without a period at
    45 or over (bleeding then is the post-menopausal rule's).
    """
    return ctx.memo("late_signs", lambda: _late_signs(ctx))


def _late_signs(ctx: FlagContext) -> LateSigns | None:
    late = ctx.late()
    situation = ctx.situation
    delivery = situation.context.delivery_date
    if late is None or not situation.natural_cycles:
        return None
    if delivery is not None and delivery >= ctx.timeline.starts[-1]:
        return None
    if (
        situation.age is not None
        and situation.age >= MENOPAUSE_AGE
        and (ctx.as_of - ctx.timeline.starts[-1]).days >= MENOPAUSE_GAP_DAYS
    ):
        return None  # 12 months without a period at 45+: the post-menopausal rule's case
    due, days_late = late
    found = {
        "pain": ctx.days(PAIN, MILD),
        "bleeding": ctx.days((*BLEEDING_SYMPTOMS, "bleeding_after_sex")),
        "dizziness": ctx.days(("dizziness",), MILD),
        "fainting": ctx.days(("fainting",)),
    }
    signs = {kind: [d for d in days if d >= due] for kind, days in found.items()}
    signs = {kind: days for kind, days in signs.items() if days}
    return (due, days_late, signs) if signs else None


def late_hit(found: LateSigns, guidance: Text) -> Hit:
    """The evidence and params of a late period with signs (see `late_signs`)."""
    due, days_late, signs = found
    lines = [say(evidence.LATE_PERIOD, {"days_late": days_late, "due_date": due.isoformat()})]
    lines += [
        dated(evidence.LATE_SIGN, days, {"sign": kind}, sign=sign_text(kind))
        for kind, days in signs.items()
    ]
    words = [sign_text(kind) for kind in signs]
    told = say(guidance, {"days": days_late, "signs": list(signs)}, signs=", ".join(words))
    return Hit(
        lines,
        {"due_date": due.isoformat(), "days_late": days_late, "signs": list(signs)},
        [told],
    )


LATE_URGENT = Text(
    "symptoms.urgent_care.late_period_with_pain_or_bleeding",
    "Your period is {days} days late and you logged {signs}. When pregnancy is possible, "
    "pain, bleeding, dizziness or fainting with a late period can be a sign of an ectopic "
    "pregnancy or a miscarriage: seek medical help today and take a pregnancy test (NICE "
    "NG126). If your period has in fact started, log its start.",
    note="{signs} lists sign names (symptoms.sign.*), comma-separated",
)


def late_period_with_pain_or_bleeding(ctx: FlagContext) -> Hit | None:
    """A period 7+ days late with pain, bleeding, dizziness or fainting since it was due."""
    found = late_signs(ctx)
    if not ctx.situation.could_be_pregnant or found is None:
        return None
    return late_hit(found, LATE_URGENT)


def shoulder_tip_pain(ctx: FlagContext) -> Hit | None:
    """Shoulder-tip pain logged when she could be pregnant."""
    days = ctx.days(("shoulder_tip_pain",))
    if not days or not ctx.situation.could_be_pregnant:
        return None
    return Hit([dated(evidence.SHOULDER_TIP, days)], {"dates": iso(days)})


def pregnancy_signs(ctx: FlagContext) -> dict[str, list[date]]:
    """Bleeding, pain or fainting once pregnant (see FlagContext.pregnancy_from)."""
    return ctx.memo("pregnancy_signs", lambda: _pregnancy_signs(ctx))


def _pregnancy_signs(ctx: FlagContext) -> dict[str, list[date]]:
    since = ctx.pregnancy_from()
    if since is None:
        return {}
    bleeding = [*ctx.days((*BLEEDING_SYMPTOMS, "bleeding_after_sex")), *ctx.timeline.starts]
    found = {
        "bleeding": sorted(set(bleeding)),
        "pain": ctx.days(PAIN, MILD),
        "fainting": ctx.days(("fainting",)),
    }
    signs = {kind: [d for d in days if since <= d <= ctx.as_of] for kind, days in found.items()}
    return {kind: days for kind, days in signs.items() if days}


def bleeding_or_pain_in_pregnancy(ctx: FlagContext) -> Hit | None:
    """Any bleeding, pain 3+ or fainting logged since the pregnancy began."""
    signs = pregnancy_signs(ctx)
    if not signs:
        return None
    since = ctx.pregnancy_from()
    lines = [
        dated(evidence.SIGN_IN_PREGNANCY, days, {"sign": kind}, sign=sign_text(kind))
        for kind, days in signs.items()
    ]
    params: dict[str, NoteParam] = {
        "signs": list(signs),
        "from_date": since.isoformat() if since else "",
    }
    params |= {f"{kind}_dates": iso(days) for kind, days in signs.items()}
    return Hit(lines, params)


def postpartum_bleeding_or_fever(ctx: FlagContext) -> Hit | None:
    """In the 6 weeks after a birth: heavy bleeding 5+ (4+ after the first week), large clots
    or flooding, or fever."""
    delivery = ctx.situation.context.delivery_date
    if delivery is None:
        return None

    def days_after(day: date) -> int:
        return (day - delivery).days

    heavy = [
        d
        for d, level in ctx.ratings("heavy_bleeding", MODERATE)
        if 0 <= days_after(d) <= LOCHIA_DAYS
        and (level >= SEVERE or days_after(d) >= POSTPARTUM_FIRST_WEEK)
    ]
    clots = [d for d in ctx.days(("clots_flooding",), PRESENT) if 0 <= days_after(d) <= LOCHIA_DAYS]
    fever = [d for d in ctx.days(("fever",)) if 0 <= days_after(d) <= LOCHIA_DAYS]
    signs = {"heavy bleeding": heavy, "large clots or flooding": clots, "fever": fever}
    signs = {kind: days for kind, days in signs.items() if days}
    if not signs:
        return None
    lines = [
        dated(evidence.SIGN_AFTER_BIRTH, days, {"sign": kind}, sign=sign_text(kind))
        for kind, days in signs.items()
    ]
    return Hit(lines, {"delivery_date": delivery.isoformat(), "signs": list(signs)})


def discharge_with_fever(ctx: FlagContext) -> Hit | None:
    """abnormal_discharge and fever logged within 3 days of each other."""
    fever = ctx.days(("fever",))
    days = near(ctx.days(("abnormal_discharge",)), fever, INFECTION_WINDOW_DAYS)
    if not days:
        return None
    return Hit([dated(evidence.DISCHARGE_WITH_FEVER, days)], {"dates": iso(days)})


def urgent_faint_days(ctx: FlagContext) -> set[date]:
    """The fainting days an urgent rule already answers (the `fainting` rule leaves them)."""
    covered = set(_faint_days_with_heavy_bleeding(ctx)[1]) | set(_pain_with_faint(ctx)[1])
    late = late_signs(ctx) if ctx.situation.could_be_pregnant else None
    if late is not None:
        covered |= set(late[2].get("fainting", []))
    covered |= set(pregnancy_signs(ctx).get("fainting", []))
    return covered
