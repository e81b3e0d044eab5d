"""Regularity (FIGO 2018), confidence and flags: plain rules on the logged history.

FIGO 2018 calls cycles regular when the shortest and longest cycle of the last 12 months
differ by at most 7 to 9 days; the age bands here pick the cut-off: 9 days under 26 and
from 42 on, 7 days from 26 to 41, and 8 days when age is not given. Its ranges apply from
age 18 to 45: outside them regularity is not assessed. Every logged cycle counts here, a
suspected missed log included: only the length estimate leaves those out (features.py).
docs/CLINICAL.md lists each rule with its guideline and the vignettes that test it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from fembalance_ml.cycle.features import suspected_missed_logs

SHORT_CYCLE_DAYS = 24  # FIGO 2018: frequent bleeding is a cycle under 24 days
LONG_CYCLE_DAYS = 38  # FIGO 2018: infrequent bleeding is a cycle over 38 days
PROLONGED_PERIOD_DAYS = 8  # FIGO 2018: bleeding over 8 days is prolonged
LATE_PERIOD_DAYS = 7  # past the predicted date; beyond FIGO's 7-9 day normal variation
ABSENT_PERIOD_DAYS = 90  # NICE CKS amenorrhoea: 3 months after regular cycles
ABSENT_PERIOD_DAYS_IRREGULAR = 180  # ... and 6 months after irregular ones
POSTMENOPAUSAL_GAP_DAYS = 365  # NICE NG12 / CKS: bleeding a year after the last period
POSTMENOPAUSAL_GAP_DAYS_FROM_45 = 180  # from age 45, a 6-month gap is enough to check
POSTMENOPAUSAL_AGE = 45
POSTMENOPAUSAL_RECENT_DAYS = 365  # only a bleed logged in the year before as_of is flagged
FIGO_MIN_AGE = 18
FIGO_MAX_AGE = 45
HIGHLY_VARIABLE_MEDIAN_CHANGE = 9
MIN_CYCLES_FOR_REGULARITY = 3
REGULARITY_WINDOW_DAYS = 365
RECENT_CYCLES_FOR_FLAGS = 12
HIGH_CONFIDENCE_MIN_CYCLES = 6
HIGH_CONFIDENCE_MAX_WIDTH = 7
MEDIUM_CONFIDENCE_MAX_WIDTH = 12
# With any of these the current cycle is not a normal one: its dates are not predicted.
ABNORMAL_CYCLE_CODES = frozenset(
    {"late_period", "absent_period", "possible_postmenopausal_bleeding"}
)


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


def regularity_assessed(age: float | None) -> bool:
    """Whether FIGO 2018's regularity ranges apply: age 18 to 45, or age not given."""
    return age is None or FIGO_MIN_AGE <= age <= FIGO_MAX_AGE


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
    """`regular`, `irregular` or `insufficient_data`; every logged cycle counts."""
    lengths = recent_lengths(starts)
    if len(lengths) < MIN_CYCLES_FOR_REGULARITY or not regularity_assessed(age):
        return "insufficient_data"
    spread = max(lengths) - min(lengths)
    return "regular" if spread <= regularity_cutoff_days(age) else "irregular"


def confidence(usable_cycles: int, interval_width_days: int, *, abnormal: bool, late: bool) -> str:
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


def _length_flags(lengths: Sequence[int]) -> list[Flag]:
    """Short, long, suspected missed logs and highly variable cycles (all cycles count)."""
    values = np.asarray(lengths[-RECENT_CYCLES_FOR_FLAGS:], dtype=float)
    flags = []
    if (short := int(np.sum(values < SHORT_CYCLE_DAYS))) > 0:
        flags.append(
            Flag(
                "short_cycles",
                f"{short} of your recent cycles lasted under {SHORT_CYCLE_DAYS} days. FIGO 2018 "
                "counts cycles this short as frequent bleeding, outside the normal range: a "
                "clinician can check the cause.",
            )
        )
    if (long := int(np.sum(values > LONG_CYCLE_DAYS))) > 0:
        flags.append(
            Flag(
                "long_cycles",
                f"{long} of your recent cycles lasted over {LONG_CYCLE_DAYS} days. FIGO 2018 "
                "counts cycles this long as infrequent bleeding, outside the normal range: a "
                "clinician can check the cause.",
            )
        )
    if (missed := int(np.sum(suspected_missed_logs(values)))) > 0:
        flags.append(
            Flag(
                "possible_missed_log",
                f"{missed} cycle(s) were about twice your usual length: perhaps a period was "
                "not logged, so they are left out of the length estimate only. They still "
                "count for regularity and the other flags: if no period was missed, they were "
                "long cycles.",
            )
        )
    changes = np.abs(np.diff(values))
    if changes.size >= 2 and float(np.median(changes)) > HIGHLY_VARIABLE_MEDIAN_CHANGE:
        flags.append(
            Flag(
                "highly_variable",
                f"Your cycle length changes by more than {HIGHLY_VARIABLE_MEDIAN_CHANGE} days "
                "from one cycle to the next, beyond the 7 to 9 days FIGO 2018 calls regular, so "
                "dates are harder to predict. A clinician can help find out why.",
            )
        )
    return flags


