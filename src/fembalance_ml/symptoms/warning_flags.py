"""Signs that need a clinician (or a crisis line) the first time, without a pattern.

Thoughts of suicide or self-harm (crisis support at once, NICE NG225), fainting (NICE
CG109), unusual discharge (NICE CKS), a late period with pain or bleeding when pregnancy
is ruled out, and blood in the urine or from the bottom (NICE NG12, NG73). The reasons to
seek care today are in urgent_flags.py.
"""

from __future__ import annotations

from fembalance_ml.clinical.menopause import SUSPECTED_CANCER_AGE
from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.i18n import Text
from fembalance_ml.symptoms.evidence import (
    LOGGED_AROUND_PERIOD,
    SEVERE_HOPELESSNESS,
    WITH_FEVER,
    WITH_PAIN,
    dated,
    logged,
)
from fembalance_ml.symptoms.flag_context import FlagContext
from fembalance_ml.symptoms.red_flags import MILD, Hit, period_related
from fembalance_ml.symptoms.urgent_flags import (
    INFECTION_WINDOW_DAYS,
    PELVIC_PAIN,
    late_hit,
    late_signs,
    near,
    urgent_faint_days,
)
from fembalance_ml.symptoms.wording import iso, say

SEVERE = 5  # DRSP "severe"
CRISIS_ITEMS = ("hopelessness", "worthlessness_guilt")
CRISIS_DAYS = 3  # days with a crisis item rated severe or worse
SELF_HARM_ITEMS = ("suicidal_thoughts", "self_harm")
HAEMATURIA_AGE = 45  # NICE NG12: unexplained visible haematuria, suspected-cancer pathway
RECTAL_BLEEDING_AGE = 50  # NICE NG12: unexplained rectal bleeding from 50


def suicidal_thoughts_or_self_harm(ctx: FlagContext) -> Hit | None:
    """suicidal_thoughts or self_harm logged on any day: crisis support, whatever the cycle."""
    lines, found = [], []
    for symptom in SELF_HARM_ITEMS:
        days = ctx.days((symptom,))
        if days:
            lines.append(logged(symptom, days))
            found.append(symptom)
    if not lines:
        return None
    return Hit(lines, {"symptoms": found, "dates": iso(ctx.days(SELF_HARM_ITEMS))})


def severe_hopelessness(ctx: FlagContext) -> Hit | None:
    """Hopelessness or worthlessness rated severe (5) or worse on 3 or more days."""
    days = ctx.days(CRISIS_ITEMS, SEVERE)
    if len(days) < CRISIS_DAYS:
        return None
    return Hit(
        [dated(SEVERE_HOPELESSNESS, days, {"days": len(days)})],
        {"days": len(days), "dates": iso(days), "threshold": SEVERE, "min_days": CRISIS_DAYS},
    )


_FAINTING = (
    "Fainting (passing out) should be checked by a doctor soon, even if you feel well now "
    "(NICE CG109). Seek medical help today if it happens again, or comes with chest pain, "
    "breathlessness, a racing or irregular heartbeat, heavy bleeding or pain in your tummy "
    "or pelvis."
)
FAINTING_NOT_PREGNANT = Text("symptoms.fainting.not_pregnant", _FAINTING)
FAINTING = Text(
    "symptoms.fainting",
    _FAINTING + " If you could be pregnant, take a pregnancy test: if it is "
    "positive, seek medical help today (NICE NG126).",
)


def fainting(ctx: FlagContext) -> Hit | None:
    """Fainting logged on a day no urgent rule already answers."""
    days = ctx.days(("fainting",))
    if not days:
        return None
    covered = urgent_faint_days(ctx)
    days = [day for day in days if day not in covered]
    if not days:
        return None
    pregnancy = ctx.situation.could_be_pregnant
    return Hit(
        [logged("fainting", days)],
        {"dates": iso(days), "could_be_pregnant": pregnancy},
        None if pregnancy else [say(FAINTING_NOT_PREGNANT)],
    )


INFECTION = Text(
    "symptoms.possible_infection",
    "Unusual vaginal discharge is often thrush or bacterial vaginosis, which are easily "
    "treated, but it can be a sexually transmitted infection: see a doctor, nurse or sexual "
    "health service, especially if it is new for you, has an unusual colour or smell, or "
    "comes with itching, pain, bleeding or a fever (NICE CKS vaginal discharge).",
)
PID = Text(
    "symptoms.possible_infection.pid",
    "Unusual discharge with pain in your lower tummy or pelvis, or with a fever, can be a "
    "pelvic infection (pelvic inflammatory disease), which needs prompt treatment to "
    "protect fertility: see a doctor or sexual health service within a day or two; today "
    "if you have a fever (NICE CKS pelvic inflammatory disease).",
)
AFTER_MENOPAUSE = Text(
    "symptoms.possible_infection.after_menopause",
    "After the menopause, or from 55, unexplained discharge should be checked by a doctor "
    "(NICE NG12).",
    note="follows symptoms.possible_infection or its .pid variant, after a space",
)


