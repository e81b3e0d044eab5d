"""Rotterdam criteria as amended by the 2023 international evidence-based PCOS guideline.

Teede et al., "Recommendations from the 2023 International Evidence-based Guideline for
the Assessment and Management of Polycystic Ovary Syndrome", JCEM 108(10):2447-2469.
Each criterion is True, False, or None when the answers cannot tell. Within 8 years of
the first period the guideline's adolescent rules apply (see `is_adolescent`). The
person's situation (`clinical.situation.Situation`), when given, says which criteria her
state lets the answers assess (hormonal contraception, pregnancy, a recent birth,
breastfeeding, the menopause, never having had a period).
"""

from __future__ import annotations

from typing import Final

from fembalance_ml.clinical.situation import Situation
from fembalance_ml.pcos.features import PCOM_FOLLICLES_PER_OVARY
from fembalance_ml.pcos.schemas import Criteria, PcosFeatures

SHORT_CYCLE_DAYS: Final = 21  # cycles under 21 days are irregular (>1 year after menarche)
LONG_CYCLE_DAYS: Final = 35  # adults and >3 years after menarche: over 35 days
EARLY_LONG_CYCLE_DAYS: Final = 45  # 1 to 3 years after menarche: over 45 days
ADOLESCENT_YEARS: Final = 8.0  # adolescent rules until 8 years after menarche
ADOLESCENT_AGE: Final = 18.0  # with menarche unknown, under 18 is taken as within 8 years
TRANSITION_YEARS: Final = 1.0  # first year after menarche: irregular cycles are normal
EARLY_YEARS: Final = 3.0  # 1 to 3 years after menarche: the 45-day limit
# Upper limit of total testosterone taken as raised. The 2023 guideline sets no number
# (it asks for the laboratory's own range, ideally from LC-MS/MS): 2.0 nmol/L (58 ng/dL)
# is about the upper reference limit for adult women on LC-MS/MS assays.
TESTOSTERONE_UPPER_NMOL_L: Final = 2.0
# Within 12 months of a birth cycles are often absent or still settling (and breastfeeding
# suppresses ovulation, FSRH 2017): they cannot show ovulatory dysfunction.
POSTPARTUM_DAYS: Final = 365


def recently_gave_birth(situation: Situation) -> bool:
    """A birth in the 12 months before the day asked about."""
    days = situation.days_since_delivery
    return days is not None and 0 <= days <= POSTPARTUM_DAYS


def cycles_masked(situation: Situation) -> bool:
    """Her bleeding pattern cannot show ovulatory dysfunction now.

    Hormonal contraception or HRT sets the bleeding (PCOS 2023: the criteria cannot be
    assessed on hormonal contraception); pregnancy, a birth in the last 12 months or
    breastfeeding stop or unsettle cycles; the guideline's cycle limits apply up to the
    perimenopause and PCOS criteria are defined for the reproductive years.
    """
    return (
        situation.pregnant
        or situation.hormonal_contraception
        or situation.on_hrt
        or situation.postmenopausal
        or situation.context.menopause == "perimenopause"
        or situation.breastfeeding
        or recently_gave_birth(situation)
    )


def is_adolescent(features: PcosFeatures) -> bool:
    """Within 8 years of menarche; when that is not given, an age under 18."""
    if features.years_since_menarche is not None:
        return features.years_since_menarche < ADOLESCENT_YEARS
    return features.age is not None and features.age < ADOLESCENT_AGE


def ovulatory_dysfunction(
    features: PcosFeatures, situation: Situation | None = None
) -> bool | None:
    """Irregular cycles: the adult rule, or the adolescent rule by years since menarche.

    Never having had a period is primary amenorrhoea from 15 (PCOS 2023 counts it as
    irregular cycles; ACOG CO 651), not yet assessable before 15 or at an unknown age.
    """
    if situation is not None:
        if situation.context.never_menstruated:
            return True if situation.primary_amenorrhoea else None
        if cycles_masked(situation):
            return None
    if is_adolescent(features):
        return _adolescent_ovulatory_dysfunction(features)
    length = features.cycle_length_days
    if features.irregular_periods:
        return True
    if length is not None and (length < SHORT_CYCLE_DAYS or length > LONG_CYCLE_DAYS):
        return True
    return False


