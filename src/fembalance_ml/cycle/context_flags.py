"""Flags that say what the person's context changes in a cycle answer, and why.

Each state that changes the answer (plan.py) explains itself in one flag, with the
guideline behind it and when to see a clinician: `pregnancy` (NICE NG126),
`postpartum_amenorrhoea` (FSRH contraception after pregnancy; NICE CKS amenorrhoea),
`menopause` and `hrt` (NICE NG23), `menopausal_transition` (STRAW+10; NICE NG23; FSRH over
40), `hormonal_contraception` (FSRH CHC; FSRH problematic bleeding), `emergency_contraception`
(FSRH EC) and `late_menarche` (ACOG CO 651). None of them fires without a context.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.clinical.situation import PRIMARY_AMENORRHOEA_AGE, Situation
from fembalance_ml.clinical.sources import (
    ACOG_CO_651,
    FSRH_CHC,
    FSRH_EC,
    FSRH_OVER_40,
    FSRH_PROBLEMATIC_BLEEDING,
    NICE_CKS_PMB,
    NICE_NG23,
    NICE_NG88,
    NICE_NG126,
    STRAW_10,
)
from fembalance_ml.cycle.flag import Flag, said
from fembalance_ml.cycle.plan import emergency_in_cycle, no_period_since_birth
from fembalance_ml.cycle.postpartum import postpartum_flag
from fembalance_ml.i18n import Text

SETTLING_DAYS: Final = 90  # FSRH: unscheduled bleeding is common in a method's first 3 months
EC_LATE_DAYS: Final = 7  # FSRH EC: a test if the next period is more than 7 days late
# NICE NG23: a menopause before 40 is premature ovarian insufficiency, for a clinician to
# diagnose; from 40 a stated transition relaxes the long and varying cycle flags.
TRANSITION_MIN_AGE: Final = 40
# STRAW+10: the early transition is a persistent change of 7+ days between consecutive
# cycles; the late transition, a gap of 60+ days.
TRANSITION_CHANGE_DAYS: Final = 7
TRANSITION_GAP_DAYS: Final = 60

_NOT_FORECAST = "no period, ovulation or fertile window is forecast"
PREGNANCY: Final = Text(
    "cycle.pregnancy",
    f"You told us you are pregnant: periods stop in pregnancy, so {_NOT_FORECAST}. Any "
    "bleeding, or pain in your tummy or pelvis, during pregnancy needs checking the same "
    "day: contact your midwife, doctor or early pregnancy unit. Heavy bleeding, severe "
    "pain, pain in the tip of the shoulder or feeling faint is an emergency "
    f"({NICE_NG126}).",
)
_MENOPAUSE_ADVICE = (
    f"periods have stopped, so {_NOT_FORECAST}. Any bleeding from now on needs checking by "
    "a doctor soon, and from 55 on the urgent suspected-cancer pathway "
    f"({NICE_NG23}; {NICE_CKS_PMB})."
)
MENOPAUSE: Final = {
    kind: Text(
        f"cycle.menopause.{kind}", f"You told us your menopause is {kind}: {_MENOPAUSE_ADVICE}"
    )
    for kind in ("natural", "surgical")
}
TRANSITION: Final = Text(
    "cycle.menopausal_transition.expected",
    "You told us you are in the perimenopause. Cycles often change in length by "
    "{change_days} days or more from one to the next, and gaps of {gap_days} days or more "
    f"are common later in the transition ({STRAW_10}), so long or varying cycles are not "
    "flagged here and the dates given are less certain.",
)
_TOO_EARLY = (
    ": menopause changes before {min_age} (premature ovarian insufficiency) need a "
    f"clinician's assessment ({NICE_NG23}), so your cycles are still judged by the usual "
    "adult limits."
)
TRANSITION_NO_AGE: Final = Text(
    "cycle.menopausal_transition.age_not_given",
    "You told us you are in the perimenopause, but your age was not given" + _TOO_EARLY,
)
TRANSITION_TOO_YOUNG: Final = Text(
    "cycle.menopausal_transition.under_age",
    "You told us you are in the perimenopause, but you are under {min_age}" + _TOO_EARLY,
)
TRANSITION_ADVICE: Final = Text(
    "cycle.menopausal_transition.advice",
    "You can still become pregnant until the menopause: contraception is "
    "advised until 12 months after the last period from 50 on, 2 years before 50 "
    f"({FSRH_OVER_40}). See a clinician if bleeding is very heavy ({NICE_NG88}), comes "
    "between periods or after sex, lasts much longer than usual, comes more often than "
    "every 3 weeks, or comes back after 12 months without a period "
    f"({NICE_NG23}; {NICE_CKS_PMB}).",
)
HRT: Final = {
    "sequential": Text(
        "cycle.hrt.sequential",
        "You told us you take sequential HRT: a monthly bleed is expected after each "
        "month's progestogen days, so its timing follows your HRT, not ovulation. No "
        "ovulation or fertile window is predicted, no later cycles are forecast, and the "
        "next bleed is estimated from your logged bleeds only.",
    ),
    "continuous": Text(
        "cycle.hrt.continuous",
        f"You told us you take continuous HRT: no monthly bleed is expected, so {_NOT_FORECAST}.",
    ),
}
HRT_ADVICE: Final = Text(
    "cycle.hrt.advice",
    "Irregular bleeding is common in the first months of HRT or after a change; "
    "bleeding that is heavy, prolonged, at unexpected times, or that goes on after the "
    f"first months needs checking by a doctor ({NICE_NG23}).",
)
COMBINED: Final = Text(
    "cycle.hormonal_contraception.combined_hormonal",
    "You told us you use combined hormonal contraception (the pill, patch or ring). It "
    "stops ovulation, so no ovulation date or "
    "fertile window is given, and the bleeds you log are withdrawal bleeds in the "
    "break between packs, not periods: their timing follows your pack, patch or ring, "
    "so no later cycles are forecast, and the cycle-length limits for natural cycles "
    "do not apply to them.",
)
PROGESTOGEN_ONLY: Final = Text(
    "cycle.hormonal_contraception.progestogen_only",
    "You told us you use {method_name}. With progestogen-only methods irregular, infrequent, "
    "frequent or no bleeding is common and expected, so the cycle-length limits for "
    "natural cycles do not apply, no ovulation date or fertile window is given, and "
    "any date given for the next bleed is only a rough estimate from your logged bleeds.",
    note="{method_name} is one of the cycle.method.* texts (the method, with its article).",
)
METHOD_NAMES: Final = {
    method: Text(f"cycle.method.{method}", name)
    for method, name in (
        ("progestogen_only_pill", "the progestogen-only pill"),
        ("implant", "the contraceptive implant"),
        ("injection", "the contraceptive injection"),
        ("hormonal_ius", "a hormonal IUS (hormonal coil)"),
    )
}
SETTLING: Final = Text(
    "cycle.hormonal_contraception.settling",
    "Unscheduled bleeding is most common in the first 3 months of a method.",
)
_SEE = (
    "See a clinician if bleeding is heavy or prolonged, comes after sex "
    "or with pain, changes after a settled pattern, or if you could be pregnant"
)
CONTRACEPTION_ADVICE: Final = {
    "combined_hormonal": Text(
        "cycle.hormonal_contraception.advice_combined",
        f"{_SEE} ({FSRH_CHC}; {FSRH_PROBLEMATIC_BLEEDING}).",
    ),
    "progestogen_only": Text(
        "cycle.hormonal_contraception.advice_progestogen_only",
        f"{_SEE} ({FSRH_PROBLEMATIC_BLEEDING}).",
    ),
}
EMERGENCY: Final = Text(
    "cycle.emergency_contraception",
    "You took emergency contraception on {date}, in this cycle. It can make the next "
    "period come earlier or later than usual, so this cycle's ovulation and fertile "
    "window are not predicted and the next period's date is less certain. Take a "
    "pregnancy test if your period is more than {late_limit_days} days late, or lighter or "
    "shorter than usual, and in any case 3 weeks after the unprotected sex. Emergency "
    f"contraception does not protect against sex later in this cycle ({FSRH_EC}).",
    note="{date} is an ISO date (YYYY-MM-DD).",
)
LATE_MENARCHE: Final = Text(
    "cycle.late_menarche",
    "Your first period came at {age_at_menarche:g}. Periods that have not started by "
    f"{{limit_age:g}} are a reason for a check by a clinician ({ACOG_CO_651}): if that has "
    "not been done, a clinician can check that all is well, especially if periods stay far "
    "apart.",
)


def _pregnancy(situation: Situation) -> Flag:
    began = situation.context.pregnancy_start_date
    params: dict[str, NoteParam] = {}
    if began is not None:
        params["pregnancy_start_date"] = began.isoformat()
    return said("pregnancy", (PREGNANCY,), params)


def _menopause(situation: Situation) -> Flag:
    kind = situation.context.menopause or ""
    when = situation.context.menopause_date
    params: dict[str, NoteParam] = {"menopause": kind}
    if when is not None:
        params["menopause_date"] = when.isoformat()
    return said("menopause", (MENOPAUSE[kind],), params)


def in_transition(situation: Situation) -> bool:
    """She said she is in the perimenopause, at an age (40+) it can be expected (NICE NG23)."""
    age = situation.age
    return (
        situation.context.menopause == "perimenopause"
        and age is not None
        and age >= TRANSITION_MIN_AGE
    )


def _transition(situation: Situation) -> Flag:
    """What a stated perimenopause changes, and the bleeding that still needs a clinician."""
    expected = in_transition(situation)
    params: dict[str, NoteParam] = {
        "min_age": TRANSITION_MIN_AGE,
        "change_days": TRANSITION_CHANGE_DAYS,
        "gap_days": TRANSITION_GAP_DAYS,
        "norms": "transition" if expected else "adult",
    }
    if expected:
        what = TRANSITION
    else:
        what = TRANSITION_NO_AGE if situation.age is None else TRANSITION_TOO_YOUNG
    return said("menopausal_transition", (what, TRANSITION_ADVICE), params)


def _hrt(situation: Situation) -> Flag:
    hrt = situation.context.hrt or ""
    what = HRT["sequential" if hrt == "sequential" else "continuous"]
    return said("hrt", (what, HRT_ADVICE), {"hrt": hrt})


def _hormonal_contraception(situation: Situation) -> Flag:
    method = situation.context.contraception or ""
    params: dict[str, NoteParam] = {"method": method}
    combined = method == "combined_hormonal"
    kind = "combined_hormonal" if combined else "progestogen_only"
    parts = [COMBINED if combined else PROGESTOGEN_ONLY]
    started = situation.context.contraception_start_date
    if started is not None:
        days = (situation.as_of - started).days
        params.update(start_date=started.isoformat(), days_on_method=days)
        if days < SETTLING_DAYS:
            parts.append(SETTLING)
    parts.append(CONTRACEPTION_ADVICE[kind])
    name = METHOD_NAMES.get(method)
    method_name = method if name is None else name.render()
    return said("hormonal_contraception", parts, params, method_name=method_name)


def _emergency(taken: date) -> Flag:
    params: dict[str, NoteParam] = {"date": taken.isoformat(), "late_limit_days": EC_LATE_DAYS}
    return said("emergency_contraception", (EMERGENCY,), params)


def _late_menarche(situation: Situation) -> list[Flag]:
    """First period after 15, while adolescent norms apply (ACOG CO 651)."""
    menarche = situation.context.age_at_menarche
    if menarche is None or menarche <= PRIMARY_AMENORRHOEA_AGE or situation.norms != "adolescent":
        return []
    params: dict[str, NoteParam] = {
        "age_at_menarche": menarche,
        "limit_age": PRIMARY_AMENORRHOEA_AGE,
    }
    return [said("late_menarche", (LATE_MENARCHE,), params)]


def context_flags(situation: Situation, last_start: date) -> list[Flag]:
    """The flags that explain what the context changed, in the order a reader needs them."""
    if situation.pregnant:
        return [_pregnancy(situation)]
    flags: list[Flag] = []
    if no_period_since_birth(situation, last_start):
        flags.append(postpartum_flag(situation))
    if situation.postmenopausal:
        flags.append(_menopause(situation))
    elif situation.context.menopause == "perimenopause":
        flags.append(_transition(situation))
    if situation.on_hrt:
        flags.append(_hrt(situation))
    if situation.hormonal_contraception:
        flags.append(_hormonal_contraception(situation))
    taken = situation.context.emergency_contraception_date
    if taken is not None and emergency_in_cycle(situation, last_start):
        flags.append(_emergency(taken))
    return [*flags, *_late_menarche(situation)]
