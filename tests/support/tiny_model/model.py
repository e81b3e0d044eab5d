"""The tiny model: a score that is `weight * x`, and the types it answers with."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from fembalance_ml.domain_errors import InvalidQuestion

# A question the model refuses although it is valid input: the domain's own 422.
UNANSWERABLE_X = 13.0


class TinyRequest(BaseModel):
    """One number to score."""

    model_config = ConfigDict(extra="forbid")

    user_id: str | None = Field(None, max_length=64)
    x: float = Field(ge=0, le=100)


class TinyResult(BaseModel):
    """What the model says: the score, nothing the service adds."""

    score: float


class TinyModel:
    """What the models tree holds (pickled in model.pkl)."""

    def __init__(self, weight: float) -> None:
        self.weight = weight

    def warmup(self) -> None:
        """Refuse to serve a model whose weight is not a real number."""
        if self.weight != self.weight:
            raise RuntimeError("tiny model weight is NaN")


def predict(model: TinyModel, request: TinyRequest, *, today: date) -> TinyResult:
    """Score one request; an unanswerable `x` is an InvalidQuestion."""
    del today
    if request.x == UNANSWERABLE_X:
        raise InvalidQuestion("x = 13 is a question this model does not answer")
    return TinyResult(score=model.weight * request.x)
