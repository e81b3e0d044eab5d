"""The rules that fire on the first occurrence, most urgent first (they lead `red_flags`)."""

from __future__ import annotations

from fembalance_ml.clinical.sources import (
    NICE_CG109,
    NICE_CKS_AMENORRHOEA,
    NICE_CKS_DISCHARGE,
    NICE_CKS_HMB,
    NICE_CKS_PCB,
    NICE_CKS_PID,
    NICE_CKS_PMB,
    NICE_NG12,
    NICE_NG23,
    NICE_NG73,
    NICE_NG88,
    NICE_NG126,
    NICE_NG194,
    NICE_NG225,
)
from fembalance_ml.i18n import Text
from fembalance_ml.symptoms import bleeding_flags, urgent_flags, warning_flags
from fembalance_ml.symptoms.red_flags import Check, Rule

CRISIS_LINES = (
    "contact emergency services or a crisis line now: for example 112 (European Union), "
    "999 (UK) or 911 (US and Canada) in an emergency; 988 (US and Canada) or Samaritans on "
    "116 123 (UK and Ireland) to talk to someone at any time; elsewhere, your local "
    "emergency number."
)
URGENT = Text(
    "symptoms.urgent_care",
    "Seek medical help today (a same-day doctor or urgent care service; emergency "
    "services if it is severe) if any of these is happening now: soaking through a pad "
    "or tampon every hour for several hours in a row, or passing large clots; feeling "
    "faint, dizzy or short of breath (heavy bleeding can cause anaemia); severe pain "
    "that painkillers do not help; or bleeding or pain when you could be pregnant. "
    "Bleeding that has gone on for 14 days or more needs a doctor soon. If it has already "
    "settled, still see a clinician about it.",
    note="said for extreme bleeding or pain, a bleed of 14+ days, or feeling faint with "
    "heavy bleeding: keep every sign and the same urgency",
)
URGENT_SOURCE = f"{NICE_NG88}; {NICE_CKS_HMB}; {NICE_NG126}"


def _urgent(name: str, source: str, threshold: str, guidance: Text, check: Check) -> Rule:
    return Rule("urgent_care", name, source, threshold, guidance, check)