def _prolonged_flag(period_lengths: Sequence[int | None]) -> list[Flag]:
    """Logged periods over 8 days among the recent ones (FIGO 2018)."""
    recent = [days for days in period_lengths[-(RECENT_CYCLES_FOR_FLAGS + 1) :] if days]
    prolonged = sum(days > PROLONGED_PERIOD_DAYS for days in recent)
    if not prolonged:
        return []
    return [
        Flag(
            "prolonged_menstruation",
            f"{prolonged} of your logged periods lasted over {PROLONGED_PERIOD_DAYS} days. "
            "FIGO 2018 counts bleeding this long as prolonged, outside the normal range: "
            "please see a clinician.",
        )
    ]


def _postmenopausal_gap(starts: Sequence[date], as_of: date, age: float | None) -> int | None:
    """The longest gap before a start in the last year that calls for a check, if any."""
    threshold = (
        POSTMENOPAUSAL_GAP_DAYS_FROM_45
        if age is not None and age >= POSTMENOPAUSAL_AGE
        else POSTMENOPAUSAL_GAP_DAYS
    )
    gaps = [
        (later - earlier).days
        for earlier, later in itertools.pairwise(starts)
        if (as_of - later).days <= POSTMENOPAUSAL_RECENT_DAYS
        and (later - earlier).days >= threshold
    ]
    return max(gaps, default=None)


def _postmenopausal_flag(starts: Sequence[date], as_of: date, age: float | None) -> list[Flag]:
    """Bleeding after a year without periods, or after 6 months from age 45 (NICE NG12, CKS)."""
    gap = _postmenopausal_gap(starts, as_of, age)
    if gap is None:
        return []
    return [
        Flag(
            "possible_postmenopausal_bleeding",
            f"A period was logged after {gap} days without one. Bleeding after a year without "
            "periods, or after 6 months from age 45, may be bleeding after the menopause, "
            "which needs checking by a doctor soon (NICE NG12, NICE CKS post-menopausal "
            "bleeding). No ovulation or fertile window is predicted.",
        )
    ]


def _late_flag(days_late: int | None) -> list[Flag]:
    """A period 7 or more days past the predicted date."""
    if days_late is None or days_late < LATE_PERIOD_DAYS:
        return []
    return [
        Flag(
            "late_period",
            f"Your period is {days_late} days later than predicted. If you could be pregnant, "
            "take a pregnancy test. A delay of 7 days or more is beyond the normal variation "
            "(FIGO 2018), so ovulation and the fertile window are not predicted until a new "
            "period is logged. If it does not come, talk to a clinician.",
        )
    ]


def _absent_message(days: int, cycle_regularity: str) -> str:
    """Pregnancy test first, then a clinician, with the 3- or 6-month definition that applies."""
    opening = (
        f"No period has been logged for {days} days. If you could be pregnant, take a "
        "pregnancy test first. "
    )
    if cycle_regularity == "regular":
        return opening + (
            "After regular cycles, 3 months without a period is what guidelines call absent "
            "periods (secondary amenorrhoea, NICE CKS): please see a clinician."
        )
    if cycle_regularity == "irregular":
        passed = "That point has passed: " if days >= ABSENT_PERIOD_DAYS_IRREGULAR else ""
        return opening + (
            "After irregular cycles, guidelines call periods absent after 6 months without "
            f"one (secondary amenorrhoea, NICE CKS). {passed}please see a clinician."
        )
    return opening + (
        "Guidelines call periods absent after 3 months without one when cycles were regular, "
        "or 6 months when they were irregular (secondary amenorrhoea, NICE CKS): please see "
        "a clinician."
    )


def _absent_flag(days_since_start: int, cycle_regularity: str) -> list[Flag]:
    """No period for 90 days or more."""
    if days_since_start < ABSENT_PERIOD_DAYS:
        return []
    return [Flag("absent_period", _absent_message(days_since_start, cycle_regularity))]


def _regularity_flag(age: float | None) -> list[Flag]:
    """Say why regularity is not assessed below 18 or above 45."""
    if regularity_assessed(age):
        return []
    ranges = "FIGO 2018's ranges for cycle regularity apply from age 18 to 45."
    if age is not None and age < FIGO_MIN_AGE:
        advice = (
            "Cycles often vary in the first years after the first period; a clinician can "
            "advise, and should if periods are very far apart, very heavy or painful."
        )
    else:
        advice = "From 45 on, cycle changes are common near the menopause; a clinician can advise."
    return [Flag("regularity_not_assessed", f"Regularity is not assessed: {ranges} {advice}")]


def flags_for(
    starts: Sequence[date],
    as_of: date,
    *,
    age: float | None = None,
    period_lengths: Sequence[int | None] = (),
    days_late: int | None = None,
) -> list[Flag]:
    """Every flag that applies on `as_of` to sorted starts and their logged period lengths."""
    lengths = [(later - earlier).days for earlier, later in itertools.pairwise(starts)]
    cycle_regularity = regularity(starts, age) if lengths else "insufficient_data"
    return [
        *_length_flags(lengths),
        *_prolonged_flag(period_lengths),
        *_postmenopausal_flag(starts, as_of, age),
        *_late_flag(days_late),
        *_absent_flag((as_of - starts[-1]).days, cycle_regularity),
        *_regularity_flag(age),
    ]


def is_abnormal(flags: Sequence[Flag]) -> bool:
    """Whether a flag says the current cycle is not one to forecast."""
    return any(flag.code in ABNORMAL_CYCLE_CODES for flag in flags)
