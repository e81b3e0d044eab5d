"""One set of bleeding rules, applied by /cycle and /symptoms alike.

Each endpoint measures what it can from its own input (a period log's stated lengths, a
symptom log's bleeding days) and asks the same functions here, so the same bleed gets the
same answer from both. A rule returns a `Finding` (a stable code, the values its message
names, the message, the guideline) or None; the endpoint renders it in its own shape.

Limits depend on who is bleeding (`Situation`): adolescents by ACOG CO 651, adults by
FIGO 2018. Bleeding after the menopause has its own module (`clinical/menopause.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from fembalance_ml.clinical import texts
from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.clinical.sources import (
    ACOG_CO_651,
    FIGO_2018,
    FSRH_CHC,
    FSRH_PROBLEMATIC_BLEEDING,
    NICE_CKS_PCB,
    NICE_NG12,
    NICE_NG88,
)

PROLONGED_DAYS: Final = {"adolescent": 7, "adult": 8}  # ACOG CO 651; FIGO 2018
VERY_LONG_BLEED_DAYS: Final = 14  # the clinical review's threshold: a doctor soon


@dataclass(frozen=True)
class Finding:
    """A bleeding rule that fired: what it found, in a code and its values."""

    code: str
    message: str  # in the request's language (clinical/texts.py)
    source: str
    params: dict[str, NoteParam] = field(default_factory=dict)


@dataclass(frozen=True)
class Period:
    """One period: its first day and how many days it bled, if known."""

    start: date
    days: int | None


def prolonged_limit(situation: Situation) -> int:
    """Bleeding longer than this many days is prolonged, for this person's age."""
    return PROLONGED_DAYS[situation.norms]


def prolonged_periods(periods: Sequence[Period], situation: Situation) -> Finding | None:
    """Any period longer than the limit (adolescents 7 days, adults 8); one is enough.

    A stated length or a run of bleeding logs is a deliberate record, not a mistap, and
    both guidelines ask for evaluation of a single prolonged bleed.
    """
    limit = prolonged_limit(situation)
    long = [p for p in periods if p.days is not None and p.days > limit]
    if not long:
        return None
    longest = max(p.days or 0 for p in long)
    source = ACOG_CO_651 if situation.norms == "adolescent" else FIGO_2018
    rule = texts.PROLONGED_RULE[situation.norms].render(limit=limit)
    found = texts.PROLONGED.render(count=len(long), limit=limit, longest=longest)
    return Finding(
        "prolonged_menstruation",
        f"{found} {rule}",
        source,
        {"count": len(long), "limit_days": limit, "longest_days": longest},
    )


def very_long_bleeds(periods: Sequence[Period]) -> list[Period]:
    """Periods of 14 days or more: a doctor soon, at any age."""
    return [p for p in periods if p.days is not None and p.days >= VERY_LONG_BLEED_DAYS]


# --- Heavy, intermenstrual, unscheduled and post-coital bleeding, and lochia (issue 22) ------
# /symptoms finds the days (it has daily bleeding logs); the rules below judge them, so that
# any endpoint that can find such days answers the same way.

LOCHIA_DAYS: Final = 42  # NICE NG194: the postnatal period's 6 weeks of lochia
PATTERN_CYCLES: Final = 2  # heavy or between-period bleeding: a pattern in 2 or more cycles
FIRST_MONTHS_DAYS: Final = 91  # FSRH: unscheduled bleeding is common in a method's first 3 months


@dataclass(frozen=True)
class CycleDay:
    """A day a bleeding sign was found, and the first day of the cycle it fell in."""

    day: date
    cycle_start: date


def lochia(day: date, situation: Situation) -> bool:
    """Bleeding in the 6 weeks after the birth she told us about: lochia, not a period."""
    delivery = situation.context.delivery_date
    return delivery is not None and 0 <= (day - delivery).days <= LOCHIA_DAYS


def _first_in_each_cycle(days: Sequence[CycleDay]) -> list[date]:
    firsts: dict[date, date] = {}
    for found in sorted(days, key=lambda d: d.day):
        firsts.setdefault(found.cycle_start, found.day)
    return sorted(firsts.values())


def _pattern_params(firsts: list[date]) -> dict[str, NoteParam]:
    return {
        "cycles": len(firsts),
        "dates": [day.isoformat() for day in firsts],
        "min_cycles": PATTERN_CYCLES,
    }


