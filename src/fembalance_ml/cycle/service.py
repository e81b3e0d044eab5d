"""The cycle forecast service: a validated request in, the forecast (a `CycleResult`) out.

The person's situation (age, `as_of` and the optional context) is derived once and sets
the plan (plan.py): what is forecast and which rules apply. The serving layer adds the
model version, disclaimer and experiment group (api/served.py).
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from datetime import date, timedelta

from fembalance_ml.clinical.person import Assumption, NoteParam, check_context_dates
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.cycle.model import CycleModel, Forecast, round_day
from fembalance_ml.cycle.phases import DEFAULT_PERIOD_LENGTH, phase_on_cycle_day
from fembalance_ml.cycle.plan import Plan, plan_for, since_birth
from fembalance_ml.cycle.rules import (
    Flag,
    confidence,
    flags_for,
    is_abnormal,
    regularity,
)
from fembalance_ml.cycle.schemas import (
    CycleEntry,
    CycleRequest,
    CycleResult,
    CycleStatus,
    FertileWindow,
    FlagOut,
    PredictionInterval,
    UpcomingCycle,
    check_not_after,
)
from fembalance_ml.cycle.timing import regularity_assessed_for
from fembalance_ml.domain_errors import answers_dates
from fembalance_ml.i18n import Text
from fembalance_ml.schema_types import default_as_of

INTERVAL_LEVEL = 0.8
HISTORY_SINCE_BIRTH = Text(
    "cycle.history_since_birth",
    "Only the periods logged since the birth on {delivery_date} were used: cycles "
    "before a pregnancy do not predict those after it ({starts_left_out} earlier "
    "period start(s) left out).",
    note="{delivery_date} is an ISO date (YYYY-MM-DD).",
)
UNKNOWN_PHASE = "unknown"  # the phase of a late, absent or post-menopausal cycle


def _on_day(cycle_start: date, cycle_day: float) -> date:
    """The calendar date of a (possibly fractional) cycle day; day 1 is the start."""
    return cycle_start + timedelta(days=round_day(cycle_day) - 1)


def _period_length(entries: Sequence[CycleEntry]) -> int:
    """Typical bleeding days from the log, or the default when none were given."""
    logged = [c.period_length_days for c in entries if c.period_length_days is not None]
    return round(statistics.median(logged)) if logged else DEFAULT_PERIOD_LENGTH


def _upcoming(request: CycleRequest, forecast: Forecast, last: date) -> list[UpcomingCycle]:
    """The next `horizon_cycles` cycles, the first starting on the predicted date.

    Each cycle is `forecast.unconditional_length` long, with the ovulation window the
    model gave such a cycle (`forecast.window`).
    """
    cycle_length = forecast.unconditional_length
    ovulation, fertile_start, fertile_end = forecast.window
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


def _fertile_window(last: date, forecast: Forecast) -> FertileWindow:
    """The current cycle's fertile window (Wilcox 1995: 5 days before ovulation and its day)."""
    return FertileWindow(
        start=_on_day(last, forecast.fertile_start_day),
        end=_on_day(last, forecast.fertile_end_day),
    )


def _assumptions(situation: Situation, left_out: int) -> list[Assumption]:
    """The situation's assumptions, and the cycles before a birth when they were left out."""
    notes = situation.assumptions()
    delivery = situation.context.delivery_date
    if left_out and delivery is not None:
        params: dict[str, NoteParam] = {
            "delivery_date": delivery.isoformat(),
            "starts_left_out": left_out,
        }
        message = HISTORY_SINCE_BIRTH.render(**params)
        notes.append(Assumption(code="history_since_birth", message=message, params=params))
    return notes


def _flags_out(flags: Sequence[Flag]) -> list[FlagOut]:
    return [FlagOut(code=flag.code, message=flag.message, params=flag.params) for flag in flags]


