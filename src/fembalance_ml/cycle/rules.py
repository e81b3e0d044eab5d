"""Regularity (FIGO 2018), confidence and the flags of a period log, put together.

FIGO 2018 calls cycles regular when the shortest and longest cycle of the last 12 months
differ by at most 7 to 9 days; the age bands here pick the cut-off: 9 days under 26 and
from 42 on, 7 days from 26 to 41, and 8 days when age is not given. Its ranges apply to
adults aged 18 to 45: outside them, and within 3 years of the first period, regularity is
not assessed. Cycle-length limits follow the person's life stage: FIGO 2018 for adults
(24-38 days), ACOG CO 651 in the first years after menarche (21-45 days). Every logged
cycle counts here, a suspected missed log included: only the length estimate leaves those
out (features.py). What the context changes (no forecast, no natural-cycle rules) is
plan.py's; docs/CLINICAL.md lists each rule with its guideline and vignettes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from fembalance_ml.clinical.situation import Situation
from fembalance_ml.cycle import bleeding_flags, timing
from fembalance_ml.cycle.context_flags import context_flags, in_transition
from fembalance_ml.cycle.flag import ABNORMAL_CYCLE_CODES, Flag, is_abnormal
from fembalance_ml.cycle.length_flags import length_flags
from fembalance_ml.cycle.plan import Confidence, Plan, plan_for, since_birth
from fembalance_ml.cycle.timing import (
    ABSENT_PERIOD_DAYS,
    LATE_PERIOD_DAYS,
    regularity_assessed,
    regularity_assessed_for,
)

__all__ = [
    "ABNORMAL_CYCLE_CODES",
    "ABSENT_PERIOD_DAYS",
    "LATE_PERIOD_DAYS",
    "Flag",
    "confidence",
    "flags_for",
    "is_abnormal",
    "regularity",
    "regularity_assessed",
    "regularity_cutoff_days",
]

MIN_CYCLES_FOR_REGULARITY: Final = 3
REGULARITY_WINDOW_DAYS: Final = 365
HIGH_CONFIDENCE_MIN_CYCLES: Final = 6
HIGH_CONFIDENCE_MAX_WIDTH: Final = 7
MEDIUM_CONFIDENCE_MAX_WIDTH: Final = 12


@dataclass(frozen=True)
class CycleLimits:
    """Cycles shorter than `short_days` or longer than `long_days` are worth a check."""

    norms: str
    short_days: int
    long_days: int


ADULT_LIMITS: Final = CycleLimits("adult", 24, 38)  # FIGO 2018: 24-38 days
ADOLESCENT_LIMITS: Final = CycleLimits("adolescent", 21, 45)  # ACOG CO 651: 21-45 days
SHORT_CYCLE_DAYS: Final = ADULT_LIMITS.short_days
LONG_CYCLE_DAYS: Final = ADULT_LIMITS.long_days


def limits_for(situation: Situation) -> CycleLimits:
    """ACOG CO 651's limits in the first years after menarche, FIGO 2018's for adults."""
    return ADOLESCENT_LIMITS if situation.norms == "adolescent" else ADULT_LIMITS


def regularity_cutoff_days(age: float | None) -> int:
    """Largest shortest-to-longest difference still called regular, by FIGO 2018 age band."""
    if age is None:
        return 8
    return 7 if 26 <= age < 42 else 9


def recent_lengths(starts: Sequence[date], window_days: int = REGULARITY_WINDOW_DAYS) -> list[int]:
    """Lengths of the cycles that began in the window before the last start (at least 3)."""
    lengths = [(later - earlier).days for earlier, later in itertools.pairwise(starts)]
    cutoff = starts[-1].toordinal() - window_days
    in_window = [
        length
        for length, begun in zip(lengths, starts, strict=False)
        if begun.toordinal() >= cutoff
    ]
    return in_window if len(in_window) >= MIN_CYCLES_FOR_REGULARITY else lengths[-3:]


def regularity(starts: Sequence[date], age: float | None, *, assessed: bool | None = None) -> str:
    """`regular`, `irregular` or `insufficient_data`; every logged cycle counts.

    `assessed` says whether regularity applies at all (by default: FIGO's ages 18 to 45).
    """
    lengths = recent_lengths(starts)
    applies = regularity_assessed(age) if assessed is None else assessed
    if len(lengths) < MIN_CYCLES_FOR_REGULARITY or not applies:
        return "insufficient_data"
    spread = max(lengths) - min(lengths)
    return "regular" if spread <= regularity_cutoff_days(age) else "irregular"


def confidence(
    usable_cycles: int, interval_width_days: int, *, abnormal: bool, late: bool
) -> Confidence:
    """`high`, `medium` or `low` from how much history there is and how wide the forecast is.

    `abnormal` (late 7+ days, absent, post-menopausal bleeding) is always `low`; `late` (any
    delay, or an age FIGO's ranges do not cover) is never `high`.
    """
    if abnormal or usable_cycles < MIN_CYCLES_FOR_REGULARITY:
        return "low"
    if (
        not late
        and usable_cycles >= HIGH_CONFIDENCE_MIN_CYCLES
        and interval_width_days <= HIGH_CONFIDENCE_MAX_WIDTH
    ):
        return "high"
    return "medium" if interval_width_days <= MEDIUM_CONFIDENCE_MAX_WIDTH else "low"


def flags_for(
    starts: Sequence[date],
    as_of: date,
    *,
    age: float | None = None,
    period_lengths: Sequence[int | None] = (),
    days_late: int | None = None,
    situation: Situation | None = None,
    plan: Plan | None = None,
) -> list[Flag]:
    """Every flag that applies on `as_of` to sorted starts and their logged period lengths.

    `situation` defaults to one without a context (age and `as_of` only), `plan` to the
    one it sets. Urgent care comes first, then what the context changed, then the flags
    of the log itself. From a stated birth on, only the starts since it are read as cycles;
    the bleeding-after-menopause and bleeding-in-pregnancy rules read every start.
    """
    who = situation or Situation.of(as_of=as_of, age=age, context=None)
    how = plan or plan_for(who, starts[-1])
    first = since_birth(starts, who)
    history = list(starts[first:])
    lengths = [(later - earlier).days for earlier, later in itertools.pairwise(history)]
    logged = [*period_lengths, *[None] * (len(starts) - len(period_lengths))]
    periods = bleeding_flags.recent_periods(history, logged[first:])
    flags = [
        *bleeding_flags.urgent_flags(starts, periods, who),
        *context_flags(who, starts[-1]),
    ]
    limits = limits_for(who)
    if how.natural:
        adolescent = limits.norms == "adolescent"
        flags += length_flags(
            lengths,
            limits.short_days,
            limits.long_days,
            adolescent=adolescent,
            transition=in_transition(who),
        )
    flags += bleeding_flags.prolonged_flag(periods, who)
    flags += bleeding_flags.postmenopausal_flag(starts, who)
    if how.natural:
        assessed = regularity_assessed_for(who)
        cycle_regularity = (
            regularity(history, who.age, assessed=assessed) if lengths else "insufficient_data"
        )
        flags += timing.late_flag(days_late, who)
        flags += timing.absent_flag((as_of - history[-1]).days, cycle_regularity, who)
        flags += timing.regularity_flag(who)
    elif how.withdrawal_bleeds:
        flags += timing.missed_withdrawal_bleed_flag(days_late, who)
    return flags
