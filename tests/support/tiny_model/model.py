"""The tiny model: a score that is `weight * x`, and the types it answers with."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from fembalance_ml.domain_errors import InvalidQuestion

DISCLAIMER = "A test model, not advice."
# A question the model refuses although it is valid input: the domain's own 422.
UNANSWERABLE_X = 13.0


class TinyRequest(BaseModel):
    """One number to score."""

    model_config = ConfigDict(extra="forbid")

    user_id: str | None = Field(None, max_length=64)
    x: float = Field(ge=0, le=100)


class TinyResponse(BaseModel):
    """The score, then the fields every answer ends with."""

    score: float
    model_version: str
    disclaimer: str
    experiment_group: str | None = None


class TinyModel:
    """What the models tree holds (pickled in model.pkl)."""

    def __init__(self, weight: float) -> None:
        self.weight = weight

    def warmup(self) -> None:
        """Refuse to serve a model whose weight is not a real number."""
        if self.weight != self.weight:
            raise RuntimeError("tiny model weight is NaN")


def predict(
    model: TinyModel, request: TinyRequest, *, model_version: str, today: date
) -> TinyResponse:
    """Score one request; an unanswerable `x` is an InvalidQuestion."""
    del today
    if request.x == UNANSWERABLE_X:
        raise InvalidQuestion("x = 13 is a question this model does not answer")
    return TinyResponse(
        score=model.weight * request.x, model_version=model_version, disclaimer=DISCLAIMER
    )
