"""Flags of a PCOS answer: what a clinician must look at, whatever the score says.

Each rule names its source; docs/CLINICAL.md lists them with the vignettes that test them.
PCOS 2023 = the 2023 international evidence-based PCOS guideline (Teede et al.). Every
flag carries its stable `code` and, in `params`, the values its message names; the message
is a `Text` (key `pcos.<code>`) rendered in the request's language when the flag is made.
"""

from __future__ import annotations

from typing import Final

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.i18n import Text
from fembalance_ml.pcos.criteria import ADOLESCENT_AGE, ADOLESCENT_YEARS, TESTOSTERONE_UPPER_NMOL_L
from fembalance_ml.pcos.schemas import FlagCode, PcosFeatures, PcosFlag

# Approximate adult reference limits: PCOS 2023 requires excluding thyroid disease and
# hyperprolactinaemia (measure TSH and prolactin) but leaves the ranges to the laboratory.
TSH_LOW_MIU_L: Final = 0.4
TSH_HIGH_MIU_L: Final = 4.5
PROLACTIN_HIGH_NG_ML: Final = 25.0
# PCOS 2023: consider an androgen-secreting tumour when androgens are markedly raised;
# it sets no number. About 5 nmol/L (~150 ng/dL) is a level often used in practice to
# prompt tests for one; below it the flag does not fire, so it is a floor for urgency only.
TESTOSTERONE_VERY_HIGH_NMOL_L: Final = 5.0
CRITERIA_FOR_ASSESSMENT: Final = 2  # PCOS 2023: 2 of 3 criteria, mimics excluded

MESSAGES: Final[dict[FlagCode, Text]] = {
    "two_or_more_criteria": Text(
        "pcos.two_or_more_criteria",
        "Your answers show {count} of the 3 features doctors use to diagnose PCOS (PCOS "
        "2023 guideline: 2 of 3 are needed). A doctor must assess this and rule out other "
        "causes, such as thyroid or prolactin problems, before PCOS can be diagnosed. "
        "Please book an appointment.",
    ),
    "thyroid_check": Text(
        "pcos.thyroid_check",
        "Your TSH is outside about 0.4-4.5 mIU/L (laboratory reference ranges vary). "
        "Thyroid problems can cause irregular periods, weight change and hair changes like "
        "PCOS; the PCOS 2023 guideline requires them to be excluded first. Please show "
        "this result to a doctor. TSH does not change your PCOS risk score.",
    ),
    "prolactin_check": Text(
        "pcos.prolactin_check",
        "Your prolactin is above about 25 ng/mL (laboratory reference ranges vary). A raised "
        "prolactin can cause irregular or absent periods like PCOS; the PCOS 2023 guideline "
        "requires it to be excluded first. Please show this result to a doctor. Prolactin "
        "does not change your PCOS risk score.",
    ),
    "high_testosterone": Text(
        "pcos.high_testosterone",
        "Your total testosterone is above about 2.0 nmol/L (58 ng/dL), which counts as "
        "raised androgens here. Laboratory reference ranges vary by method: a doctor reads "
        "it against your laboratory's range.",
    ),
    "very_high_testosterone": Text(
        "pcos.very_high_testosterone",
        "Your total testosterone is 5 nmol/L (about 150 ng/dL) or more. Levels this high "
        "need prompt checking by a doctor for causes other than PCOS (PCOS 2023), "
        "especially if symptoms such as excess hair or a deeper voice appeared quickly.",
    ),
    "adolescent_criteria": Text(
        "pcos.adolescent_criteria",
        "You are within 8 years of your first period (or under 18), so the PCOS 2023 "
        "adolescent criteria apply: irregular cycles are normal in the first year and judged "
        "on wider limits until 3 years after; ultrasound and AMH are not used; acne alone "
        "and hair loss do not count (only excess hair growth or a blood test). The risk "
        "score was learned from adults aged 20-48 and ignores ultrasound and AMH for you, "
        "so it is only a rough guide. A clinician reviews this and often re-assesses "
        "later, when the cycle has matured.",
    ),
    "primary_amenorrhoea": Text(
        "pcos.primary_amenorrhoea",
        "You have never had a period and you are {age:g}. No period by the age of 15 is "
        "called primary amenorrhoea and needs a doctor's assessment (ACOG Committee Opinion "
        "651): it has several causes, and PCOS is only one of them (the PCOS 2023 guideline "
        "counts it as irregular cycles). Please book an appointment.",
    ),
    "hormonal_contraception": Text(
        "pcos.hormonal_contraception",
        "You use hormonal contraception ({method_name}). Its hormones set your bleeding pattern "
        "and can lower androgen levels, so PCOS cannot be fully assessed from these answers "
        "(PCOS 2023): cycle regularity cannot be judged, and a normal testosterone does not "
        "rule out raised androgens. Signs such as excess hair growth still count. A doctor "
        "needs to assess this; they may suggest stopping the method for about 3 months, "
        "with another contraception such as condoms, before testing. Do not stop your "
        "contraception on your own.",
    ),
    "pregnancy": Text(
        "pcos.pregnancy",
        "You are pregnant. Periods stop in pregnancy, so cycle regularity cannot show "
        "whether ovulation is irregular (PCOS 2023 judges it on natural cycles), and weight "
        "gain and darker skin patches are common in pregnancy. Tell your midwife or doctor "
        "about symptoms that bother you; PCOS can be assessed once your cycles have returned.",
    ),
    "postpartum": Text(
        "pcos.postpartum",
        "You gave birth in the last 12 months or are breastfeeding. Periods are often absent "
        "or irregular then (breastfeeding holds back ovulation), so cycle regularity cannot "
        "show whether ovulation is irregular now (PCOS 2023 judges it on natural cycles). "
        "PCOS can be assessed once your cycles have returned; tell a doctor about symptoms "
        "that bother you.",
    ),
    "menopause": Text(
        "pcos.menopause",
        "You have reached the menopause or use hormone replacement therapy. The PCOS criteria "
        "are defined for the reproductive years (PCOS 2023): after the menopause cycle "
        "regularity and ovarian ultrasound cannot be assessed, and a diagnosis rests on a "
        "history of irregular cycles and raised androgens before it. New or worsening excess "
        "hair growth after the menopause needs a doctor's check for other causes (PCOS "
        "2023).",
    ),
    "menopausal_transition": Text(
        "pcos.menopausal_transition",
        "You are in the perimenopause, when cycles often become irregular on their own. The "
        "PCOS 2023 cycle limits apply up to the perimenopause, so irregular cycles cannot "
        "count as a PCOS feature now. A doctor can tell the two apart.",
    ),
}
_METHOD_NOTE = (
    "The method, as it reads inside the brackets of pcos.hormonal_contraception "
    '("You use hormonal contraception ({method_name})").'
)
# The method's words in the hormonal_contraception message (its code is in `params`).
METHOD_NAMES: Final[dict[str, Text]] = {
    code: Text(f"pcos.contraception_method.{code}", words, note=_METHOD_NOTE)
    for code, words in (
        ("combined_hormonal", "the combined pill, patch or ring"),
        ("progestogen_only_pill", "the progestogen-only pill"),
        ("implant", "an implant"),
        ("injection", "the contraceptive injection"),
        ("hormonal_ius", "a hormonal IUS (coil)"),
    )
}


