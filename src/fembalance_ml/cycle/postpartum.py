"""After a birth with no period since: why none is forecast, and when that needs a check.

The periods before a pregnancy do not predict the first one after it, so with a stated
birth and no period logged since, nothing is forecast and no period is counted as late or
absent (issue 22: breastfeeding for 330 days got "302 days later than predicted"). The flag
`postpartum_amenorrhoea` says what is expected instead (FSRH contraception after pregnancy):
while breastfeeding periods often stay away for months; without it they usually return
within 3 months of the birth, and after that a pregnancy test and a clinician are advised
(NICE CKS amenorrhoea). It never speaks of the menopause: a gap after a birth is not one.
"""

from __future__ import annotations

from typing import Final

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.clinical.situation import POSTPARTUM_AMENORRHOEA_DAYS, Situation
from fembalance_ml.clinical.sources import FSRH_POSTPARTUM, NICE_CKS_AMENORRHOEA
from fembalance_ml.cycle.flag import Flag, said
from fembalance_ml.i18n import Text

_NOT_FORECAST = (
    "The periods before a pregnancy do not predict the first one after it, so no period, "
    "ovulation or fertile window is forecast and no period is counted as late."
)
LAM_MONTHS: Final = 6  # FSRH: lactational amenorrhoea as contraception, under 6 months only
OPENING: Final = Text(
    "cycle.postpartum_amenorrhoea",
    "Your last logged period was before the birth on {delivery_date}, "
    "{days_since_delivery} days ago, and none has been logged since.",
    note="{delivery_date} is an ISO date (YYYY-MM-DD).",
)
BREASTFEEDING: Final = Text(
    "cycle.postpartum_amenorrhoea.breastfeeding",
    "While breastfeeding, periods often stay away for months (lactational amenorrhoea) and "
    f"come back at different times, often as feeds become fewer. {_NOT_FORECAST} You can "
    "ovulate, and become pregnant, before the first period comes back: breastfeeding counts "
    f"as contraception only while you fully breastfeed, under {LAM_MONTHS} months after the "
    f"birth, with no period ({FSRH_POSTPARTUM}). If you could be pregnant, take a pregnancy "
    "test; if periods do not come back after you stop breastfeeding, see a clinician.",
)
EARLY: Final = Text(
    "cycle.postpartum_amenorrhoea.early",
    "Without breastfeeding, periods usually come back within a few months of a birth. "
    f"{_NOT_FORECAST} Ovulation can return from about 3 weeks after the birth, before the "
    f"first period, so you can become pregnant before it ({FSRH_POSTPARTUM}). If no period "
    "has come 3 months after the birth, take a pregnancy test and see a clinician.",
)
OVERDUE: Final = Text(
    "cycle.postpartum_amenorrhoea.overdue",
    "Without breastfeeding, periods usually come back within 3 months of a birth: please "
    "take a pregnancy test, and see a clinician about periods that have not come back "
    f"({NICE_CKS_AMENORRHOEA}; {FSRH_POSTPARTUM}). {_NOT_FORECAST}",
)
ADD_BREASTFEEDING: Final = Text(
    "cycle.postpartum_amenorrhoea.add_breastfeeding",
    "If you are breastfeeding, add it to your profile: periods often stay away longer then.",
)


def postpartum_flag(situation: Situation) -> Flag:
    """The `postpartum_amenorrhoea` flag: no period logged since the stated birth."""
    delivery = situation.context.delivery_date
    days = situation.days_since_delivery or 0
    feeding = situation.context.breastfeeding
    if situation.breastfeeding:
        parts = [OPENING, BREASTFEEDING]
    else:
        parts = [OPENING, EARLY if days <= POSTPARTUM_AMENORRHOEA_DAYS else OVERDUE]
        if feeding is None:
            parts.append(ADD_BREASTFEEDING)
    params: dict[str, NoteParam] = {
        "delivery_date": str(delivery),
        "days_since_delivery": days,
        "breastfeeding": feeding or "not_stated",
        "expected": situation.breastfeeding or days <= POSTPARTUM_AMENORRHOEA_DAYS,
        "limit_days": POSTPARTUM_AMENORRHOEA_DAYS,
    }
    return said("postpartum_amenorrhoea", parts, params)
