"""The gap rule (from cycle model v1.6.0): an unlogged period in a short history.

The service knows only logged period starts. When one start was not logged, the two cycles
around it read as one cycle about twice the usual length. With 3+ logged cycles the history's
own median says what "usual" is (features.suspected_missed_logs). With one or two cycles it
cannot, and a single 84-day "cycle" used to set her level at 84 days: in the service-like
protocol of research/cycle_experiments.py such histories carried nearly all the extra error a
gap in a log costs.

So, in a history of at most `max_cycles` cycles, a cycle of `ratio` times the population's
usual length (`reference`) or more is read as k = round(length / reference) cycles (at least
2) and enters the history as one cycle of length / k: her level comes from it, but only
as one cycle's worth of evidence. Longer histories pass unchanged. The ratio is a model
parameter chosen on training women (see training/cycle/train.py); a model without a rule
(None, every version before v1.6.0) takes histories as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fembalance_ml.cycle.features import POPULATION_MEDIAN_LENGTH, FloatArray


@dataclass(frozen=True)
class GapRule:
    """Read very long cycles in a short history as several cycles with unlogged starts."""

    ratio: float
    max_cycles: int = 2
    reference: float = POPULATION_MEDIAN_LENGTH

    def cycles_in(self, length: float) -> int:
        """How many cycles a suspected gap of this length stands for (at least 2)."""
        return max(2, int(np.floor(length / self.reference + 0.5)))

    def apply(self, lengths: npt.ArrayLike) -> FloatArray:
        """The history as the model reads it, oldest first (same number of cycles)."""
        values = np.asarray(lengths, dtype=float)
        if values.size == 0 or values.size > self.max_cycles:
            return values
        suspected = values >= self.ratio * self.reference
        if not suspected.any():
            return values
        return np.array(
            [v / self.cycles_in(v) if s else v for v, s in zip(values, suspected, strict=True)],
            dtype=float,
        )


def read_history(rule: GapRule | None, lengths: npt.ArrayLike) -> FloatArray:
    """`rule.apply(lengths)`, or the history unchanged when there is no rule."""
    if rule is None:
        return np.asarray(lengths, dtype=float)
    return rule.apply(lengths)
