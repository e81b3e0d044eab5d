"""Rotterdam criteria as amended by the 2023 international evidence-based PCOS guideline.

Teede et al., "Recommendations from the 2023 International Evidence-based Guideline for
the Assessment and Management of Polycystic Ovary Syndrome", JCEM 108(10):2447-2469.
Each criterion is True, False, or None when the answers cannot tell.
"""

from __future__ import annotations

from typing import Final

from fembalance_ml.pcos.schemas import Criteria, PcosFeatures

SHORT_CYCLE_DAYS: Final = 21  # cycles under 21 days are irregular (>1 year after menarche)
LONG_CYCLE_DAYS: Final = 35  # cycles over 35 days are irregular
PCOM_FOLLICLES_PER_OVARY: Final = 20  # follicle number per ovary, >=8 MHz transvaginal probe


def ovulatory_dysfunction(features: PcosFeatures) -> bool | None:
    """Irregular cycles reported, or a typical cycle under 21 or over 35 days."""
    length = features.cycle_length_days
    if features.irregular_periods:
        return True
    if length is not None and (length < SHORT_CYCLE_DAYS or length > LONG_CYCLE_DAYS):
        return True
    return False


def hyperandrogenism(features: PcosFeatures) -> bool | None:
    """Clinical signs (hirsutism, acne, female-pattern hair loss) count as present.

    No androgen blood test is part of the request, so without clinical signs biochemical
    hyperandrogenism can be neither seen nor excluded: None, not False.
    """
    if features.excess_hair_growth or features.acne or features.hair_loss:
        return True
    return None


def polycystic_ovarian_morphology(features: PcosFeatures) -> bool | None:
    """Follicle number per ovary >= 20 on either ovary; None unless both counts rule it out.

    AMH is deliberately not used: the guideline allows it in adults but sets no
    international cut-off (assay and population specific), so any number here would be
    invented.
    """
    counts = (features.follicle_count_left, features.follicle_count_right)
    if any(count is not None and count >= PCOM_FOLLICLES_PER_OVARY for count in counts):
        return True
    if all(count is not None for count in counts):
        return False
    return None


def assess(features: PcosFeatures) -> Criteria:
    """All three criteria for one request."""
    return Criteria(
        ovulatory_dysfunction=ovulatory_dysfunction(features),
        hyperandrogenism=hyperandrogenism(features),
        polycystic_ovarian_morphology=polycystic_ovarian_morphology(features),
    )
