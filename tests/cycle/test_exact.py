"""The cycle row's CPU-independent numbers (cycle/exact.py): right, and correctly rounded."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest

from fembalance_ml.cycle import exact


def test_the_slope_of_whole_day_lengths_is_the_correctly_rounded_one() -> None:
    """For whole days the slope is exact before its one rounding: Fraction agrees."""
    rng = random.Random(7)
    for _ in range(3000):
        lengths = [float(rng.randint(15, 90)) for _ in range(rng.randint(3, 24))]
        positions = range(len(lengths))
        mean_x = Fraction(sum(positions), len(lengths))
        mean_y = Fraction(sum(Fraction(v) for v in lengths), len(lengths))
        exact_slope = sum(
            (x - mean_x) * (Fraction(y) - mean_y) for x, y in zip(positions, lengths, strict=True)
        ) / sum((x - mean_x) ** 2 for x in positions)
        assert exact.line_slope(lengths) == float(exact_slope)
    # The history whose slope two CPU kernels of LAPACK put 60 ulps apart: exactly 1/35.
    assert exact.line_slope([24.0, 21.0, 24.0, 20.0, 21.0, 25.0]) == 1 / 35


def test_the_slope_agrees_with_polyfit_and_is_zero_under_three_values() -> None:
    rng = random.Random(11)
    for _ in range(2000):
        values = [rng.uniform(15, 90) / rng.choice([1, 2, 3]) for _ in range(rng.randint(3, 24))]
        fitted = float(np.polyfit(np.arange(len(values), dtype=float), values, 1)[0])
        assert exact.line_slope(values) == pytest.approx(fitted, rel=1e-9, abs=1e-12)
    assert exact.line_slope([]) == exact.line_slope([30.0]) == exact.line_slope([30.0, 31.0]) == 0.0


def test_log1p_and_the_half_powers_are_within_an_ulp_of_libm() -> None:
    for count in range(1002):
        assert abs(exact.log1p_count(count) - math.log1p(count)) <= math.ulp(math.log1p(count))
    weights = exact.half_powers(24, 3.0)
    assert weights[:7:3] == (1.0, 0.5, 0.25)
    for age, weight in enumerate(weights):
        assert abs(weight - 0.5 ** (age / 3.0)) <= math.ulp(weight)
