"""Regularity (FIGO 2018), confidence and flags: plain rules on the logged history.

FIGO 2018 calls cycles regular when the shortest and longest cycle of the last 12 months
differ by at most 7 to 9 days; the age bands here pick the cut-off: 9 days under 26 and
from 42 on, 7 days from 26 to 41, and 8 days when age is not given.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from fembalance_ml.cycle.features import suspected_missed_logs

SHORT_CYCLE_DAYS = 21
LONG_CYCLE_DAYS = 35
ABSENT_PERIOD_DAYS = 90
HIGHLY_VARIABLE_MEDIAN_CHANGE = 9
MIN_CYCLES_FOR_REGULARITY = 3
REGULARITY_WINDOW_DAYS = 365
RECENT_CYCLES_FOR_FLAGS = 12
HIGH_CONFIDENCE_MIN_CYCLES = 6
HIGH_CONFIDENCE_MAX_WIDTH = 7
MEDIUM_CONFIDENCE_MAX_WIDTH = 12


@dataclass(frozen=True)
class Flag:
    """A pattern worth telling the user about, with a plain message."""

    code: str
    message: str


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


def regularity(starts: Sequence[date], age: float | None) -> str:
    """`regular`, `irregular` or `insufficient_data`, leaving suspected missed logs out."""
    lengths = np.asarray(recent_lengths(starts), dtype=float)
    lengths = lengths[~suspected_missed_logs(lengths)]
    if lengths.size < MIN_CYCLES_FOR_REGULARITY:
        return "insufficient_data"
    spread = float(lengths.max() - lengths.min())
    return "regular" if spread <= regularity_cutoff_days(age) else "irregular"


def confidence(usable_cycles: int, interval_width_days: int, *, absent: bool, late: bool) -> str:
    """`high`, `medium` or `low` from how much history there is and how wide the forecast is."""
    if absent or usable_cycles < MIN_CYCLES_FOR_REGULARITY:
        return "low"
    if (
        not late
        and usable_cycles >= HIGH_CONFIDENCE_MIN_CYCLES
        and interval_width_days <= HIGH_CONFIDENCE_MAX_WIDTH
    ):
        return "high"
    return "medium" if interval_width_days <= MEDIUM_CONFIDENCE_MAX_WIDTH else "low"


def _length_flags(lengths: Sequence[int]) -> list[Flag]:
    """Short, long, suspected missed logs and highly variable cycles."""
    values = np.asarray(lengths[-RECENT_CYCLES_FOR_FLAGS:], dtype=float)
    missed = suspected_missed_logs(values)
    real = values[~missed]
    flags = []
    if (short := int(np.sum(real < SHORT_CYCLE_DAYS))) > 0:
        flags.append(Flag("short_cycles", f"{short} of your recent cycles lasted under 21 days."))
    if (long := int(np.sum(real > LONG_CYCLE_DAYS))) > 0:
        flags.append(Flag("long_cycles", f"{long} of your recent cycles lasted over 35 days."))
    if missed.any():
        flags.append(
            Flag(
                "possible_missed_log",
                f"{int(missed.sum())} cycle(s) were about twice your usual length: perhaps a "
                "period was not logged. They are left out of the forecast.",
            )
        )
    changes = np.abs(np.diff(values))
    if changes.size >= 2 and float(np.median(changes)) > HIGHLY_VARIABLE_MEDIAN_CHANGE:
        flags.append(
            Flag(
                "highly_variable",
                "Your cycle length changes by more than 9 days from one cycle to the next, "
                "so dates are harder to predict. A clinician can help find out why.",
            )
        )
    return flags


def flags_for(starts: Sequence[date], as_of: date) -> list[Flag]:
    """Every flag that applies to a sorted list of starts on `as_of`."""
    lengths = [(later - earlier).days for earlier, later in itertools.pairwise(starts)]
    flags = _length_flags(lengths)
    if (as_of - starts[-1]).days >= ABSENT_PERIOD_DAYS:
        flags.append(
            Flag(
                "absent_period",
                "No period has been logged for 90 days or more. If you are not pregnant, "
                "please talk to a clinician.",
            )
        )
    return flags
