"""A tiny picklable model for exercising the models tree (never served)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ScaledSum:
    """Predicts `scale * sum(x)`; `warmup` fails when `broken` is set."""

    scale: float
    broken: bool = False

    def predict(self, values: list[float]) -> float:
        """The model's one operation."""
        return self.scale * sum(values)

    def warmup(self) -> None:
        """Raise like a model whose warm-up prediction goes wrong."""
        if self.broken:
            raise RuntimeError("warm-up failed")
        self.predict([1.0, 2.0])
