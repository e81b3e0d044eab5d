"""The cycle forecast service: a validated request in, an API.md response out."""

from __future__ import annotations

import itertools
import statistics
from datetime import date, timedelta

from fembalance_ml.cycle.features import cleaned_lengths
from fembalance_ml.cycle.model import CycleModel, Forecast, round_day
from fembalance_ml.cycle.phases import DEFAULT_PERIOD_LENGTH, phase_on_cycle_day
from fembalance_ml.cycle.rules import confidence, flags_for, regularity
from fembalance_ml.cycle.schemas import (
    CycleRequest,
    CycleResponse,
    CycleStatus,
    FertileWindow,
    FlagOut,
    PredictionInterval,
    UpcomingCycle,
    check_not_after,
)
from fembalance_ml.disclaimers import CYCLE

INTERVAL_LEVEL = 0.8


def _on_day(cycle_start: date, cycle_day: float) -> date:
    """The calendar date of a (possibly fractional) cycle day; day 1 is the start."""
    return cycle_start + timedelta(days=round_day(cycle_day) - 1)


def _period_length(request: CycleRequest) -> int:
    """Typical bleeding days from the log, or the default when none were given."""
    logged = [c.period_length_days for c in request.cycles if c.period_length_days is not None]
    return round(statistics.median(logged)) if logged else DEFAULT_PERIOD_LENGTH


def _upcoming(
    model: CycleModel, request: CycleRequest, lengths: list[int], forecast: Forecast, last: date
) -> list[UpcomingCycle]:
    """The next `horizon_cycles` cycles, the first starting on the predicted date."""
    cycle_length = forecast.unconditional_length
    ovulation, fertile_start, fertile_end = model.ovulation_window(
        lengths, request.age, cycle_length, forecast.scale
    )
    cycles = []
    for index in range(request.horizon_cycles):
        start = last + timedelta(days=round_day(forecast.length + index * cycle_length))
        cycles.append(
            UpcomingCycle(
                start_date=start,
                ovulation_date=_on_day(start, ovulation),
                fertile_window=FertileWindow(
                    start=_on_day(start, fertile_start), end=_on_day(start, fertile_end)
                ),
            )
        )
    return cycles


def predict(
    model: CycleModel, request: CycleRequest, *, model_version: str, today: date
) -> CycleResponse:
    """Forecast the next periods, ovulation and fertile window from a period log."""
    as_of = request.as_of or today
    check_not_after(request.cycles, as_of)
    starts = [entry.start_date for entry in request.cycles]
    last = starts[-1]
    lengths = [(later - earlier).days for earlier, later in itertools.pairwise(starts)]
    elapsed = (as_of - last).days
    forecast = model.forecast(lengths, request.age, elapsed)
    expected = last + timedelta(days=round_day(forecast.unconditional_length))
    flags = flags_for(starts, as_of)
    usable = int(cleaned_lengths(lengths).size)
    absent = any(flag.code == "absent_period" for flag in flags)
    return CycleResponse(
        predicted_start_date=last + timedelta(days=round_day(forecast.length)),
        prediction_interval=PredictionInterval(
            level=INTERVAL_LEVEL,
            earliest=last + timedelta(days=forecast.earliest),
            latest=last + timedelta(days=forecast.latest),
        ),
        predicted_cycle_length=round(forecast.length, 1),
        ovulation_date=_on_day(last, forecast.ovulation_day),
        fertile_window=FertileWindow(
            start=_on_day(last, forecast.fertile_start_day),
            end=_on_day(last, forecast.fertile_end_day),
        ),
        upcoming=_upcoming(model, request, lengths, forecast, last),
        regularity=regularity(starts, request.age) if lengths else "insufficient_data",
        confidence=confidence(
            usable, forecast.latest - forecast.earliest, absent=absent, late=as_of > expected
        ),
        cycles_used=usable,
        status=CycleStatus(
            current_phase=phase_on_cycle_day(
                elapsed + 1, forecast.ovulation_day, _period_length(request)
            ).value,
            cycle_day=elapsed + 1,
            days_late=(as_of - expected).days if as_of > expected else None,
        ),
        flags=[FlagOut(code=flag.code, message=flag.message) for flag in flags],
        model_version=model_version,
        disclaimer=CYCLE,
    )
