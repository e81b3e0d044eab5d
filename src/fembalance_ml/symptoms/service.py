"""The symptom analysis entry point: request -> screen, patterns, red flags, forecast."""

from __future__ import annotations

from datetime import date

from fembalance_ml.disclaimers import SYMPTOMS
from fembalance_ml.domain_errors import answers_dates
from fembalance_ml.schema_types import default_as_of
from fembalance_ml.symptoms.forecast import SymptomForecastModel
from fembalance_ml.symptoms.ordinal import OrdinalForecastModel
from fembalance_ml.symptoms.patterns import symptom_patterns
from fembalance_ml.symptoms.red_flag_rules import red_flags
from fembalance_ml.symptoms.schemas import SymptomRequest, SymptomResponse
from fembalance_ml.symptoms.screen import pmdd_screen
from fembalance_ml.symptoms.timeline import CycleTimeline


@answers_dates
def predict(
    model: SymptomForecastModel | OrdinalForecastModel,
    request: SymptomRequest,
    *,
    model_version: str,
    today: date,
) -> SymptomResponse:
    """Analyse one person's symptom logs as of `as_of` (default: `today`)."""
    entries = [cycle.start_date for cycle in request.cycles] + [log.date for log in request.logs]
    as_of = request.as_of or default_as_of(today, max(entries, default=today))
    timeline = CycleTimeline.from_starts(
        [cycle.start_date for cycle in request.cycles],
        [cycle.period_length_days for cycle in request.cycles],
    )
    return SymptomResponse(
        pmdd_screen=pmdd_screen(timeline.starts, request.logs),
        patterns=symptom_patterns(request.logs, timeline),
        red_flags=red_flags(request.cycles, request.logs),
        forecast=model.forecast(timeline, request.logs, as_of),
        model_version=model_version,
        disclaimer=SYMPTOMS,
    )
