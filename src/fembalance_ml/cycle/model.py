"""The pickled cycle model: a next-length forecast with a calibrated predictive distribution.

From v1.5.0 a partially pooled prior (hierarchy.py) turns a history into her posterior
mean length and predictive spread; the point model predicts the next cycle length as a
correction to that posterior mean (before v1.5.0: to the history's baseline), and a scale
model predicts how far off that usually is for such a history. The cross-fitted
standardised residuals give the shape of the predictive distribution. With no usable
history the population's cycle lengths are the distribution.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.ensemble import HistGradientBoostingRegressor

from fembalance_ml.cycle import history as plain
from fembalance_ml.cycle.features import FEATURES, FloatArray, baseline_length
from fembalance_ml.cycle.gaps import GapRule
from fembalance_ml.cycle.hierarchy import HistoryPrior, pooled_rows

GRID_LEVELS = np.linspace(0.005, 0.995, 199)
MIN_SCALE = 0.75
MIN_OVULATION_DAY = 6.0
MIN_LUTEAL_DAYS = 7.0
FERTILE_DAYS_BEFORE_OVULATION = 5
OVULATION_HISTORY_COLUMNS = slice(2, 10)  # level, spread and trend features of the history
KERNEL_PARTS = ("point_model", "scale_model")
# A compiled kernel: float64 rows in, the same values as the estimator's `predict` out.
Kernel = Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]]


def round_day(value: float) -> int:
    """Round half up to a whole day, the way every served date is rounded."""
    return math.floor(value + 0.5)


def conditioned_on_no_start(
    grid: FloatArray, levels: tuple[float, float], elapsed: int
) -> tuple[float, float, float]:
    """Interval low, median and high of the length given no period by day `elapsed`.

    The interval is never narrower than the unconditional one: the grid's far tail is thin,
    and a period already late is less, not more, predictable.
    """
    low_level, high_level = levels
    width = float(
        np.interp(high_level, GRID_LEVELS, grid) - np.interp(low_level, GRID_LEVELS, grid)
    )
    floor = elapsed + 0.5  # whole days: no start by day `elapsed` means length > elapsed + 0.5
    passed = float(np.interp(floor, grid, GRID_LEVELS, left=0.0, right=1.0))
    if passed >= GRID_LEVELS[-1]:
        # Beyond everything the model has seen: the period may come any day now.
        return floor, floor + width / 2, floor + width
    remaining = 1.0 - passed
    low, middle, high = (
        float(np.interp(passed + level * remaining, GRID_LEVELS, grid))
        for level in (low_level, 0.5, high_level)
    )
    low, middle = max(low, floor), max(middle, floor)
    return low, middle, max(high, low + width)


@dataclass(frozen=True)
class Forecast:
    """The next cycle's length distribution summarised in days since the last start."""

    length: float
    earliest: int
    latest: int
    unconditional_length: float
    ovulation_day: float
    fertile_start_day: int
    fertile_end_day: int
    scale: float
    from_population: bool
    # Cycles the length estimate used (suspected missed logs left out).
    cycles_used: int = 0
    # Ovulation day and fertile window of a cycle of `unconditional_length` days, before
    # the delay of a late period: what the cycles after this one are forecast with.
    window: tuple[float, int, int] = (0.0, 0, 0)


