"""The person's context in a PCOS answer: its flags and what the answer assumed.

What her state changes in the criteria themselves is in `criteria` (`cycles_masked` and
the situation arguments); here are the flags that say so, in plain language, and the
assumptions an answer lists when the request left something out. docs/CLINICAL.md
("PCOS risk", "The person's context") has the table of states, answers and guidelines.
"""

from __future__ import annotations

import functools

from fembalance_ml.clinical.person import Assumption, NoteParam
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.i18n import Text, current_language
from fembalance_ml.pcos.criteria import ADOLESCENT_YEARS, recently_gave_birth
from fembalance_ml.pcos.flags import METHOD_NAMES, flag
from fembalance_ml.pcos.schemas import PcosFlag

PRIMARY_AMENORRHOEA_AGE = 15.0  # ACOG CO 651; PCOS 2023


def context_flags(situation: Situation) -> list[PcosFlag]:
    """Flags for the states that change what the answers can show, most urgent first."""
    if not situation.stated:
        return []  # every one of them is a stated state
    ctx = situation.context
    flags = []
    if situation.primary_amenorrhoea and situation.age is not None:
        flags.append(
            flag(
                "primary_amenorrhoea",
                {"age": situation.age, "limit_age": PRIMARY_AMENORRHOEA_AGE},
            )
        )
    if situation.hormonal_contraception and ctx.contraception is not None:
        flags.append(
            flag(
                "hormonal_contraception",
                {"method": ctx.contraception, "months_off_before_testing": 3},
                method_name=METHOD_NAMES[ctx.contraception].render(),
            )
        )
    if situation.pregnant:
        flags.append(flag("pregnancy"))
    if situation.breastfeeding or recently_gave_birth(situation):
        flags.append(flag("postpartum", _postpartum_params(situation)))
    if situation.postmenopausal or situation.on_hrt:
        params: dict[str, NoteParam] = {}
        if ctx.menopause is not None:
            params["menopause"] = ctx.menopause
        if ctx.hrt is not None:
            params["hrt"] = ctx.hrt
        flags.append(flag("menopause", params))
    elif ctx.menopause == "perimenopause":
        flags.append(flag("menopausal_transition"))
    return flags


def _postpartum_params(situation: Situation) -> dict[str, NoteParam]:
    params: dict[str, NoteParam] = {"months": 12}
    days = situation.days_since_delivery
    if days is not None:
        params["days_since_delivery"] = days
    if situation.context.breastfeeding is not None:
        params["breastfeeding"] = situation.context.breastfeeding
    return params


_CONTRACEPTION_NOT_STATED = Text(
    "pcos.hormonal_contraception_not_stated",
    "The request did not say whether you use hormonal contraception, so the criteria "
    "assume you do not. On the pill, patch, ring, implant, injection or a hormonal IUS, "
    "cycle regularity cannot be judged and a normal testosterone does not rule out "
    "raised androgens (PCOS 2023).",
)
_ADULT_CRITERIA_ASSUMED = Text(
    "pcos.adult_criteria_assumed",
    "Neither your age nor the years since your first period were given, so the adult "
    "PCOS criteria were used (PCOS 2023). Within 8 years of the first period the "
    "adolescent criteria apply instead.",
)


@functools.cache
def _note(code: str, language: str) -> Assumption:
    """A PCOS assumption worded in `language` (the current one), made once per language:
    answers share it, as they share the rules' part it is in."""
    del language  # the cache key: the text renders in the current language
    if code == "adult_criteria_assumed":
        return Assumption.model_construct(
            code=code,
            message=_ADULT_CRITERIA_ASSUMED.render(),
            params={"adolescent_years_since_menarche": ADOLESCENT_YEARS},
        )
    return Assumption.model_construct(
        code=code, message=_CONTRACEPTION_NOT_STATED.render(), params={}
    )


def assumptions_for(situation: Situation) -> list[Assumption]:
    """What the answer took for granted: the shared ones, then the PCOS ones."""
    notes = situation.assumptions(uses_age=False)
    language = current_language()
    if situation.context.contraception is None:
        notes.append(_note("hormonal_contraception_not_stated", language))
    if situation.age is None and situation.years_since_menarche is None:
        notes.append(_note("adult_criteria_assumed", language))
    return notes