IMMEDIATE_RULES = (
    Rule(
        "crisis_support",
        "suicidal_thoughts_or_self_harm",
        NICE_NG225,
        "at once: suicidal_thoughts or self_harm >= 2 on any day, whatever the cycle",
        Text(
            "symptoms.crisis_support.suicidal_thoughts_or_self_harm",
            "You logged thoughts of suicide or self-harm. If you might act on them, or feel you "
            f"cannot keep yourself safe, {CRISIS_LINES} Please also tell a doctor, or someone you "
            "trust, today: you do not have to cope with this alone, and help works.",
            note="crisis text: keep its urgency, every number and service as it is",
        ),
        warning_flags.suicidal_thoughts_or_self_harm,
    ),
    Rule(
        "crisis_support",
        "severe_hopelessness",
        NICE_NG225,
        "hopelessness or worthlessness_guilt rated 5+ (severe) on >= 3 days, at once",
        Text(
            "symptoms.crisis_support.severe_hopelessness",
            "You rated hopelessness or worthlessness as severe on several days. If you are "
            "thinking about harming yourself or ending your life, or feel you cannot keep "
            f"yourself safe, {CRISIS_LINES} Please also tell a doctor how you have "
            "been feeling: it can be treated.",
            note="crisis text: keep its urgency, every number and service as it is",
        ),
        warning_flags.severe_hopelessness,
        addendum=Text(
            "symptoms.crisis_support.severe_hopelessness.addendum",
            "You also rated hopelessness or worthlessness as severe on several days: "
            "tell a doctor how you have been feeling, it can be treated.",
        ),
    ),
    _urgent(
        "extreme_bleeding_or_pain",
        URGENT_SOURCE,
        "heavy_bleeding, clots_flooding, pelvic_pain or one_sided_pain rated 6 on any day",
        URGENT,
        urgent_flags.extreme_bleeding_or_pain,
    ),
    _urgent(
        "very_long_bleed",
        URGENT_SOURCE,
        "bleeding logged on >= 14 consecutive days, or a period_length_days >= 14 (not lochia)",
        URGENT,
        bleeding_flags.very_long_bleed,
    ),
    _urgent(
        "faint_with_heavy_bleeding",
        URGENT_SOURCE,
        "dizziness >= 4 or fainting >= 2 within a day of heavy_bleeding or clots_flooding >= 4",
        URGENT,
        urgent_flags.faint_with_heavy_bleeding,
    ),
    _urgent(
        "pain_with_dizziness_or_fainting",
        NICE_NG126,
        "cramps, pelvic_pain or one_sided_pain >= 4 with dizziness >= 4, or >= 3 with "
        "fainting >= 2, within a day",
        urgent_flags.PAIN_DIZZY_PREGNANCY,
        urgent_flags.pain_with_dizziness_or_fainting,
    ),
    _urgent(
        "pain_with_fever",
        NICE_CKS_PID,
        "cramps, pelvic_pain or one_sided_pain >= 3 with fever >= 2 within a day",
        Text(
            "symptoms.urgent_care.pain_with_fever",
            "Pain in your lower tummy or pelvis with a fever can be an infection such as pelvic "
            "inflammatory disease, which needs prompt treatment: seek medical help today (NICE "
            "CKS pelvic inflammatory disease).",
        ),
        urgent_flags.pain_with_fever,
    ),
    _urgent(
        "late_period_with_pain_or_bleeding",
        NICE_NG126,
        "natural cycles, pregnancy not ruled out: no start logged 7+ days after the projected "
        "start (last start + typical cycle), and since then pain >= 3, any bleeding, "
        "dizziness >= 3 or fainting >= 2",
        urgent_flags.LATE_URGENT,
        urgent_flags.late_period_with_pain_or_bleeding,
    ),
    _urgent(
        "shoulder_tip_pain",
        NICE_NG126,
        "shoulder_tip_pain >= 2 on any day, pregnancy not ruled out",
        Text(
            "symptoms.urgent_care.shoulder_tip_pain",
            "Shoulder-tip pain (where the shoulder ends and the arm begins) can be a sign of "
            "internal bleeding from an ectopic pregnancy when pregnancy is possible: seek "
            "medical help today, at once if it comes with pain in your tummy, bleeding, "
            "dizziness or fainting (NICE NG126).",
        ),
        urgent_flags.shoulder_tip_pain,
    ),
    _urgent(
        "bleeding_or_pain_in_pregnancy",
        NICE_NG126,
        "context pregnant: any bleeding log or logged start, pain >= 3 or fainting >= 2 "
        "after the period that began the pregnancy (no date: in the last 14 days)",
        Text(
            "symptoms.urgent_care.bleeding_or_pain_in_pregnancy",
            "You told us you are pregnant: bleeding, pain in your tummy or pelvis, or fainting "
            "in pregnancy need medical help today. Contact your midwife, maternity unit or early "
            "pregnancy service now, or emergency services if it is severe (NICE NG126).",
        ),
        urgent_flags.bleeding_or_pain_in_pregnancy,
    ),
    _urgent(
        "postpartum_bleeding_or_fever",
        NICE_NG194,
        "within 6 weeks after context.delivery_date: heavy_bleeding >= 5 (>= 4 after the "
        "first week), clots_flooding >= 2 or fever >= 2",
        Text(
            "symptoms.urgent_care.postpartum_bleeding_or_fever",
            "In the weeks after a birth, bleeding that gets heavy, large clots or a fever can be "
            "a sign of a haemorrhage or an infection: seek medical help today, or call "
            "emergency services if the bleeding is heavy or you feel faint (NICE NG194).",
        ),
        urgent_flags.postpartum_bleeding_or_fever,
    ),
    _urgent(
        "discharge_with_fever",
        NICE_CKS_PID,
        "abnormal_discharge >= 2 and fever >= 2 within 3 days",
        Text(
            "symptoms.urgent_care.discharge_with_fever",
            "Unusual discharge with a fever can be a pelvic infection (pelvic inflammatory "
            "disease), which needs prompt treatment: seek medical help today (NICE CKS pelvic "
            "inflammatory disease).",
        ),
        urgent_flags.discharge_with_fever,
    ),
    Rule(
        "possible_postmenopausal_bleeding",
        "possible_postmenopausal_bleeding",
        f"{NICE_CKS_PMB}; {NICE_NG12}",
        "any bleeding after a stated menopause; else bleeding in the last year after 365+ "
        "days without bleeding, at 45+ or age unknown, unless a birth or a hormonal method "
        "explains the gap (clinical/bleeding.py)",
        "Bleeding after the menopause needs checking by a doctor soon; from 55 on the "
        "suspected-cancer pathway (NICE NG12).",
        bleeding_flags.possible_postmenopausal_bleeding,
    ),
    Rule(
        "bleeding_on_hrt",
        "bleeding_on_hrt",
        f"{NICE_NG23}; {NICE_NG12}",
        "as possible_postmenopausal_bleeding, on HRT (context.hrt sequential or continuous)",
        "On HRT, bleeding that is heavy, prolonged, unexpected, or goes on after the first 6 "
        "months of continuous HRT needs checking by a doctor.",
        bleeding_flags.bleeding_on_hrt,
    ),
    Rule(
        "postcoital_bleeding",
        "postcoital_bleeding",
        f"{NICE_CKS_PCB}; {NICE_NG12}",
        "at once: bleeding_after_sex >= 2 on any day",
        "Bleeding after sex should be checked by a doctor or nurse, even if it happened "
        "once and has stopped: the cause is usually minor, but the cervix needs to be "
        "examined. Make sure your cervical screening is up to date, and say if you could "
        "be pregnant.",
        bleeding_flags.postcoital_bleeding,
    ),
    Rule(
        "fainting",
        "fainting",
        f"{NICE_CG109}; {NICE_NG126}",
        "fainting >= 2 on a day no urgent_care rule answers",
        warning_flags.FAINTING,
        warning_flags.fainting,
    ),
    Rule(
        "possible_infection",
        "possible_infection",
        f"{NICE_CKS_DISCHARGE}; {NICE_CKS_PID}",
        "abnormal_discharge >= 2 on any day (with pelvic_pain or one_sided_pain >= 3, or "
        "fever, within 3 days: possible pelvic inflammatory disease)",
        warning_flags.INFECTION,
        warning_flags.possible_infection,
    ),
    Rule(
        "late_period_with_symptoms",
        "late_period_with_symptoms",
        NICE_CKS_AMENORRHOEA,
        "as late_period_with_pain_or_bleeding, when the context rules pregnancy out",
        warning_flags.LATE_NOT_PREGNANT,
        warning_flags.late_period_with_symptoms,
    ),
    Rule(
        "blood_in_urine",
        "blood_in_urine",
        f"{NICE_NG12}; {NICE_NG73}",
        "at once: blood_in_urine >= 2 on any day (any age: the service's choice; NICE "
        "NG12's suspected-cancer pathway from 45)",
        warning_flags.BLOOD_IN_URINE,
        warning_flags.blood_in_urine,
    ),
    Rule(
        "rectal_bleeding",
        "rectal_bleeding",
        f"{NICE_NG12}; {NICE_NG73}",
        "at once: rectal_bleeding >= 2 on any day (any age: the service's choice; NICE "
        "NG12's bowel-cancer criteria from 50)",
        warning_flags.RECTAL_BLEEDING,
        warning_flags.rectal_bleeding,
    ),
)
