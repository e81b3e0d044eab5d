"""The pickled symptom model: a learned population prior, shrunk toward a person's history.

Severity on a future day = the person's mean at that day's level, pulled toward the
population level by k pseudo-observations; probability = the same for severity >= 4.
Levels: the DRSP data holds the premenstrual (days -7..-1) and postmenstrual (days 4..10)
windows. Outside them the level is extrapolated by phase: luteal days use the premenstrual
level, follicular and ovulatory days the postmenstrual one, and menstrual days 1-3 the
midpoint of the two (symptoms fade over the first days of menses).

Two safety limits apply at prediction time, after the fitted estimate (the fitted prior is
unchanged, so the held-out figures of metadata.json still hold): period bleeding is
forecast only on predicted period days, and bleeding that is itself a red flag (after
sex, in the urine, from the bottom) and the warning signs (fainting, fever, shoulder-tip
pain, unusual discharge, thoughts of suicide or self-harm) never; and a symptom logged
fewer than 3 times gets no probability above 0.8 (one extreme log is not a certainty).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from fembalance_ml.cycle.phases import CyclePhase
from fembalance_ml.symptoms.forecast_fit import HIGH_SEVERITY, LEVELS, PopulationPrior, shrink
from fembalance_ml.symptoms.schemas import ForecastEntry, SymptomLog
from fembalance_ml.symptoms.timeline import CycleTimeline, Level
from fembalance_ml.symptoms.vocabulary import DRSP_ITEM_BY_NAME, SYMPTOMS_BY_NAME

HORIZON_DAYS = 7
LIKELY_PROBABILITY = 0.2  # P(severity >= 4) worth showing
LIKELY_SEVERITY = 3.0  # or an expected severity of "mild" or worse
PERIOD_BLEEDING = frozenset({"heavy_bleeding", "spotting", "clots_flooding"})
# Red flags to act on, not symptoms to expect: bleeding that is itself a flag, and the
# warning signs of issue 22 (one_sided_pain is cyclical, as pelvic_pain is, and stays).
NEVER_FORECAST = frozenset(
    {
        "bleeding_after_sex",
        "blood_in_urine",
        "rectal_bleeding",
        "fainting",
        "fever",
        "shoulder_tip_pain",
        "abnormal_discharge",
        "suicidal_thoughts",
        "self_harm",
    }
)
FEW_LOGS = 3  # fewer logs of a symptom than this cap its probability
FEW_LOGS_MAX_PROBABILITY = 0.8


_VOCABULARY_ORDER = {name: index for index, name in enumerate(SYMPTOMS_BY_NAME)}


def may_forecast_in(symptom: str, *, menstrual: bool) -> bool:
    """Bleeding only on predicted period days; red-flag items never (a flag, not a forecast)."""
    if symptom in NEVER_FORECAST:
        return False
    return symptom not in PERIOD_BLEEDING or menstrual


def limited_probability(probability: float, n_logs: int) -> float:
    """At most 0.8 from fewer than 3 logs of the symptom."""
    return min(probability, FEW_LOGS_MAX_PROBABILITY) if n_logs < FEW_LOGS else probability


@dataclass(frozen=True)
class Tally:
    """A person's ratings of one symptom at one level."""

    n: int = 0
    total: float = 0.0
    n_high: int = 0

    def add(self, severity: int) -> Tally:
        """This tally with one more rating."""
        return Tally(self.n + 1, self.total + severity, self.n_high + (severity >= HIGH_SEVERITY))


def _history(timeline: CycleTimeline, logs: Sequence[SymptomLog]) -> dict[str, dict[Level, Tally]]:
    """Each logged symptom's tallies by level (each distinct date placed once)."""
    counts: dict[str, dict[Level, list[int]]] = defaultdict(dict)
    levels: dict[date, Level] = {}
    for log in logs:
        level = levels.get(log.date)
        if level is None:
            level = levels[log.date] = timeline.level_of(log.date)
        tally = counts[log.symptom].setdefault(level, [0, 0, 0])
        tally[0] += 1
        tally[1] += log.severity
        tally[2] += log.severity >= HIGH_SEVERITY
    return {
        symptom: {
            level: Tally(n, float(total), high) for level, (n, total, high) in by_level.items()
        }
        for symptom, by_level in counts.items()
    }


@dataclass(frozen=True)
class Estimate:
    """Expected severity and P(severity >= 4) of one symptom at one level."""

    expected_severity: float
    probability: float


