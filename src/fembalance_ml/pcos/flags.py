"""Flags of a PCOS answer: what a clinician must look at, whatever the score says.

Each rule names its source; docs/CLINICAL.md lists them with the vignettes that test them.
PCOS 2023 = the 2023 international evidence-based PCOS guideline (Teede et al.).
"""

from __future__ import annotations

from typing import Final

from fembalance_ml.pcos.criteria import TESTOSTERONE_UPPER_NMOL_L, is_adolescent
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

MESSAGES: Final[dict[FlagCode, str]] = {
    "two_or_more_criteria": (
        "Your answers show {count} of the 3 features doctors use to diagnose PCOS (PCOS "
        "2023 guideline: 2 of 3 are needed). A doctor must assess this and rule out other "
        "causes, such as thyroid or prolactin problems, before PCOS can be diagnosed. "
        "Please book an appointment."
    ),
    "thyroid_check": (
        "Your TSH is outside about 0.4-4.5 mIU/L (laboratory reference ranges vary). "
        "Thyroid problems can cause irregular periods, weight change and hair changes like "
        "PCOS; the PCOS 2023 guideline requires them to be excluded first. Please show "
        "this result to a doctor. TSH does not change your PCOS risk score."
    ),
    "prolactin_check": (
        "Your prolactin is above about 25 ng/mL (laboratory reference ranges vary). A raised "
        "prolactin can cause irregular or absent periods like PCOS; the PCOS 2023 guideline "
        "requires it to be excluded first. Please show this result to a doctor. Prolactin "
        "does not change your PCOS risk score."
    ),
    "high_testosterone": (
        "Your total testosterone is above about 2.0 nmol/L (58 ng/dL), which counts as "
        "raised androgens here. Laboratory reference ranges vary by method: a doctor reads "
        "it against your laboratory's range."
    ),
    "very_high_testosterone": (
        "Your total testosterone is 5 nmol/L (about 150 ng/dL) or more. Levels this high "
        "need prompt checking by a doctor for causes other than PCOS (PCOS 2023), "
        "especially if symptoms such as excess hair or a deeper voice appeared quickly."
    ),
    "adolescent_criteria": (
        "You are within 8 years of your first period (or under 18), so the PCOS 2023 "
        "adolescent criteria apply: irregular cycles are normal in the first year and judged "
        "on wider limits until 3 years after; ultrasound and AMH are not used; acne alone "
        "and hair loss do not count (only excess hair growth or a blood test). The risk "
        "score was learned from adults aged 20-48 and ignores ultrasound and AMH for you, "
        "so it is only a rough guide. A clinician reviews this and often re-assesses "
        "later, when the cycle has matured."
    ),
}


def flag(code: FlagCode, **values: object) -> PcosFlag:
    """A flag with its plain-language message."""
    return PcosFlag(code=code, message=MESSAGES[code].format(**values))


def flags_for(features: PcosFeatures, criteria_met: int) -> list[PcosFlag]:
    """Every flag the answers raise, most urgent first."""
    flags = [*_lab_flags(features)]
    if criteria_met >= CRITERIA_FOR_ASSESSMENT:
        flags.append(flag("two_or_more_criteria", count=criteria_met))
    if is_adolescent(features):
        flags.append(flag("adolescent_criteria"))
    return flags


def _lab_flags(features: PcosFeatures) -> list[PcosFlag]:
    """Exclusion labs out of range and raised testosterone."""
    flags = []
    testosterone = features.total_testosterone_nmol_l
    if testosterone is not None and testosterone >= TESTOSTERONE_VERY_HIGH_NMOL_L:
        flags.append(flag("very_high_testosterone"))
    elif testosterone is not None and testosterone > TESTOSTERONE_UPPER_NMOL_L:
        flags.append(flag("high_testosterone"))
    tsh = features.tsh_miu_l
    if tsh is not None and not TSH_LOW_MIU_L <= tsh <= TSH_HIGH_MIU_L:
        flags.append(flag("thyroid_check"))
    prolactin = features.prl_ng_ml
    if prolactin is not None and prolactin > PROLACTIN_HIGH_NG_ML:
        flags.append(flag("prolactin_check"))
    return flags
