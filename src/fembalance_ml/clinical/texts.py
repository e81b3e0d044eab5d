"""The sentences of the shared clinical rules, as localisable texts (`common` domain).

/cycle and /symptoms say them alike (bleeding findings, bleeding after the menopause, what
an answer assumed), so they live in one catalog. A message made of several sentences is
rendered part by part and joined as before, so English stays as it was to the byte.
Guideline names (FIGO 2018, ACOG CO 651, NICE NG88...) stay untranslated.
"""

from __future__ import annotations

from typing import Final

from fembalance_ml.clinical.sources import ACOG_CO_651, NICE_NG12, NICE_NG23
from fembalance_ml.i18n import Text

_SOURCES = "Guideline names and references in brackets stay as they are."

# --- What the answer assumed (situation.Situation.assumptions) ----------------------------
NOT_STATED_ALL = Text(
    "common.context_not_stated.all",
    "The request did not say whether you are pregnant, use contraception, recently gave "
    "birth or have reached the menopause (those not given: {not_stated}). This answer "
    "assumes natural menstrual cycles and does not rule out pregnancy. If any of these "
    "applies, the answer may not fit you: add it to your profile.",
    "{not_stated}: the codes of what was not given (pregnancy, contraception...), as they are.",
)
NOT_STATED = Text(
    "common.context_not_stated",
    "The request did not say {asked} (those not given: {not_stated}). This answer "
    "{assumed}. If that is not so, the answer may not fit you: add it to your profile.",
    "{asked}: the context_not_stated.asked texts listed; {assumed}: the .assumed texts "
    "listed; {not_stated}: codes, as they are.",
)
ASKED: Final = {
    "pregnancy": Text("common.context_not_stated.asked.pregnancy", "whether you are pregnant"),
    "contraception": Text(
        "common.context_not_stated.asked.contraception", "whether you use contraception"
    ),
    "recent_birth": Text(
        "common.context_not_stated.asked.recent_birth", "whether you recently gave birth"
    ),
    "menopause": Text(
        "common.context_not_stated.asked.menopause",
        "whether you have reached the menopause or take HRT",
    ),
}
ASSUMED: Final = {
    "pregnancy": Text("common.context_not_stated.assumed.pregnancy", "does not rule out pregnancy"),
    "contraception": Text(
        "common.context_not_stated.assumed.contraception", "assumes no hormonal contraception"
    ),
    "recent_birth": Text(
        "common.context_not_stated.assumed.recent_birth", "assumes no recent birth"
    ),
    "menopause": Text(
        "common.context_not_stated.assumed.menopause",
        "assumes you have not reached the menopause and take no HRT",
    ),
}
LISTED_OR = Text("common.list.or", "{head} or {last}", "Two or more phrases: {head} is 'a, b'.")
LISTED_AND = Text("common.list.and", "{head} and {last}", "Two or more phrases: {head} is 'a, b'.")
AGE_NOT_STATED = Text(
    "common.age_not_stated",
    "Your age was not given, so adult limits were used (FIGO 2018, ages 18 to 45). In the "
    "first years after the first period, and near the menopause, cycles vary more.",
    _SOURCES,
)

