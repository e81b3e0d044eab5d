"""The cycle model's transcendental and least-squares inputs, the same on every machine.

The input row of a history (features.history_features in training, history.history_row in
serving) took three numbers from libraries whose last bits depend on the CPU: numpy's
`log1p` and `power` (SIMD loops chosen at run time: AVX-512 machines take other code than
AVX2 ones) and `polyfit`'s least-squares solve (OpenBLAS picks its kernels by CPU). A
history's slope of exactly 1/35 a cycle came out 60 ulps below it from OpenBLAS's Haswell
kernels, and a tree of the point model splits between those two values: the same history
got a next cycle of 31.5 days on one server and 31.6 on another. The golden corpus recorded on one
machine of this project failed on another (15 and more of 3,000 answers per model
version), and on one machine OpenBLAS's Prescott kernels against its Haswell ones moved
11 to 45 of them. Here each number is computed with arithmetic that does not depend on
the CPU: `decimal` (software, correctly rounded to 40 digits, then rounded once to a
float) and an integer-weighted least-squares formula summed with `math.fsum`. Training and
serving both call these, so the row the model was fitted on and the row it is asked about
stay bit for bit equal (tests/cycle/test_history.py).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from decimal import Decimal, localcontext

# Digits of the decimal arithmetic: far more than a float's 17, so that rounding the
# result once to a float gives the correctly rounded value.
DIGITS = 40


@functools.lru_cache(maxsize=2048)
def log1p_count(count: int) -> float:
    """log(1 + count), correctly rounded, for a count of cycles."""
    with localcontext() as context:
        context.prec = DIGITS
        return float((Decimal(count) + 1).ln())


@functools.lru_cache(maxsize=64)
def half_powers(count: int, half_life: float) -> tuple[float, ...]:
    """0.5 ** (age / half_life) for ages 0 .. count - 1, each correctly rounded (the
    exponent is the float `age / half_life`, as numpy's `power` was given it)."""
    with localcontext() as context:
        context.prec = DIGITS
        half = Decimal("0.5")
        return tuple(float(half ** Decimal(age / half_life)) for age in range(count))


def line_slope(values: Sequence[float]) -> float:
    """The least-squares slope of `values` against their positions 0, 1, ...; 0 for
    fewer than 3 values (too few for a trend).

    With positions centred as c_i = 2i - (n - 1) (integers), the slope is
    2 * sum(c_i * y_i) / sum(c_i ** 2): for whole-day lengths every product and the sum are
    exact, so the slope is the correctly rounded one; for others `math.fsum` still gives
    the same result on every machine.
    """
    count = len(values)
    if count < 3:
        return 0.0
    weights = range(1 - count, count, 2)
    spread = sum(weight * weight for weight in weights)
    return 2.0 * math.fsum(w * v for w, v in zip(weights, values, strict=True)) / spread