def flag(code: FlagCode, params: dict[str, NoteParam] | None = None, **wording: str) -> PcosFlag:
    """A flag with its plain-language message in the request's language, worded from its
    `params` (and `wording`: rendered text for a value whose code is in `params`)."""
    given = params or {}
    return PcosFlag(code=code, message=MESSAGES[code].render(**given, **wording), params=given)


def flags_for(features: PcosFeatures, criteria_met: int, adolescent: bool) -> list[PcosFlag]:
    """The flags the answers themselves raise (labs, criteria, age), most urgent first."""
    flags = [*_lab_flags(features)]
    if criteria_met >= CRITERIA_FOR_ASSESSMENT:
        flags.append(
            flag(
                "two_or_more_criteria",
                {"count": criteria_met, "needed": CRITERIA_FOR_ASSESSMENT},
            )
        )
    if adolescent:
        flags.append(flag("adolescent_criteria", _adolescent_params(features)))
    return flags


def _adolescent_params(features: PcosFeatures) -> dict[str, NoteParam]:
    params: dict[str, NoteParam] = {
        "adolescent_years_since_menarche": ADOLESCENT_YEARS,
        "adolescent_age": ADOLESCENT_AGE,
    }
    if features.years_since_menarche is not None:
        params["years_since_menarche"] = features.years_since_menarche
    if features.age is not None:
        params["age"] = features.age
    return params


def _lab_flags(features: PcosFeatures) -> list[PcosFlag]:
    """Exclusion labs out of range and raised testosterone."""
    flags = []
    testosterone = features.total_testosterone_nmol_l
    if testosterone is not None and testosterone >= TESTOSTERONE_VERY_HIGH_NMOL_L:
        flags.append(
            flag(
                "very_high_testosterone",
                {
                    "total_testosterone_nmol_l": testosterone,
                    "limit_nmol_l": TESTOSTERONE_VERY_HIGH_NMOL_L,
                },
            )
        )
    elif testosterone is not None and testosterone > TESTOSTERONE_UPPER_NMOL_L:
        flags.append(
            flag(
                "high_testosterone",
                {
                    "total_testosterone_nmol_l": testosterone,
                    "limit_nmol_l": TESTOSTERONE_UPPER_NMOL_L,
                },
            )
        )
    tsh = features.tsh_miu_l
    if tsh is not None and not TSH_LOW_MIU_L <= tsh <= TSH_HIGH_MIU_L:
        flags.append(
            flag(
                "thyroid_check",
                {"tsh_miu_l": tsh, "low_miu_l": TSH_LOW_MIU_L, "high_miu_l": TSH_HIGH_MIU_L},
            )
        )
    prolactin = features.prl_ng_ml
    if prolactin is not None and prolactin > PROLACTIN_HIGH_NG_ML:
        flags.append(
            flag("prolactin_check", {"prl_ng_ml": prolactin, "limit_ng_ml": PROLACTIN_HIGH_NG_ML})
        )
    return flags