@dataclass
class CycleModel:
    """Everything the service needs to forecast a cycle; plain data and sklearn estimators."""

    point_model: HistGradientBoostingRegressor
    scale_model: HistGradientBoostingRegressor
    residual_grid: FloatArray
    population_grid: FloatArray
    interval_levels: tuple[float, float]
    population_levels: tuple[float, float]
    ovulation_full: FloatArray
    ovulation_simple: FloatArray
    age_fill: float
    ovulation_spread: tuple[float, float]
    features: tuple[str, ...] = FEATURES
    # The partially pooled prior (from v1.5.0); None in older pickles, which lack the field
    # and so read this class default: their rows are the history features alone.
    prior: HistoryPrior | None = None
    # The gap rule for short histories (from v1.6.0, gaps.py); None in older pickles.
    gap_rule: GapRule | None = None

    def row(self, lengths: npt.ArrayLike, age: float | None) -> FloatArray:
        """The model's input row for one history: history features, then pooled ones.

        Plain Python (cycle/history.py): the same numbers as features.history_features and
        HistoryPrior.features, without numpy's cost on a few values.
        """
        history = plain.read_gaps(self.gap_rule, np.asarray(lengths, dtype=float).tolist())
        values = plain.history_row(history, plain.cleaned(history), age)
        if self.prior is not None:
            values += plain.pooled_row(self.prior, history, age)
        return np.array(values, dtype=float)

    def inputs(
        self, features: FloatArray, histories: Sequence[npt.ArrayLike], ages: npt.ArrayLike
    ) -> FloatArray:
        """Input rows for many histories, given their history features (order of FEATURES).

        The histories and their features are as the model reads them (gap rule applied,
        see fitting.read_by).
        """
        if self.prior is None:
            return features
        return np.column_stack([features, pooled_rows(self.prior, histories, ages)])

    def baselines(self, features: FloatArray) -> FloatArray:
        """The level the point model corrects: the pooled posterior mean, when pooled."""
        if self.prior is not None:
            return np.asarray(features[:, len(FEATURES)], dtype=float)
        return np.array([baseline_length(row) for row in features], dtype=float)

    def point(self, features: FloatArray) -> FloatArray:
        """Predicted next lengths for rows of the model's inputs (each with some history)."""
        return np.asarray(
            self.baselines(features) + self._run("point_model", features), dtype=float
        )

    def scale(self, features: FloatArray) -> FloatArray:
        """Typical absolute error of the point forecast for each row."""
        predicted = np.asarray(self._run("scale_model", features), dtype=float)
        return np.asarray(np.maximum(predicted, MIN_SCALE), dtype=float)

    def kernels(self) -> dict[str, Any]:
        """The sklearn estimators this model computes with (kernel: `predict`, shape (n,))."""
        return {"point_model": self.point_model, "scale_model": self.scale_model}

    def install_kernels(self, compiled: Mapping[str, Kernel]) -> None:
        """Run the named estimators through compiled callables; others stay on sklearn."""
        unknown = set(compiled) - set(KERNEL_PARTS)
        if unknown:
            raise ValueError(f"no such cycle model parts: {sorted(unknown)}")
        # Not a dataclass field: kernels are attached after loading and never pickled.
        object.__setattr__(self, "_kernels", dict(compiled))

    def _run(self, part: str, features: FloatArray) -> FloatArray:
        """One vectorised call of a part: its compiled kernel when installed, else sklearn."""
        kernels: dict[str, Kernel] = getattr(self, "_kernels", {})
        compiled = kernels.get(part)
        if compiled is not None:
            return np.asarray(compiled(np.asarray(features, dtype=float)), dtype=float)
        estimator: HistGradientBoostingRegressor = getattr(self, part)
        return np.asarray(estimator.predict(features), dtype=float)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the fitted data only: compiled kernels are attached after loading."""
        state = dict(self.__dict__)
        state.pop("_kernels", None)
        state.pop("_population_grid", None)
        return state

    def quantile_bounds(
        self, point: FloatArray, scale: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """Unrounded interval bounds at the model's calibrated levels."""
        low_r, high_r = np.interp(self.interval_levels, GRID_LEVELS, self.residual_grid)
        return point + scale * low_r, point + scale * high_r

    def ovulation_days(
        self, lengths: FloatArray, ages: FloatArray, features: FloatArray | None
    ) -> FloatArray:
        """Ovulation cycle day for cycles of the given lengths (median regression)."""
        filled = np.where(np.isnan(ages), self.age_fill, ages)
        if features is None:
            design = np.column_stack([np.ones_like(lengths), lengths, filled])
            coefficients = self.ovulation_simple
        else:
            history = np.nan_to_num(features[:, OVULATION_HISTORY_COLUMNS])
            design = np.column_stack([np.ones_like(lengths), lengths, filled, history])
            coefficients = self.ovulation_full
        days = design @ coefficients
        upper = np.maximum(lengths - MIN_LUTEAL_DAYS, MIN_OVULATION_DAY)
        return np.asarray(np.clip(days, MIN_OVULATION_DAY, upper), dtype=float)

    def length_grid(
        self, lengths: npt.ArrayLike, age: float | None
    ) -> tuple[FloatArray, float, float]:
        """Quantiles (at GRID_LEVELS) of the next length, the point forecast and its scale."""
        logged = np.asarray(lengths, dtype=float).tolist()
        row = self.row(logged, age).reshape(1, -1) if plain.cleaned(logged) else None
        return self._length_grid(row)

    def _length_grid(self, row: FloatArray | None) -> tuple[FloatArray, float, float]:
        if row is None:
            return self._population()
        point, scale = float(self.point(row)[0]), float(self.scale(row)[0])
        return point + scale * self.residual_grid, point, scale

    def _population(self) -> tuple[FloatArray, float, float]:
        """The population's grid, median and half interquartile range (once per model)."""
        found: tuple[FloatArray, float, float] | None = getattr(self, "_population_grid", None)
        if found is None:
            grid = self.population_grid
            quartiles = np.interp([0.25, 0.5, 0.75], GRID_LEVELS, grid)
            found = (grid, float(quartiles[1]), float(quartiles[2] - quartiles[0]) / 2)
            # Not a dataclass field: derived after loading and never pickled.
            object.__setattr__(self, "_population_grid", found)
        return found

    def forecast(self, lengths: npt.ArrayLike, age: float | None, elapsed: int) -> Forecast:
        """Next-cycle forecast, conditioned on no period having started `elapsed` days in.

        The history is read once: its cleaned lengths and its input row serve the length
        forecast, the ovulation day and the cycles after it.
        """
        logged = np.asarray(lengths, dtype=float).tolist()
        usable = len(plain.cleaned(logged))
        row = self.row(logged, age).reshape(1, -1) if usable else None
        grid, point, scale = self._length_grid(row)
        levels = self.interval_levels if usable else self.population_levels
        low, middle, high = conditioned_on_no_start(grid, levels, elapsed)
        scale = max(scale, MIN_SCALE)
        window = self._window(row, age, point, scale)
        # A late period mostly means a late ovulation: the luteal phase varies far less.
        delay = max(0.0, middle - point)
        ovulation, fertile_start, fertile_end = window
        return Forecast(
            length=middle,
            earliest=round_day(low),
            latest=round_day(high),
            unconditional_length=point,
            ovulation_day=ovulation + delay,
            fertile_start_day=round_day(fertile_start + delay),
            fertile_end_day=round_day(fertile_end + delay),
            scale=scale,
            from_population=usable == 0,
            cycles_used=usable,
            window=window,
        )

    def ovulation_window(
        self, lengths: npt.ArrayLike, age: float | None, cycle_length: float, scale: float
    ) -> tuple[float, int, int]:
        """Ovulation cycle day of a cycle of `cycle_length` days, and its fertile window."""
        logged = np.asarray(lengths, dtype=float).tolist()
        row = self.row(logged, age).reshape(1, -1) if plain.cleaned(logged) else None
        return self._window(row, age, cycle_length, scale)

    def _window(
        self, row: FloatArray | None, age: float | None, cycle_length: float, scale: float
    ) -> tuple[float, int, int]:
        ovulation = self._ovulation_day(row, age, cycle_length)
        early, late = self.ovulation_spread
        start = round_day(ovulation + scale * early) - FERTILE_DAYS_BEFORE_OVULATION
        return ovulation, max(1, start), round_day(ovulation + scale * late)

    def _ovulation_day(self, row: FloatArray | None, age: float | None, length: float) -> float:
        """`ovulation_days` of one cycle: its design row in plain Python, the same product."""
        filled = self.age_fill if age is None else float(age)
        design = [1.0, length, filled]
        coefficients = self.ovulation_simple
        if row is not None:
            history = row[0, OVULATION_HISTORY_COLUMNS].tolist()
            design += [0.0 if math.isnan(value) else value for value in history]
            coefficients = self.ovulation_full
        day = float((np.array([design], dtype=float) @ coefficients)[0])
        upper = max(length - MIN_LUTEAL_DAYS, MIN_OVULATION_DAY)
        return min(max(day, MIN_OVULATION_DAY), upper)

    def warmup(self) -> None:
        """Run one real forecast on a fixed history; raise if the result is implausible."""
        result = self.forecast([28, 29, 27, 30, 28, 56, 29], age=30.0, elapsed=10)
        if not (21 <= result.length <= 35 and result.earliest <= result.latest):
            raise RuntimeError(f"cycle model warmup gave an implausible forecast: {result}")
        if not 8 <= result.ovulation_day <= 22:
            raise RuntimeError(f"cycle model warmup gave ovulation day {result.ovulation_day}")