def _adolescent_ovulatory_dysfunction(features: PcosFeatures) -> bool | None:
    """PCOS 2023 adolescent rule: none in year 1, then <21 or >45 days, then >35 days.

    The guideline's "any cycle over 90 days" is covered: the request has one typical
    cycle length, and over 90 is over both limits. With menarche unknown (age under 18)
    the 45-day limit applies: the later limit could call a normal maturing cycle
    irregular. A self-report of "irregular" without a cycle length only counts after 3
    years, when the adult limits apply; before, it cannot tell.
    """
    years = features.years_since_menarche
    if years is not None and years < TRANSITION_YEARS:
        return None
    late = years is not None and years >= EARLY_YEARS
    long_limit = LONG_CYCLE_DAYS if late else EARLY_LONG_CYCLE_DAYS
    length = features.cycle_length_days
    if length is not None:
        irregular = length < SHORT_CYCLE_DAYS or length > long_limit
        if irregular or not features.irregular_periods:
            return irregular
    if features.irregular_periods:
        return True if late else None
    return False


def biochemical_hyperandrogenism(features: PcosFeatures) -> bool | None:
    """Total testosterone above the upper limit; None when no result was given."""
    testosterone = features.total_testosterone_nmol_l
    if testosterone is None:
        return None
    return testosterone > TESTOSTERONE_UPPER_NMOL_L


def counted_clinical_signs(features: PcosFeatures) -> bool:
    """Hirsutism, acne or hair loss in adults; in adolescents hirsutism only.

    PCOS 2023 counts only hirsutism and severe acne in adolescents; the request has acne
    as yes/no, so an adolescent's acne cannot be told severe and is not counted, and
    female-pattern hair loss is not an adolescent criterion.
    """
    if is_adolescent(features):
        return features.excess_hair_growth
    return features.excess_hair_growth or features.acne or features.hair_loss


def hyperandrogenism(features: PcosFeatures, situation: Situation | None = None) -> bool | None:
    """Clinical signs or a raised total testosterone; False only when both are ruled out.

    Without clinical signs and without a testosterone result, biochemical
    hyperandrogenism can be neither seen nor excluded: None, not False. An adolescent's
    acne that cannot be counted also leaves it undecided. On hormonal contraception a
    normal testosterone excludes nothing (PCOS 2023: it cannot be reliably assessed, the
    methods lower androgens); signs and a raised result still count.
    """
    biochemical = biochemical_hyperandrogenism(features)
    if counted_clinical_signs(features) or biochemical:
        return True
    uncounted_acne = is_adolescent(features) and features.acne
    masked = situation is not None and situation.hormonal_contraception
    if biochemical is False and not uncounted_acne and not masked:
        return False
    return None


def polycystic_ovarian_morphology(
    features: PcosFeatures, situation: Situation | None = None
) -> bool | None:
    """Follicle number per ovary >= 20 on either ovary; None unless both counts rule it out.

    Not used within 8 years of menarche (PCOS 2023: ultrasound is not recommended there,
    multifollicular ovaries are normal), nor after the menopause (the criteria are defined
    for the reproductive years). AMH is not used: the service's choice, not the
    guideline's (PCOS 2023 allows AMH instead of ultrasound in adults), because the
    guideline sets no international cut-off (assay and population specific), so any
    number here would be invented.
    """
    if is_adolescent(features) or (situation is not None and situation.postmenopausal):
        return None
    counts = (features.follicle_count_left, features.follicle_count_right)
    if any(count is not None and count >= PCOM_FOLLICLES_PER_OVARY for count in counts):
        return True
    if all(count is not None for count in counts):
        return False
    return None


def assess(features: PcosFeatures, situation: Situation | None = None) -> Criteria:
    """All three criteria for one request, in the person's situation when it is known."""
    return Criteria(
        ovulatory_dysfunction=ovulatory_dysfunction(features, situation),
        hyperandrogenism=hyperandrogenism(features, situation),
        polycystic_ovarian_morphology=polycystic_ovarian_morphology(features, situation),
    )


def criteria_met(criteria: Criteria) -> int:
    """How many criteria could be assessed and are met (0 to 3)."""
    values = (
        criteria.ovulatory_dysfunction,
        criteria.hyperandrogenism,
        criteria.polycystic_ovarian_morphology,
    )
    return sum(value is True for value in values)