# --- Bleeding findings (bleeding.py) -------------------------------------------------------
PROLONGED = Text(
    "common.prolonged_menstruation",
    "{count} of your logged periods lasted over {limit} days (the longest {longest} days).",
)
PROLONGED_RULE: Final = {
    "adolescent": Text(
        "common.prolonged_menstruation.adolescent",
        "In the years after the first period, bleeding for more than {limit} days is a "
        f"reason to see a clinician ({ACOG_CO_651}).",
        _SOURCES,
    ),
    "adult": Text(
        "common.prolonged_menstruation.adult",
        "FIGO 2018 counts bleeding for more than {limit} days as prolonged, outside the "
        "normal range: please see a clinician.",
        _SOURCES,
    ),
}
HEAVY = Text(
    "common.heavy_menstrual_bleeding",
    "NICE guideline NG88 recommends seeing a clinician when heavy periods affect your "
    "daily life; they are common and treatable.",
    _SOURCES,
)
HEAVY_ADOLESCENT = Text(
    "common.heavy_menstrual_bleeding.adolescent",
    "In the years after the first period, heavy periods can be a sign of a bleeding "
    f"disorder, which a clinician can test for ({ACOG_CO_651}).",
    _SOURCES,
)
INTERMENSTRUAL = Text(
    "common.intermenstrual_bleeding",
    "Bleeding between periods should be checked by a clinician (NICE NG88; FIGO 2018).",
    _SOURCES,
)
UNSCHEDULED = Text(
    "common.unscheduled_bleeding",
    "On hormonal contraception, bleeding between the expected bleeds is unscheduled "
    "(breakthrough) bleeding. It is common in the first 3 months of a method and often "
    "settles.",
)
UNSCHEDULED_STARTED = Text(
    "common.unscheduled_bleeding.started", "You started this method {days} days ago."
)
UNSCHEDULED_SIGNS = Text(
    "common.unscheduled_bleeding.signs",
    "Your logs show {signs} with it: please see a clinician (a doctor, nurse or sexual "
    "health service).",
    "{signs}: the common.warning_sign texts, comma-separated.",
)
UNSCHEDULED_LATER = Text(
    "common.unscheduled_bleeding.later",
    "See a clinician (a doctor, nurse or sexual health service) if it goes on beyond the "
    "first 3 months, starts after a settled pattern, or comes with pain, after sex or heavily.",
)
UNSCHEDULED_TESTS: Final = {
    "pills": Text(
        "common.unscheduled_bleeding.tests.pills",
        "If you missed pills or were sick while taking them, take a pregnancy test; a test "
        "for sexually transmitted infections (such as chlamydia) is part of the check, as is "
        "cervical screening that is up to date (FSRH).",
        _SOURCES,
    ),
    "other": Text(
        "common.unscheduled_bleeding.tests.other",
        "If you could be pregnant, take a pregnancy test; a test for sexually transmitted "
        "infections (such as chlamydia) is part of the check, as is cervical screening that "
        "is up to date (FSRH).",
        _SOURCES,
    ),
}
WARNING_SIGNS: Final = {
    "pain": Text("common.warning_sign.pain", "pain"),
    "heavy bleeding": Text("common.warning_sign.heavy_bleeding", "heavy bleeding"),
    "bleeding after sex": Text("common.warning_sign.bleeding_after_sex", "bleeding after sex"),
}
POSTCOITAL: Final = {
    False: Text(
        "common.postcoital_bleeding",
        "Bleeding after sex should be checked by a doctor or nurse, even if it happened once "
        "and has stopped: the cause is usually minor, but the cervix needs to be examined. "
        "Make sure your cervical screening is up to date.",
    ),
    True: Text(
        "common.postcoital_bleeding.could_be_pregnant",
        "Bleeding after sex should be checked by a doctor or nurse, even if it happened once "
        "and has stopped: the cause is usually minor, but the cervix needs to be examined. "
        "Make sure your cervical screening is up to date, and say if you could be pregnant.",
    ),
}

# --- Bleeding after the menopause (menopause.py) -------------------------------------------
_DAY = "{day} is a date, YYYY-MM-DD."
OPENING_GAP = Text(
    "common.postmenopausal_bleeding.after_gap",
    "Bleeding was logged on {day} after {gap} days without a period.",
    _DAY,
)
OPENING_STATED = Text(
    "common.postmenopausal_bleeding.after_stated",
    "Bleeding was logged on {day}, after the menopause you told us about.",
    _DAY,
)
OPENING_HRT = Text(
    "common.postmenopausal_bleeding.on_continuous_hrt",
    "Bleeding was logged on {day}, on continuous HRT.",
    _DAY,
)
ON_HRT = Text(
    "common.bleeding_on_hrt",
    "On HRT, a regular monthly bleed is expected with sequential treatment, and some "
    "irregular bleeding in the first months of continuous treatment; bleeding that is "
    "heavy, prolonged, at unexpected times, or that goes on after the first 6 months of "
    f"continuous HRT needs checking by a doctor ({NICE_NG23}; {NICE_NG12}).",
    _SOURCES,
)
AFTER_MENOPAUSE: Final = {
    "age_unknown": Text(
        "common.possible_postmenopausal_bleeding.age_unknown",
        "Your age was not given. If you are 45 or over, bleeding after 12 months without a "
        "period may be bleeding after the menopause needs checking by a doctor soon (NICE "
        "CKS post-menopausal bleeding).",
        _SOURCES,
    ),
    "soon": Text(
        "common.possible_postmenopausal_bleeding.soon",
        "Bleeding after the menopause (12 months without a period) needs checking by a "
        "doctor soon (NICE CKS post-menopausal bleeding).",
        _SOURCES,
    ),
    "urgent": Text(
        "common.possible_postmenopausal_bleeding.urgent",
        "Bleeding after the menopause (12 months without a period) needs to be seen by a "
        "doctor within 2 weeks: at 55 and over it is checked on the urgent suspected-cancer "
        "pathway (NICE NG12), though the cause is usually not cancer.",
        _SOURCES,
    ),
}


def listed(parts: list[str], conjunction: Text) -> str:
    """`a`, `a or b`, `a, b or c` (or with `and`): phrases already rendered, listed."""
    if len(parts) == 1:
        return parts[0]
    return conjunction.render(head=", ".join(parts[:-1]), last=parts[-1])