def possible_infection(ctx: FlagContext) -> Hit | None:
    """abnormal_discharge logged: with pelvic pain or fever a possible PID, else a check."""
    days = ctx.days(("abnormal_discharge",))
    if not days:
        return None
    with_pain = near(days, ctx.days(PELVIC_PAIN, MILD), INFECTION_WINDOW_DAYS)
    with_fever = near(days, ctx.days(("fever",)), INFECTION_WINDOW_DAYS)
    situation = ctx.situation
    older = situation.postmenopausal or (
        situation.age is not None and situation.age >= SUSPECTED_CANCER_AGE
    )
    lines = [logged("abnormal_discharge", days)]
    if with_pain:
        lines.append(dated(WITH_PAIN, with_pain))
    if with_fever:
        lines.append(dated(WITH_FEVER, with_fever))
    guidance = PID if with_pain or with_fever else INFECTION
    params: dict[str, NoteParam] = {
        "dates": iso(days),
        "with_pain": bool(with_pain),
        "with_fever": bool(with_fever),
        "after_menopause_or_55": older,
    }
    return Hit(lines, params, [say(guidance), *([say(AFTER_MENOPAUSE)] if older else [])])


LATE_NOT_PREGNANT = Text(
    "symptoms.late_period_with_symptoms",
    "Your period is {days} days late and you logged {signs}. You told us pregnancy is ruled "
    "out; a late period with pain or bleeding should still be checked by a clinician soon "
    "(NICE CKS amenorrhoea). If your period has in fact started, log its start.",
    note="{signs} lists sign names (symptoms.sign.*), comma-separated",
)


def late_period_with_symptoms(ctx: FlagContext) -> Hit | None:
    """A late period with pain or bleeding when the person said she is not pregnant."""
    found = late_signs(ctx)
    if ctx.situation.could_be_pregnant or found is None:
        return None
    return late_hit(found, LATE_NOT_PREGNANT)


def _visible_blood(ctx: FlagContext, symptom: str, age_from: int) -> Hit | None:
    days = ctx.days((symptom,))
    if not days:
        return None
    around_period = [day for day in days if period_related(ctx, day)]
    line = (
        dated(
            LOGGED_AROUND_PERIOD,
            days,
            {"symptom": symptom, "days": len(days), "around_period": len(around_period)},
        )
        if around_period
        else logged(symptom, days)
    )
    age = ctx.situation.age
    pathway = age is not None and age >= age_from
    params: dict[str, NoteParam] = {
        "dates": iso(days),
        "around_period": len(around_period),
        "age_threshold": age_from,
        "suspected_cancer_pathway": pathway,
    }
    return Hit([line], params)


def blood_in_urine(ctx: FlagContext) -> Hit | None:
    """Any visible blood in the urine, noting when it comes with periods."""
    hit = _visible_blood(ctx, "blood_in_urine", HAEMATURIA_AGE)
    if hit is None or not hit.params["suspected_cancer_pathway"]:
        return hit
    return Hit(hit.evidence, hit.params, [say(BLOOD_IN_URINE), say(BLOOD_IN_URINE_FROM_45)])


def rectal_bleeding(ctx: FlagContext) -> Hit | None:
    """Any bleeding from the bottom, noting when it comes with periods."""
    hit = _visible_blood(ctx, "rectal_bleeding", RECTAL_BLEEDING_AGE)
    if hit is None or not hit.params["suspected_cancer_pathway"]:
        return hit
    return Hit(hit.evidence, hit.params, [say(RECTAL_BLEEDING), say(RECTAL_BLEEDING_FROM_50)])


BLOOD_IN_URINE = Text(
    "symptoms.blood_in_urine",
    "Blood you can see in your urine should be checked by a doctor, even if it happened "
    "once and has stopped. It can be hard to tell apart from period blood; if it comes "
    "with your periods, it can also be a sign of endometriosis (NICE NG73).",
)
BLOOD_IN_URINE_FROM_45 = Text(
    "symptoms.blood_in_urine.from_45",
    "From 45, NICE NG12 asks for unexplained visible blood in the urine to be seen within "
    "2 weeks on the suspected-cancer pathway (the cause is usually not cancer).",
    note="follows symptoms.blood_in_urine, after a space",
)
RECTAL_BLEEDING = Text(
    "symptoms.rectal_bleeding",
    "Bleeding from the bottom should be checked by a doctor, even if it happened once "
    "and has stopped. If it comes with your periods, it can be a sign of endometriosis "
    "affecting the bowel (NICE NG73).",
)
RECTAL_BLEEDING_FROM_50 = Text(
    "symptoms.rectal_bleeding.from_50",
    "From 50, NICE NG12 asks for unexplained rectal bleeding to be checked for bowel cancer "
    "(first with a stool test, FIT), so do not put it off (the cause is usually not cancer).",
    note="follows symptoms.rectal_bleeding, after a space",
)
