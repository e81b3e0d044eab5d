"""The symptom analysis entry point: request -> screen, patterns, red flags, forecast.

The person's situation (age, context, as_of) is derived once (clinical/situation.py) and
read by the red-flag rules, the screen's notes and the forecast; the answer's
`assumptions` say what it took for granted. The serving layer adds the model version,
disclaimer and experiment group (api/served.py).
"""

from __future__ import annotations

from datetime import date

from fembalance_ml.clinical.situation import Situation
from fembalance_ml.domain_errors import answers_dates
from fembalance_ml.schema_types import default_as_of
from fembalance_ml.symptoms.context_notes import no_forecast_reason, screen_for
from fembalance_ml.symptoms.forecast import SymptomForecastModel
from fembalance_ml.symptoms.ordinal import OrdinalForecastModel
from fembalance_ml.symptoms.patterns import symptom_patterns
from fembalance_ml.symptoms.red_flag_rules import red_flags
from fembalance_ml.symptoms.schemas import SymptomRequest, SymptomResult
from fembalance_ml.symptoms.timeline import CycleTimeline


@answers_dates
def predict(
    model: SymptomForecastModel | OrdinalForecastModel,
    request: SymptomRequest,
    *,
    today: date,
) -> SymptomResult:
    """Analyse one person's symptom logs as of `as_of` (default: `today`)."""
    as_of = request.as_of
    if as_of is None:
        entries = [cycle.start_date for cycle in request.cycles]
        entries += [log.date for log in request.logs]
        as_of = default_as_of(today, max(entries, default=today))
    situation = Situation.of(as_of=as_of, age=request.age, context=request.context)
    timeline = CycleTimeline.from_starts(
        [cycle.start_date for cycle in request.cycles],
        [cycle.period_length_days for cycle in request.cycles],
    )
    no_forecast = no_forecast_reason(situation, timeline.starts[-1])
    return SymptomResult(
        pmdd_screen=screen_for(situation, timeline.starts, request.logs, timeline),
        patterns=symptom_patterns(request.logs, timeline),
        red_flags=red_flags(request.cycles, request.logs, situation, timeline),
        forecast=[] if no_forecast else model.forecast(timeline, request.logs, as_of),
        assumptions=[*situation.assumptions(), *([no_forecast] if no_forecast else [])],
    )
