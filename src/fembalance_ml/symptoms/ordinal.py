"""The v1.3 symptom forecast: a predictive distribution over the six DRSP ratings.

For one symptom on one future day, the distribution over ratings 1..6 is a Dirichlet
posterior predictive (empirical Bayes):

    p = (own + alpha * base) / (sum(own) + alpha)

- `own`: the person's past ratings of the symptom, weighted by how near their window day is
  to the target's (weight exp(-|distance| / tau) inside a C-PASS window, rows scaled so a
  fully rated week weighs 7; a rating outside the windows counts 1 at its level).
- `base`, for a DRSP item: `lam` x the population distribution of the item on that window
  day (its phase profile relative to the next menses) + (1 - lam) x the person's own
  distribution over every DRSP item in that window, shrunk toward the population's by
  `beta` pseudo-ratings (a person-level offset: someone who rates everything 1 keeps doing
  so). For a tracker symptom without population data: the person's own distribution of the
  symptom over all days, with one pseudo-rating spread evenly.

From p: `expected_severity` is its median (the rating that minimises the expected absolute
error: ratings pile up at 1, so the mean is a poor point forecast), `mean_severity` its
mean, `probability` = P(rating >= 4). The hyperparameters are chosen by leave-one-cycle-out
log likelihood on the training people (training/symptoms/ordinal_fit.py). numpy only: no
pandas here.

Positions: 0..6 are days -7..-1 before the next onset, 7..13 cycle days 4..10 (the C-PASS
windows); outside them 14 = luteal (premenstrual level), 15 = follicular or ovulatory
(postmenstrual level), 16 = menstrual days (midway between the two).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
from pydantic import TypeAdapter

from fembalance_ml.cycle.phases import CyclePhase
from fembalance_ml.symptoms import ordinal_rows as rows
from fembalance_ml.symptoms.forecast import (
    FEW_LOGS,
    FEW_LOGS_MAX_PROBABILITY,
    HORIZON_DAYS,
    LIKELY_PROBABILITY,
    LIKELY_SEVERITY,
    may_forecast_in,
)
from fembalance_ml.symptoms.schemas import ForecastEntry, SymptomLog
from fembalance_ml.symptoms.timeline import PRE_WINDOW_DAYS, CycleTimeline
from fembalance_ml.symptoms.vocabulary import DRSP_ITEM_BY_NAME, SYMPTOMS_BY_NAME

N_RATINGS = 6  # DRSP 1 (not at all) .. 6 (extreme)
N_ITEMS = 24
WINDOW_POSITIONS = 14
LUTEAL, FOLLICULAR, MENSTRUAL = 14, 15, 16
N_POSITIONS = 17
CELLS = N_POSITIONS * N_RATINGS  # a symptom's (position, rating) cells
HIGH_RATING = 4  # P(rating >= 4): "moderate" or worse
RATINGS = np.arange(1, N_RATINGS + 1, dtype=float)
# Which window (0 pre, 1 post) each position belongs to; menstrual has none (-1).
WINDOW_OF = np.array([0] * 7 + [1] * 7 + [0, 1, -1])
_WINDOW_ROW = tuple(WINDOW_OF.tolist())
_VOCABULARY_ORDER = {name: index for index, name in enumerate(SYMPTOMS_BY_NAME)}
_ENTRIES = TypeAdapter(list[ForecastEntry])
_HORIZON = tuple(timedelta(days=offset) for offset in range(1, HORIZON_DAYS + 1))


@dataclass(frozen=True)
class Hyperparameters:
    """Prior weights of the predictive distribution (see the module docstring)."""

    alpha: float  # pseudo-ratings of the base against the person's own ratings
    lam: float  # share of the population item distribution in the base
    beta: float  # pseudo-ratings of the population in the person-level distribution
    tau: float  # day-distance scale of the own-rating weights, in window days


@lru_cache(maxsize=16)
def position_kernel(tau: float) -> np.ndarray:
    """(17, 17) weight of a past rating at position p (column) for a target at t (row).

    Cached (one per tau) and read-only."""
    kernel = np.zeros((N_POSITIONS, N_POSITIONS))
    days = np.arange(7)
    inside = np.exp(-np.abs(days[:, None] - days[None, :]) / tau)
    inside = inside / inside.sum(axis=1, keepdims=True) * 7  # a full week weighs 7
    for first, outside in ((0, LUTEAL), (7, FOLLICULAR)):
        block = slice(first, first + 7)
        kernel[block, block] = inside
        kernel[block, outside] = 1.0
        kernel[outside, block] = 1.0
        kernel[outside, outside] = 1.0
    kernel[MENSTRUAL, MENSTRUAL] = 1.0
    kernel.setflags(write=False)
    return kernel


@lru_cache(maxsize=16)
def kernel_rows(tau: float) -> tuple[tuple[float, ...], ...]:
    """`position_kernel(tau)` as tuples of floats, for the plain-Python serving path."""
    return tuple(tuple(row) for row in position_kernel(tau).tolist())


@dataclass(frozen=True)
class OrdinalTables:
    """Population distributions over the six ratings, each row summing to 1."""

    item_day: np.ndarray  # (24, 14, 6): item on each window day
    item_window: np.ndarray  # (24, 2, 6): item in each window
    all_items_window: np.ndarray  # (2, 6): every item in each window

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the three tables only, never the derived look-up tables."""
        return {key: value for key, value in self.__dict__.items() if key not in _DERIVED}

    @cached_property
    def by_position(self) -> np.ndarray:
        """(24, 17, 6): each item's distribution at every position (derived, per process)."""
        table = np.empty((N_ITEMS, N_POSITIONS, N_RATINGS))
        table[:, :WINDOW_POSITIONS] = self.item_day
        table[:, LUTEAL] = self.item_window[:, 0]
        table[:, FOLLICULAR] = self.item_window[:, 1]
        table[:, MENSTRUAL] = self.item_window.mean(axis=1)
        return table

    @cached_property
    def rows_by_position(self) -> list[list[list[float]]]:
        """`by_position` as nested lists of floats (derived, per process)."""
        found: list[list[list[float]]] = self.by_position.tolist()
        return found

    @cached_property
    def all_items_rows(self) -> list[list[float]]:
        """`all_items_window` as lists of floats (derived, per process)."""
        found: list[list[float]] = self.all_items_window.tolist()
        return found

    def population(self, items: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """(n, 6) population distribution of DRSP items (0-based) at positions."""
        return np.asarray(self.by_position[items, positions])


_DERIVED = frozenset({"by_position", "rows_by_position", "all_items_rows"})
_LEVEL_ROW = np.where(WINDOW_OF < 0, 2, WINDOW_OF)  # pre 0, post 1, menstrual 2
_LEVEL_OF = tuple(_LEVEL_ROW.tolist())


def person_distribution(
    counts: np.ndarray, tables: OrdinalTables, beta: float, positions: np.ndarray
) -> np.ndarray:
    """(n, 6): the person's DRSP ratings by window, `counts` (2, 6), shrunk to the population
    (menstrual positions: the mean of the two windows)."""
    shrunk = (counts + beta * tables.all_items_window) / (counts.sum(axis=1, keepdims=True) + beta)
    rows = np.concatenate([shrunk, shrunk.mean(axis=0, keepdims=True)])
    return np.asarray(rows[_LEVEL_ROW[positions]])


def predictive(
    own: np.ndarray, base: np.ndarray, positions: np.ndarray, kernel: np.ndarray, alpha: float
) -> np.ndarray:
    """(n, 6) posterior predictive from own counts (n, 17, 6) by position and a base (n, 6)."""
    weighted = np.einsum("np,npk->nk", kernel[positions], own)
    return np.asarray((weighted + alpha * base) / (weighted.sum(axis=1, keepdims=True) + alpha))


def summaries(distribution: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(median, mean, P(rating >= 4)) of each row of an (n, 6) distribution."""
    below_half = (np.cumsum(distribution, axis=1) < 0.5).sum(axis=1)
    median = RATINGS[np.minimum(below_half, N_RATINGS - 1)]
    mean = distribution @ RATINGS
    high = distribution[:, HIGH_RATING - 1 :].sum(axis=1)
    return median, mean, high


@dataclass(frozen=True)
class PersonHistory:
    """A person's ratings as counts: per symptom by position, and DRSP items by window."""

    by_symptom: dict[str, np.ndarray]  # name -> (17, 6) counts
    drsp_by_window: np.ndarray  # (2, 6) counts over every DRSP item
    cells: dict[str, list[int]]  # name -> position * 6 + rating - 1 of each log
    # Every symptom's counts in one (n, 17, 6) array, in the order of `cells`.
    counts: np.ndarray | None = None

    def counts_of(self, symptoms: Sequence[str]) -> np.ndarray:
        """(len(symptoms), 17, 6): the counts of each symptom named, in that order."""
        if self.counts is None:
            return np.stack([self.by_symptom[name] for name in symptoms])
        rows = {name: row for row, name in enumerate(self.cells)}
        return self.counts[[rows[name] for name in symptoms]]


def history_of(timeline: CycleTimeline, logs: Sequence[SymptomLog]) -> PersonHistory:
    """Count each log at its position (each distinct date placed once)."""
    cells: dict[str, list[int]] = {}
    drsp_cells: list[int] = []
    positions: dict[date, int] = {}
    for log in logs:
        position = positions.get(log.date)
        if position is None:
            position = positions[log.date] = position_of(timeline, log.date)
        cell = position * N_RATINGS + log.severity - 1
        cells.setdefault(log.symptom, []).append(cell)
        if position != MENSTRUAL and log.symptom in DRSP_ITEM_BY_NAME:
            drsp_cells.append(_WINDOW_ROW[position] * N_RATINGS + log.severity - 1)
    # One bincount for every symptom: symptom k's cells are offset by k * CELLS.
    counts = (
        np.bincount(
            [k * CELLS + cell for k, found in enumerate(cells.values()) for cell in found],
            minlength=len(cells) * CELLS,
        )
        .reshape(len(cells), N_POSITIONS, N_RATINGS)
        .astype(float)
    )
    by_symptom = dict(zip(cells, counts, strict=True))
    drsp = np.bincount(drsp_cells, minlength=2 * N_RATINGS).reshape(2, N_RATINGS).astype(float)
    return PersonHistory(by_symptom, drsp, cells, counts)


def cells_of(
    timeline: CycleTimeline, logs: Sequence[SymptomLog]
) -> tuple[dict[str, rows.Counts], list[list[int]]]:
    """`history_of` as plain counts: each symptom's logs by cell (position * 6 + rating - 1),
    and the DRSP items' ratings by window (pre, post)."""
    cells: dict[str, rows.Counts] = {}
    drsp = [[0] * N_RATINGS, [0] * N_RATINGS]
    positions: dict[date, int] = {}
    for log in logs:
        day, symptom, rating = log.date, log.symptom, log.severity - 1
        position = positions.get(day)
        if position is None:
            position = positions[day] = position_and_phase(timeline, day)[0]
        cell = position * N_RATINGS + rating
        counts = cells.get(symptom)
        if counts is None:
            cells[symptom] = {cell: 1}
        else:
            counts[cell] = counts.get(cell, 0) + 1
        if position != MENSTRUAL and symptom in DRSP_ITEM_BY_NAME:
            drsp[_WINDOW_ROW[position]][rating] += 1
    return cells, drsp


def position_and_phase(timeline: CycleTimeline, day: date) -> tuple[int, CyclePhase]:
    """The position (0..16, see the module docstring) and the phase of a day.

    The position follows `CycleTimeline.level_of` to the day: the premenstrual window
    first, then cycle days 4..10, then the phase.
    """
    start, following, phase = timeline.place(day)
    before = (following - day).days
    if 1 <= before <= PRE_WINDOW_DAYS:
        return PRE_WINDOW_DAYS - before, phase
    cycle_day = (day - start).days + 1
    if 4 <= cycle_day <= 10:
        return 7 + cycle_day - 4, phase
    if phase is CyclePhase.MENSTRUAL:
        return MENSTRUAL, phase
    return (LUTEAL if phase is CyclePhase.LUTEAL else FOLLICULAR), phase


def position_of(timeline: CycleTimeline, day: date) -> int:
    """The position of a day (see `position_and_phase`)."""
    return position_and_phase(timeline, day)[0]


def predict_distributions(
    tables: OrdinalTables,
    hyper: Hyperparameters,
    own: np.ndarray,
    items: np.ndarray,
    positions: np.ndarray,
    drsp_by_window: np.ndarray,
) -> np.ndarray:
    """(n, 6) predictive distributions; row i: own counts own[i] (17, 6) of a symptom whose
    0-based DRSP item is items[i] (-1 for a tracker symptom), at positions[i]."""
    drsp = items >= 0
    base = np.empty((len(items), N_RATINGS))
    if drsp.any():
        population = tables.population(items[drsp], positions[drsp])
        person = person_distribution(drsp_by_window, tables, hyper.beta, positions[drsp])
        base[drsp] = hyper.lam * population + (1 - hyper.lam) * person
    if not drsp.all():
        overall = own[~drsp].sum(axis=1) + 1.0 / N_RATINGS
        base[~drsp] = overall / overall.sum(axis=1, keepdims=True)
    return predictive(own, base, positions, position_kernel(hyper.tau), hyper.alpha)


@dataclass(frozen=True)
class OrdinalForecastModel:
    """Population tables and hyperparameters of the v1.3 forecast, and its use."""

    tables: OrdinalTables
    hyper: Hyperparameters

    def kernels(self) -> dict[str, Any]:
        """What this model computes with: numpy tables only, which stay on the reference path."""
        return {"forecast_tables": self.tables}

    def install_kernels(self, compiled: Mapping[str, Callable[[np.ndarray], np.ndarray]]) -> None:
        """Accept no compiled kernels: a few table look-ups per request gain nothing from one."""
        if compiled:
            raise ValueError(f"the symptom model has no compilable parts: {sorted(compiled)}")

    def distributions(
        self, history: PersonHistory, symptoms: Sequence[str], positions: Sequence[int]
    ) -> np.ndarray:
        """(n, 6) predictive distributions of symptom i at position i, from one history."""
        return predict_distributions(
            self.tables,
            self.hyper,
            history.counts_of(symptoms),
            np.array([DRSP_ITEM_BY_NAME.get(name, 0) - 1 for name in symptoms]),
            np.asarray(positions, dtype=int),
            history.drsp_by_window,
        )

    def forecast(
        self, timeline: CycleTimeline, logs: Sequence[SymptomLog], as_of: date
    ) -> list[ForecastEntry]:
        """Likely symptoms on each of the 7 days after `as_of`, among those the person logs.

        The arithmetic of `distributions` and `summaries` in plain Python (ordinal_rows.py):
        the same floats, without numpy's overhead on rows of six numbers.
        """
        cells, drsp = cells_of(timeline, logs)
        order = sorted(cells, key=_VOCABULARY_ORDER.__getitem__)
        usual = [name for name in order if may_forecast_in(name, menstrual=False)]
        in_period = [name for name in order if may_forecast_in(name, menstrual=True)]
        # Each day after as_of: its position and the symptoms it may show.
        days: list[tuple[date, int, list[str]]] = []
        for ahead in _HORIZON:
            day = as_of + ahead
            position, phase = position_and_phase(timeline, day)
            days.append((day, position, in_period if phase is CyclePhase.MENSTRUAL else usual))
        pairs = sorted({(name, position) for _, position, names in days for name in names})
        if not pairs:
            return []
        median, mean, high = rows.summaries(self._rows(cells, drsp, pairs))
        # Each pair's answer once: the same on every day at its position.
        few = {symptom for symptom, counts in cells.items() if sum(counts.values()) < FEW_LOGS}
        shown: dict[tuple[str, int], tuple[float, float, float]] = {}
        for row, pair in enumerate(pairs):
            # `limited_probability`, its count taken once a symptom.
            probability = high[row]
            if pair[0] in few:
                probability = min(probability, FEW_LOGS_MAX_PROBABILITY)
            if not (probability < LIKELY_PROBABILITY and median[row] < LIKELY_SEVERITY):
                shown[pair] = (round(probability, 4), median[row], round(mean[row], 3))
        fields = [
            {
                "date": day,
                "symptom": symptom,
                "probability": found[0],
                "expected_severity": found[1],
                "mean_severity": found[2],
            }
            for day, position, names in days
            for symptom in names
            if (found := shown.get((symptom, position))) is not None
        ]
        # One validation of the list: pydantic-core checks every entry without a Python call.
        return _ENTRIES.validate_python(fields)

    def _rows(
        self, cells: dict[str, rows.Counts], drsp: list[list[int]], pairs: list[tuple[str, int]]
    ) -> list[rows.Row]:
        """The predictive distribution of each (symptom, position), as `distributions`."""
        hyper, tables = self.hyper, self.tables
        kernel = kernel_rows(float(hyper.tau))
        lam, alpha = float(hyper.lam), float(hyper.alpha)
        person: tuple[rows.Row, ...] = ()
        by_position = tables.rows_by_position
        placed: dict[str, rows.Placed] = {}
        trackers: dict[str, rows.Row] = {}
        found = []
        for symptom, position in pairs:
            own = placed.get(symptom)
            if own is None:
                own = placed[symptom] = rows.placed(cells[symptom])
            item = DRSP_ITEM_BY_NAME.get(symptom)
            if item is None:
                base = trackers.get(symptom)
                if base is None:  # the same at every position
                    base = trackers[symptom] = rows.tracker_base(cells[symptom])
            else:
                if not person:
                    person = rows.person_rows(drsp, tables.all_items_rows, float(hyper.beta))
                population = by_position[item - 1][position]
                base = rows.drsp_base(population, person[_LEVEL_OF[position]], lam)
            found.append(rows.predictive(kernel[position], own, base, alpha))
        return found

    def warmup(self) -> None:
        """Forecast a fixed example and raise if the result is not sane."""
        start = date(2026, 1, 1)
        timeline = CycleTimeline.from_starts([start, start + timedelta(days=28)])
        logs = [
            SymptomLog(date=start + timedelta(days=d), symptom=name, severity=5)
            for d in range(41, 48)
            for name in ("anger_irritability", "cramps")
        ]
        entries = self.forecast(timeline, logs, start + timedelta(days=50))
        if not entries or not all(
            1 <= e.expected_severity <= N_RATINGS and 0 <= e.probability <= 1 for e in entries
        ):
            raise RuntimeError("symptom forecast warm-up produced no sane forecast")
