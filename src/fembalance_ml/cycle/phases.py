"""Cycle phases by cycle day: the one place the service maps a day to a phase.

Both the cycle prediction and the symptom forecast use this, so the two never disagree
about which phase a date falls in.
"""

from __future__ import annotations

from enum import StrEnum

DEFAULT_PERIOD_LENGTH = 5
OVULATORY_HALF_WIDTH = 1  # days either side of the estimated ovulation day


class CyclePhase(StrEnum):
    """The four phases reported in `status.current_phase`."""

    MENSTRUAL = "menstrual"
    FOLLICULAR = "follicular"
    OVULATORY = "ovulatory"
    LUTEAL = "luteal"


def phase_on_cycle_day(
    cycle_day: int, ovulation_day: float, period_length: int = DEFAULT_PERIOD_LENGTH
) -> CyclePhase:
    """The phase of `cycle_day` in a cycle whose ovulation is expected on `ovulation_day`."""
    if cycle_day < 1:
        raise ValueError(f"cycle_day must be at least 1, got {cycle_day}")
    if cycle_day <= period_length:
        return CyclePhase.MENSTRUAL
    if abs(cycle_day - ovulation_day) <= OVULATORY_HALF_WIDTH:
        return CyclePhase.OVULATORY
    if cycle_day < ovulation_day:
        return CyclePhase.FOLLICULAR
    return CyclePhase.LUTEAL
