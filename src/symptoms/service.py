"""The symptom analysis entry point: request -> screen, patterns, red flags, forecast."""

from __future__ import annotations

from datetime import date

from src.disclaimers import SYMPTOMS
from src.symptoms.forecast import SymptomForecastModel
from src.symptoms.patterns import symptom_patterns
from src.symptoms.red_flag_rules import red_flags
from src.symptoms.schemas import SymptomRequest, SymptomResponse
from src.symptoms.screen import pmdd_screen
from src.symptoms.timeline import CycleTimeline


def predict(
    model: SymptomForecastModel, request: SymptomRequest, *, model_version: str, today: date
) -> SymptomResponse:
    """Analyse one person's symptom logs as of `as_of` (default: `today`)."""
    as_of = request.as_of or today
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
