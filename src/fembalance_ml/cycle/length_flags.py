"""Flags on cycle lengths: short, long, suspected missed logs and highly variable cycles.

Limits follow the life stage (rules.CycleLimits): FIGO 2018's 24-38 days for adults, ACOG
CO 651's 21-45 days in the first years after menarche (an adolescent's 90-day gap is over
45 days, so it is covered). These are natural-cycle rules: plan.py leaves them out for
bleeds a hormone sets. The `highly_variable` limit (a median change of more than 9 days
between consecutive cycles) is this service's own: FIGO 2018's 7-9 days measure the
spread between the shortest and longest cycle of a year, which `regularity` reports.
In the menopausal transition (`transition`, context_flags.TRANSITION_MIN_AGE and over),
long and varying cycles are what STRAW+10 stages the transition by, so neither is flagged;
short cycles still are.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Final

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.clinical.sources import ACOG_CO_651
from fembalance_ml.cycle.flag import Flag, said
from fembalance_ml.cycle.history import median, suspected_missed
from fembalance_ml.i18n import Text

HIGHLY_VARIABLE_MEDIAN_CHANGE: Final = 9
RECENT_CYCLES_FOR_FLAGS: Final = 12


_TYPICAL = "In the first years after the first period cycles of 21 to 45 days are typical"
SHORT: Final = {
    "adolescent": Text(
        "cycle.short_cycles.adolescent",
        "{count} of your recent cycles lasted under {limit_days} days. "
        f"{_TYPICAL}, and cycles shorter than {{limit_days}} days are worth seeing a "
        f"clinician about ({ACOG_CO_651}).",
    ),
    "adult": Text(
        "cycle.short_cycles.adult",
        "{count} of your recent cycles lasted under {limit_days} days. FIGO 2018 counts "
        "cycles this short as frequent bleeding, outside the normal range: a clinician "
        "can check the cause.",
    ),
}
LONG: Final = {
    "adolescent": Text(
        "cycle.long_cycles.adolescent",
        "{count} of your recent cycles lasted over {limit_days} days. "
        f"{_TYPICAL}, and cycles longer than {{limit_days}} days, or 90 days without a "
        f"period, are worth seeing a clinician about ({ACOG_CO_651}).",
    ),
    "adult": Text(
        "cycle.long_cycles.adult",
        "{count} of your recent cycles lasted over {limit_days} days. FIGO 2018 counts "
        "cycles this long as infrequent bleeding, outside the normal range: a clinician "
        "can check the cause.",
    ),
}
MISSED: Final = Text(
    "cycle.possible_missed_log",
    "{count} cycle(s) were about twice your usual length: perhaps a period was "
    "not logged, so they are left out of the length estimate only. They still "
    "count for regularity and the other flags: if no period was missed, they were "
    "long cycles.",
)
VARIABLE: Final = Text(
    "cycle.highly_variable",
    "Your cycle length changes by more than {limit_days} days from one cycle to the next, "
    "so dates are harder to predict.",
)
VARIABLE_ADVICE: Final = {
    "adolescent": Text(
        "cycle.highly_variable.adolescent",
        "In the first years after the first period cycles often vary this much "
        f"({ACOG_CO_651}); a clinician can advise.",
    ),
    "adult": Text(
        "cycle.highly_variable.adult",
        "The {limit_days}-day limit is this service's own, not a guideline's (FIGO 2018 "
        "judges regularity by the spread between the shortest and longest cycle of a "
        "year). A clinician can help find out why.",
    ),
}


def _short(count: int, limit: int, shortest: int, adolescent: bool) -> Flag:
    norms = _norms(adolescent)
    params: dict[str, NoteParam] = {
        "count": count,
        "limit_days": limit,
        "shortest_days": shortest,
        "norms": norms,
    }
    return said("short_cycles", (SHORT[norms],), params)


def _long(count: int, limit: int, longest: int, adolescent: bool) -> Flag:
    norms = _norms(adolescent)
    params: dict[str, NoteParam] = {
        "count": count,
        "limit_days": limit,
        "longest_days": longest,
        "norms": norms,
    }
    return said("long_cycles", (LONG[norms],), params)


def _norms(adolescent: bool) -> str:
    return "adolescent" if adolescent else "adult"


def _missed(count: int) -> Flag:
    return said("possible_missed_log", (MISSED,), {"count": count})


def _variable(median_change: float, adolescent: bool) -> Flag:
    params = {
        "median_change_days": round(median_change, 1),
        "limit_days": HIGHLY_VARIABLE_MEDIAN_CHANGE,
    }
    advice = VARIABLE_ADVICE[_norms(adolescent)]
    return said("highly_variable", (VARIABLE, advice), params)


def length_flags(
    lengths: Sequence[int],
    short_limit: int,
    long_limit: int,
    *,
    adolescent: bool,
    transition: bool = False,
) -> list[Flag]:
    """Short, long, suspected missed logs and highly variable cycles (all cycles count).

    `transition`: the stated menopausal transition, where long and varying cycles are
    expected (STRAW+10) and only short ones are flagged. Plain Python on the last 12
    lengths (the same medians as numpy's, cycle/history.py).
    """
    values = [float(length) for length in lengths[-RECENT_CYCLES_FOR_FLAGS:]]
    flags = []
    if (short := sum(value < short_limit for value in values)) > 0:
        flags.append(_short(short, short_limit, int(min(values)), adolescent))
    if not transition and (long := sum(value > long_limit for value in values)) > 0:
        flags.append(_long(long, long_limit, int(max(values)), adolescent))
    if (missed := sum(suspected_missed(values))) > 0:
        flags.append(_missed(missed))
    changes = [abs(later - earlier) for earlier, later in itertools.pairwise(values)]
    if (
        not transition
        and len(changes) >= 2
        and (change := median(changes)) > HIGHLY_VARIABLE_MEDIAN_CHANGE
    ):
        flags.append(_variable(change, adolescent))
    return flags