def heavy_menstrual_bleeding(days: Sequence[CycleDay], situation: Situation) -> Finding | None:
    """Heavy bleeding, flooding or large clots during the period in 2 or more cycles.

    `days` are period days with heavy bleeding (NICE NG88 1.2: flooding and large clots are
    themselves signs of it). One heavy period is not a pattern: the extreme ones are urgent.
    """
    firsts = _first_in_each_cycle(days)
    if len(firsts) < PATTERN_CYCLES:
        return None
    message = texts.HEAVY.render()
    source = NICE_NG88
    if situation.norms == "adolescent":
        message += " " + texts.HEAVY_ADOLESCENT.render()
        source = f"{NICE_NG88}; {ACOG_CO_651}"
    return Finding(
        "heavy_menstrual_bleeding",
        message,
        source,
        {**_pattern_params(firsts), "norms": situation.norms},
    )


def intermenstrual_bleeding(days: Sequence[CycleDay], situation: Situation) -> Finding | None:
    """Bleeding between periods in 2 or more cycles, in natural cycles.

    On hormonal contraception there are no periods to bleed between: the same days are
    unscheduled bleeding (`unscheduled_bleeding`), with the FSRH's advice instead.
    """
    if situation.hormonal_contraception:
        return None
    firsts = _first_in_each_cycle(days)
    if len(firsts) < PATTERN_CYCLES:
        return None
    return Finding(
        "intermenstrual_bleeding",
        texts.INTERMENSTRUAL.render(),
        f"{NICE_NG88}; {FIGO_2018}",
        _pattern_params(firsts),
    )


def unscheduled_bleeding(
    days: Sequence[CycleDay],
    long_bleeds: Sequence[Period],
    situation: Situation,
    warning_signs: Sequence[str] = (),
) -> Finding | None:
    """Bleeding between the expected bleeds on hormonal contraception (FSRH 2015).

    Fires on such bleeding in 2 or more cycles, on a bleed longer than the prolonged limit,
    or on any such bleeding with a warning sign the endpoint saw (`warning_signs`: e.g.
    "pain", "heavy bleeding", "bleeding after sex"), each a reason to be examined.
    """
    if not situation.hormonal_contraception:
        return None
    firsts = _first_in_each_cycle(days)
    signs = list(warning_signs) if firsts or long_bleeds else []
    if len(firsts) < PATTERN_CYCLES and not long_bleeds and not signs:
        return None
    params: dict[str, NoteParam] = {
        **_pattern_params(firsts),
        "long_bleeds": len(long_bleeds),
        "warning_signs": signs,
    }
    started = situation.context.contraception_start_date
    parts = [texts.UNSCHEDULED.render()]
    if started is not None:
        since = (situation.as_of - started).days
        params |= {"days_since_start": since, "first_3_months": since < FIRST_MONTHS_DAYS}
        if since < FIRST_MONTHS_DAYS:
            parts.append(texts.UNSCHEDULED_STARTED.render(days=since))
    if signs:
        named = ", ".join(texts.WARNING_SIGNS[sign].render() for sign in signs)
        parts.append(texts.UNSCHEDULED_SIGNS.render(signs=named))
    else:
        parts.append(texts.UNSCHEDULED_LATER.render())
    pills = situation.context.contraception in ("combined_hormonal", "progestogen_only_pill")
    parts.append(texts.UNSCHEDULED_TESTS["pills" if pills else "other"].render())
    source = FSRH_PROBLEMATIC_BLEEDING
    if situation.combined_hormonal:
        source = f"{FSRH_PROBLEMATIC_BLEEDING}; {FSRH_CHC}"
    return Finding(
        "unscheduled_bleeding",
        " ".join(parts),
        source,
        params,
    )


def postcoital_bleeding(days: Sequence[date], situation: Situation) -> Finding | None:
    """Any bleeding after sex, even once: the cervix needs examining (NICE CKS)."""
    found = sorted(set(days))
    if not found:
        return None
    return Finding(
        "postcoital_bleeding",
        texts.POSTCOITAL[situation.could_be_pregnant].render(),
        f"{NICE_CKS_PCB}; {NICE_NG12}",
        {"count": len(found), "dates": [day.isoformat() for day in found]},
    )