def _no_forecast(
    request: CycleRequest, situation: Situation, plan: Plan, as_of: date
) -> CycleResult:
    """The answer when the context leaves no cycle to forecast: why, and nothing guessed."""
    starts = [entry.start_date for entry in request.cycles]
    flags = flags_for(
        starts,
        as_of,
        age=request.age,
        period_lengths=[entry.period_length_days for entry in request.cycles],
        situation=situation,
        plan=plan,
    )
    return CycleResult(
        predicted_start_date=None,
        prediction_interval=None,
        predicted_cycle_length=None,
        ovulation_date=None,
        fertile_window=None,
        upcoming=[],
        regularity="insufficient_data",
        confidence="low",
        cycles_used=0,
        status=CycleStatus(
            current_phase=UNKNOWN_PHASE, cycle_day=(as_of - starts[-1]).days + 1, days_late=None
        ),
        flags=_flags_out(flags),
        assumptions=_assumptions(situation, since_birth(starts, situation)),
    )


@answers_dates
def predict(model: CycleModel, request: CycleRequest, *, today: date) -> CycleResult:
    """Forecast the next periods, ovulation and fertile window from a period log.

    With a late or absent period or possible post-menopausal bleeding the current cycle is
    not a normal one: its phase is `unknown`, no ovulation, fertile window or later cycles
    are predicted, the interval is widened and confidence is `low`. The context may leave
    no cycle to forecast at all (plan.NO_FORECAST), or no ovulation to predict.
    """
    all_starts = [entry.start_date for entry in request.cycles]
    as_of = request.as_of or default_as_of(today, all_starts[-1])
    check_not_after(request.cycles, as_of)
    check_context_dates(request.context, as_of)
    situation = Situation.of(as_of=as_of, age=request.age, context=request.context)
    plan = plan_for(situation, all_starts[-1])
    if not plan.forecast:
        return _no_forecast(request, situation, plan, as_of)
    first = since_birth(all_starts, situation)
    entries = request.cycles[first:]
    starts = all_starts[first:]
    last = starts[-1]
    lengths = [(later - earlier).days for earlier, later in itertools.pairwise(starts)]
    elapsed = (as_of - last).days
    forecast = model.forecast(lengths, request.age, elapsed)
    expected = last + timedelta(days=round_day(forecast.unconditional_length))
    # A delay means something only where a bleed is due: not on progestogen-only methods
    # or sequential HRT, whose bleeds the history cannot time (plan.py).
    due = plan.natural or plan.withdrawal_bleeds
    days_late = (as_of - expected).days if as_of > expected and due else None
    flags = flags_for(
        all_starts,
        as_of,
        age=request.age,
        period_lengths=[entry.period_length_days for entry in request.cycles],
        days_late=days_late,
        situation=situation,
        plan=plan,
    )
    abnormal = is_abnormal(flags)
    earliest, latest = _interval_days(forecast, days_late, abnormal)
    usable = forecast.cycles_used
    assessed = plan.natural and regularity_assessed_for(situation)
    ovulation = plan.ovulation and not abnormal
    return CycleResult(
        predicted_start_date=last + timedelta(days=round_day(forecast.length)),
        prediction_interval=PredictionInterval(
            level=INTERVAL_LEVEL,
            earliest=last + timedelta(days=earliest),
            latest=last + timedelta(days=latest),
        ),
        predicted_cycle_length=round(forecast.length, 1),
        ovulation_date=_on_day(last, forecast.ovulation_day) if ovulation else None,
        fertile_window=_fertile_window(last, forecast) if ovulation else None,
        # The cycles after an abnormal one cannot be forecast from the history.
        upcoming=_upcoming(request, forecast, last) if plan.upcoming and not abnormal else [],
        regularity=regularity(starts, request.age, assessed=assessed)
        if lengths
        else "insufficient_data",
        confidence=plan.cap(
            confidence(
                usable,
                latest - earliest,
                abnormal=abnormal,
                # Outside adult FIGO norms (and the adults the model learned from) never `high`.
                late=days_late is not None or not regularity_assessed_for(situation),
            )
        ),
        cycles_used=usable,
        status=CycleStatus(
            current_phase=phase_on_cycle_day(
                elapsed + 1, forecast.ovulation_day, _period_length(entries)
            ).value
            if ovulation
            else UNKNOWN_PHASE,
            cycle_day=elapsed + 1,
            days_late=days_late,
        ),
        flags=_flags_out(flags),
        assumptions=_assumptions(situation, first),
    )
