"""The cycle forecast service: a validated request in, the forecast (a `CycleResult`) out.

The serving layer adds the model version, disclaimer and experiment group (api/served.py).
"""

from __future__ import annotations

import itertools
import statistics
from datetime import date, timedelta

from fembalance_ml.cycle.features import cleaned_lengths
from fembalance_ml.cycle.model import CycleModel, Forecast, round_day
from fembalance_ml.cycle.phases import DEFAULT_PERIOD_LENGTH, phase_on_cycle_day
from fembalance_ml.cycle.rules import (
    confidence,
    flags_for,
    is_abnormal,
    regularity,
    regularity_assessed,
)
from fembalance_ml.cycle.schemas import (
    CycleRequest,
    CycleResult,
    CycleStatus,
    FertileWindow,
    FlagOut,
    PredictionInterval,
    UpcomingCycle,
    check_not_after,
)
from fembalance_ml.domain_errors import answers_dates
from fembalance_ml.schema_types import default_as_of

INTERVAL_LEVEL = 0.8
UNKNOWN_PHASE = "unknown"  # the phase of a late, absent or post-menopausal cycle


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


def _interval_days(forecast: Forecast, days_late: int | None, abnormal: bool) -> tuple[int, int]:
    """Earliest and latest day of the 80% interval, widened when the cycle is abnormal.

    The model conditions on no period so far, which narrows the interval as a late period
    grows later. Once the period is 7+ days late that precision is false: the lateness shows
    the usual spread no longer describes this cycle, so the interval is at least as wide as
    the delay already seen.
    """
    if not abnormal:
        return forecast.earliest, forecast.latest
    width = max(forecast.latest - forecast.earliest, days_late or 0)
    return forecast.earliest, max(forecast.latest, forecast.earliest + width)


def _current_phase(request: CycleRequest, forecast: Forecast, elapsed: int) -> str:
    """The phase on `as_of` from the predicted ovulation day."""
    return phase_on_cycle_day(elapsed + 1, forecast.ovulation_day, _period_length(request)).value


def _fertile_window(last: date, forecast: Forecast) -> FertileWindow:
    """The current cycle's fertile window (Wilcox 1995: 5 days before ovulation and its day)."""
    return FertileWindow(
        start=_on_day(last, forecast.fertile_start_day),
        end=_on_day(last, forecast.fertile_end_day),
    )


@answers_dates
def predict(model: CycleModel, request: CycleRequest, *, today: date) -> CycleResult:
    """Forecast the next periods, ovulation and fertile window from a period log.

    With a late or absent period or possible post-menopausal bleeding the current cycle is
    not a normal one: its phase is `unknown`, no ovulation, fertile window or later cycles
    are predicted, the interval is widened and confidence is `low`.
    """
    starts = [entry.start_date for entry in request.cycles]
    as_of = request.as_of or default_as_of(today, starts[-1])
    check_not_after(request.cycles, as_of)
    last = starts[-1]
    lengths = [(later - earlier).days for earlier, later in itertools.pairwise(starts)]
    elapsed = (as_of - last).days
    forecast = model.forecast(lengths, request.age, elapsed)
    expected = last + timedelta(days=round_day(forecast.unconditional_length))
    days_late = (as_of - expected).days if as_of > expected else None
    flags = flags_for(
        starts,
        as_of,
        age=request.age,
        period_lengths=[entry.period_length_days for entry in request.cycles],
        days_late=days_late,
    )
    abnormal = is_abnormal(flags)
    earliest, latest = _interval_days(forecast, days_late, abnormal)
    usable = int(cleaned_lengths(lengths).size)
    return CycleResult(
        predicted_start_date=last + timedelta(days=round_day(forecast.length)),
        prediction_interval=PredictionInterval(
            level=INTERVAL_LEVEL,
            earliest=last + timedelta(days=earliest),
            latest=last + timedelta(days=latest),
        ),
        predicted_cycle_length=round(forecast.length, 1),
        ovulation_date=None if abnormal else _on_day(last, forecast.ovulation_day),
        fertile_window=None if abnormal else _fertile_window(last, forecast),
        # The cycles after an abnormal one cannot be forecast from the history.
        upcoming=[] if abnormal else _upcoming(model, request, lengths, forecast, last),
        regularity=regularity(starts, request.age) if lengths else "insufficient_data",
        confidence=confidence(
            usable,
            latest - earliest,
            abnormal=abnormal,
            # Outside 18-45 (FIGO's ranges, and the adults the model learned from) never `high`.
            late=days_late is not None or not regularity_assessed(request.age),
        ),
        cycles_used=usable,
        status=CycleStatus(
            current_phase=UNKNOWN_PHASE if abnormal else _current_phase(request, forecast, elapsed),
            cycle_day=elapsed + 1,
            days_late=days_late,
        ),
        flags=[FlagOut(code=flag.code, message=flag.message) for flag in flags],
    )
