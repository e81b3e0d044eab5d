"""Per-symptom cycle patterns: premenstrual vs postmenstrual means, peak phase, cyclicity."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from pydantic import TypeAdapter

from fembalance_ml.symptoms.schemas import SymptomLog, SymptomPattern
from fembalance_ml.symptoms.timeline import CycleTimeline
from fembalance_ml.symptoms.vocabulary import SYMPTOMS_BY_NAME

MIN_LOGS = 6  # fewer logs than this say nothing about a pattern
MIN_PHASE_LOGS = 2  # a phase needs this many ratings to compete for the peak
# 30% of the 1-6 scale (5 points), echoing the C-PASS 30% change rule.
CYCLICAL_CHANGE = 1.5
_VOCABULARY_ORDER = {name: index for index, name in enumerate(SYMPTOMS_BY_NAME)}
_PATTERNS = TypeAdapter(list[SymptomPattern])


def _fmean(values: list[int]) -> float:
    """`statistics.fmean` of a non-empty list: its exact sum over its length."""
    return math.fsum(values) / len(values)


def _mean(values: list[int]) -> float | None:
    return round(_fmean(values), 3) if values else None


def _placement(day: date, timeline: CycleTimeline) -> tuple[str | None, str]:
    """The C-PASS window ('pre' or 'post' around the first logged start whose windows hold
    the day, else None) and the phase's name of one day."""
    found = timeline.windows(day)
    window = None if not found else "pre" if found[0][1] < 0 else "post"
    return window, timeline.place(day)[2].value


def symptom_pattern(
    symptom: str,
    logs: Sequence[SymptomLog],
    timeline: CycleTimeline,
    placed: dict[date, tuple[str | None, str]] | None = None,
) -> SymptomPattern:
    """One symptom's pattern; cyclical when phase means differ by 1.5 points or more.

    `placed` caches each date's (C-PASS window, phase) across the symptoms of one request.
    """
    return SymptomPattern.model_validate(_pattern_fields(symptom, logs, timeline, placed))


def _pattern_fields(
    symptom: str,
    logs: Sequence[SymptomLog],
    timeline: CycleTimeline,
    placed: dict[date, tuple[str | None, str]] | None = None,
) -> dict[str, object]:
    """`symptom_pattern`'s fields, for one validation of every pattern of a request."""
    placed = {} if placed is None else placed
    by_window: dict[str | None, list[int]] = {"pre": [], "post": [], None: []}
    by_phase: dict[str, list[int]] = {}
    for log in logs:
        where = placed.get(log.date)
        if where is None:
            where = placed[log.date] = _placement(log.date, timeline)
        window, phase = where
        by_window[window].append(log.severity)
        ratings = by_phase.get(phase)
        if ratings is None:
            by_phase[phase] = [log.severity]
        else:
            ratings.append(log.severity)
    phase_means = {
        phase: _fmean(values) for phase, values in by_phase.items() if len(values) >= MIN_PHASE_LOGS
    }
    peak = max(phase_means, key=phase_means.__getitem__) if phase_means else None
    spread = max(phase_means.values()) - min(phase_means.values()) if phase_means else 0.0
    return {
        "symptom": symptom,
        "n_logs": len(logs),
        "premenstrual_mean": _mean(by_window["pre"]),
        "postmenstrual_mean": _mean(by_window["post"]),
        "peak_phase": peak,
        "cyclical": len(phase_means) >= 2 and spread >= CYCLICAL_CHANGE,
    }


def symptom_patterns(logs: Sequence[SymptomLog], timeline: CycleTimeline) -> list[SymptomPattern]:
    """Patterns of every symptom with at least MIN_LOGS logs, in vocabulary order."""
    grouped: dict[str, list[SymptomLog]] = {}
    for log in logs:
        found = grouped.get(log.symptom)
        if found is None:
            grouped[log.symptom] = [log]
        else:
            found.append(log)
    placed: dict[date, tuple[str | None, str]] = {}
    fields = [
        _pattern_fields(symptom, grouped[symptom], timeline, placed)
        for symptom in sorted(grouped, key=_VOCABULARY_ORDER.__getitem__)
        if len(grouped[symptom]) >= MIN_LOGS
    ]
    # One validation of the list: pydantic-core builds every pattern without a Python call.
    return _PATTERNS.validate_python(fields) if fields else []
