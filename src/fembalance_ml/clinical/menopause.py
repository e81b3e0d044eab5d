"""Bleeding after the menopause, the same rule for /cycle and /symptoms (NICE NG23, NG12, CKS).

The menopause is what the person said (`menopause` natural or surgical), or else 12 months
without a period at an age when it can be expected (45 or over, NICE NG23), or at an
unknown age (cautious). Never at a younger age, and never when a birth or a hormonal method
explains the gap: a long gap then is not a menopause, and an answer must not say it is.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import Final

from fembalance_ml.clinical import texts
from fembalance_ml.clinical.bleeding import Finding
from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.clinical.sources import NICE_CKS_PMB, NICE_NG12, NICE_NG23

MENOPAUSE_GAP_DAYS: Final = 365  # menopause: 12 months without a period (NICE NG23)
MENOPAUSE_AGE: Final = 45.0  # NICE NG23: diagnosed from 45 on 12 months without periods
SUSPECTED_CANCER_AGE: Final = 55.0  # NICE NG12: refer post-menopausal bleeding from 55
RECENT_DAYS: Final = 365  # only a bleed in the year before as_of is flagged as new


def _gap_explained(situation: Situation, before: date, after: date) -> bool:
    """A state the person told us about that explains a long gap without periods.

    A birth in the gap explains it (a pregnancy, then breastfeeding); a birth after the
    bleed shows she conceived after it, so it was no bleeding after a menopause.
    """
    ctx = situation.context
    if ctx.delivery_date is not None and before <= ctx.delivery_date:
        return True
    return situation.hormonal_contraception  # amenorrhoea is common on these (FSRH)


def postmenopausal_bleeding(bleeds: Sequence[date], situation: Situation) -> Finding | None:
    """Bleeding after the menopause: a doctor soon; from 55 the suspected-cancer pathway.

    `bleeds` are the days bleeding began (period starts, or bleeding logs), any order.
    The menopause is what she said (`menopause` natural or surgical, bleeding after its
    date), or else a gap of 12 months or more without a period, then bleeding, at 45 or
    over (NICE NG23), or at an unknown age (cautious). Never at a younger age, and never
    when a birth or a hormonal method explains the gap: that is not a menopause. On
    continuous HRT no bleed is expected, so any recent one is `bleeding_on_hrt`. A stated
    pregnancy rules a menopause out (bleeding in pregnancy is the pregnancy rules' to flag).
    """
    if situation.pregnant:
        return None
    days = sorted(set(bleeds))
    recent = [d for d in days if (situation.as_of - d).days <= RECENT_DAYS]
    if not recent:
        return None
    if situation.postmenopausal or situation.context.hrt == "continuous":
        since = situation.context.menopause_date
        after = [d for d in recent if since is None or d > since]
        return _postmenopausal_finding(after[0], None, situation) if after else None
    age = situation.age
    if age is not None and age < MENOPAUSE_AGE:
        return None
    gaps = [
        (later, (later - earlier).days)
        for earlier, later in itertools.pairwise(days)
        if later in recent
        and (later - earlier).days >= MENOPAUSE_GAP_DAYS
        and not _gap_explained(situation, earlier, later)
    ]
    if not gaps:
        return None
    day, gap = max(gaps, key=lambda pair: pair[1])
    return _postmenopausal_finding(day, gap, situation)


def _postmenopausal_finding(day: date, gap: int | None, situation: Situation) -> Finding:
    age = situation.age
    params: dict[str, NoteParam] = {"bleed_date": day.isoformat()}
    if gap is not None:
        params["gap_days"] = gap
        opening = texts.OPENING_GAP.render(day=day, gap=gap)
    elif situation.postmenopausal:
        opening = texts.OPENING_STATED.render(day=day)
    else:
        opening = texts.OPENING_HRT.render(day=day)
    if situation.on_hrt:
        params["hrt"] = situation.context.hrt or ""
        return Finding(
            "bleeding_on_hrt",
            f"{opening} {texts.ON_HRT.render()}",
            f"{NICE_NG23}; {NICE_NG12}",
            params,
        )
    if age is None:
        params["age_known"] = False
    urgent = age is not None and age >= SUSPECTED_CANCER_AGE
    params["suspected_cancer_pathway"] = urgent
    advice = "urgent" if urgent else ("age_unknown" if age is None else "soon")
    return Finding(
        "possible_postmenopausal_bleeding",
        f"{opening} {texts.AFTER_MENOPAUSE[advice].render()}",
        f"{NICE_CKS_PMB}; {NICE_NG12}",
        params,
    )