@dataclass(frozen=True)
class SymptomForecastModel:
    """Population prior of the 24 DRSP items, fitted on the cpass data, and its use."""

    prior: PopulationPrior

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the prior only, never the per-process look-up cache."""
        return {key: value for key, value in self.__dict__.items() if key != "_population_cache"}

    def kernels(self) -> dict[str, Any]:
        """What this model computes with: numpy tables only, which stay on the reference path."""
        return {"forecast_tables": self.prior}

    def install_kernels(self, compiled: Mapping[str, Callable[[np.ndarray], np.ndarray]]) -> None:
        """Accept no compiled kernels: a few table look-ups per request gain nothing from one."""
        if compiled:
            raise ValueError(f"the symptom model has no compilable parts: {sorted(compiled)}")

    def _population(self, item: int, level: Level) -> tuple[float, float, float, float]:
        """(mean, share high, k mean, k high) of a DRSP item at a level."""
        key = (item, level)
        cache: dict[tuple[int, Level], tuple[float, float, float, float]]
        cache = self.__dict__.setdefault("_population_cache", {})
        if key not in cache:
            cache[key] = self._population_of(item, level)
        return cache[key]

    def _population_of(self, item: int, level: Level) -> tuple[float, float, float, float]:
        if level == "menstrual":
            row, k_mean, k_high = slice(None), self.prior.strength_mean, self.prior.strength_high
            mean, high = self.prior.mean[item - 1, row], self.prior.high[item - 1, row]
            return (
                float(mean.mean()),
                float(high.mean()),
                float(k_mean.mean()),
                float(k_high.mean()),
            )
        col = LEVELS.index(level)
        return (
            float(self.prior.mean[item - 1, col]),
            float(self.prior.high[item - 1, col]),
            float(self.prior.strength_mean[col]),
            float(self.prior.strength_high[col]),
        )

    def estimate(self, symptom: str, level: Level, tallies: dict[Level, Tally]) -> Estimate:
        """Shrink the person's level tally toward the population (or their own overall)."""
        own = tallies.get(level, Tally())
        item = DRSP_ITEM_BY_NAME.get(symptom)
        if item is not None:
            mean, high, k_mean, k_high = self._population(item, level)
        else:
            # No population data for tracker symptoms: shrink toward the person's own
            # overall level, with the DRSP items' average strength.
            parts = tallies.values()
            overall = Tally(
                sum(t.n for t in parts), sum(t.total for t in parts), sum(t.n_high for t in parts)
            )
            mean = overall.total / overall.n
            high = overall.n_high / overall.n
            k_mean = float(self.prior.strength_mean.mean())
            k_high = float(self.prior.strength_high.mean())
        return Estimate(
            shrink(own.total, own.n, mean, k_mean), shrink(own.n_high, own.n, high, k_high)
        )

    def forecast(
        self, timeline: CycleTimeline, logs: Sequence[SymptomLog], as_of: date
    ) -> list[ForecastEntry]:
        """Likely symptoms on each of the 7 days after `as_of`, among those the person logs."""
        history = _history(timeline, logs)
        order = sorted(history, key=_VOCABULARY_ORDER.__getitem__)
        # A symptom's estimate depends on the day only through its level: compute each once.
        estimates: dict[tuple[str, Level], tuple[float, float] | None] = {}
        entries = []
        for offset in range(1, HORIZON_DAYS + 1):
            day = as_of + timedelta(days=offset)
            level, phase = timeline.level_and_phase(day)
            menstrual = phase is CyclePhase.MENSTRUAL
            for symptom in order:
                if not may_forecast_in(symptom, menstrual=menstrual):
                    continue
                key = (symptom, level)
                if key not in estimates:
                    estimates[key] = self._likely(symptom, level, history[symptom])
                shown = estimates[key]
                if shown is not None:
                    entries.append(
                        ForecastEntry(
                            date=day,
                            symptom=symptom,
                            probability=shown[0],
                            expected_severity=shown[1],
                            mean_severity=shown[1],  # this model's point forecast is a mean
                        )
                    )
        return entries

    def _likely(
        self, symptom: str, level: Level, tallies: dict[Level, Tally]
    ) -> tuple[float, float] | None:
        """(probability, expected severity), rounded, of a symptom at a level, if likely enough."""
        guess = self.estimate(symptom, level, tallies)
        n_logs = sum(tally.n for tally in tallies.values())
        probability = limited_probability(guess.probability, n_logs)
        if probability < LIKELY_PROBABILITY and guess.expected_severity < LIKELY_SEVERITY:
            return None
        return round(probability, 4), round(guess.expected_severity, 3)

    def warmup(self) -> None:
        """Forecast a fixed example and raise if the result is not sane."""
        start = date(2026, 1, 1)
        timeline = CycleTimeline.from_starts([start, start + timedelta(days=28)])
        logs = [
            SymptomLog(date=start + timedelta(days=d), symptom="anger_irritability", severity=5)
            for d in range(41, 48)
        ]
        entries = self.forecast(timeline, logs, start + timedelta(days=50))
        if not entries or not all(np.isfinite(e.expected_severity) for e in entries):
            raise RuntimeError("symptom forecast warm-up produced no sane forecast")
