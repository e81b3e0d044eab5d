"""The bleeding flags of a period log, from the rules /cycle and /symptoms share.

clinical/bleeding.py decides (prolonged by age, post-menopausal bleeding); this module
picks the periods it asks about and adds what only a period log can tell: a period of 14
days or more, and a period start logged during a stated pregnancy, are `urgent_care`, the
code /symptoms uses for the same situations.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fembalance_ml.clinical.bleeding import (
    VERY_LONG_BLEED_DAYS,
    Period,
    prolonged_periods,
    very_long_bleeds,
)
from fembalance_ml.clinical.menopause import postmenopausal_bleeding
from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.clinical.sources import NICE_NG88, NICE_NG126
from fembalance_ml.cycle.flag import Flag, said
from fembalance_ml.i18n import Text

RECENT_PERIODS = 13  # the periods of the last 12 cycles
NO_FORECAST = Text(
    "cycle.postmenopausal_bleeding.no_forecast",
    "No ovulation or fertile window is predicted.",
    note="Follows the shared message on bleeding after the menopause or on HRT.",
)
BLEEDING_IN_PREGNANCY = Text(
    "cycle.urgent_care.bleeding_in_pregnancy",
    "Bleeding was logged on {bleed_in_pregnancy_date}, after your pregnancy began (its last "
    "period started on {pregnancy_start_date}). Bleeding in pregnancy needs checking today: "
    "contact your midwife, doctor or early pregnancy unit now. Call emergency services if the "
    "bleeding is heavy, or with severe pain, pain in the tip of the shoulder, or feeling "
    f"faint or dizzy ({NICE_NG126}).",
    note="Dates are ISO dates (YYYY-MM-DD).",
)
VERY_LONG_BLEED = Text(
    "cycle.urgent_care.very_long_bleed",
    "A period of {longest_days} days was logged. Bleeding for {limit_days} days "
    "or more needs a doctor soon, even if it has stopped. Seek help today if you are "
    "soaking a pad or tampon every hour, passing large clots, or feel faint, dizzy or "
    f"short of breath ({NICE_NG88}).",
)
COPPER_IUD = Text(
    "cycle.prolonged_period.copper_iud",
    "A copper IUD can make periods longer and heavier, mostly in "
    "the first months after it is fitted (FSRH); a clinician can advise.",
    note="Follows the shared message on a prolonged period.",
)


def _bleeding_in_pregnancy(starts: Sequence[date], situation: Situation) -> Flag | None:
    """A period start after the first day of the pregnancy's last period (NICE NG126)."""
    began = situation.context.pregnancy_start_date
    if not situation.pregnant or began is None:
        return None
    during = [start for start in starts if start > began]
    if not during:
        return None
    params: dict[str, NoteParam] = {
        "bleed_in_pregnancy_date": during[-1].isoformat(),
        "bleeds_in_pregnancy": len(during),
        "pregnancy_start_date": began.isoformat(),
    }
    return said("urgent_care", (BLEEDING_IN_PREGNANCY,), params)


def _very_long_bleed(periods: Sequence[Period]) -> Flag | None:
    """A period of 14 days or more: a doctor soon, at any age and on any method."""
    long = very_long_bleeds(periods)
    if not long:
        return None
    longest = max(period.days or 0 for period in long)
    params: dict[str, NoteParam] = {
        "count": len(long),
        "longest_days": longest,
        "limit_days": VERY_LONG_BLEED_DAYS,
    }
    return said("urgent_care", (VERY_LONG_BLEED,), params)


def urgent_flags(
    starts: Sequence[date], periods: Sequence[Period], situation: Situation
) -> list[Flag]:
    """At most one `urgent_care` flag: bleeding in pregnancy first, then a 14-day bleed."""
    found = [
        flag
        for flag in (_bleeding_in_pregnancy(starts, situation), _very_long_bleed(periods))
        if flag is not None
    ]
    if not found:
        return []
    params: dict[str, NoteParam] = {}
    for flag in found:
        params.update(flag.params)
    return [Flag("urgent_care", " ".join(flag.message for flag in found), params)]


def prolonged_flag(periods: Sequence[Period], situation: Situation) -> list[Flag]:
    """Any recent period over the limit for her age (clinical/bleeding.prolonged_periods)."""
    finding = prolonged_periods(periods, situation)
    if finding is None:
        return []
    flag = Flag.of(finding)
    if situation.context.contraception != "copper_iud":
        return [flag]
    return [
        Flag(
            flag.code, f"{flag.message} {COPPER_IUD.render()}", {**flag.params, "copper_iud": True}
        )
    ]


def postmenopausal_flag(starts: Sequence[date], situation: Situation) -> list[Flag]:
    """Bleeding after the menopause, or on HRT (clinical/menopause.postmenopausal_bleeding)."""
    finding = postmenopausal_bleeding(starts, situation)
    if finding is None:
        return []
    # The current cycle is then not one to forecast (rules.ABNORMAL_CYCLE_CODES).
    flag = Flag.of(finding)
    return [Flag(flag.code, f"{flag.message} {NO_FORECAST.render()}", flag.params)]


def recent_periods(starts: Sequence[date], lengths: Sequence[int | None]) -> list[Period]:
    """The last 13 periods, each with its logged length if any."""
    periods = [Period(start, days) for start, days in zip(starts, lengths, strict=True)]
    return periods[-RECENT_PERIODS:]
