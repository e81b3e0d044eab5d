"""The models the API serves, and the one function that runs any of them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from pydantic import BaseModel

from src.api.errors import ModelNotReadyError
from src.cycle import service as cycle_service
from src.cycle.schemas import CycleRequest
from src.pcos import service as pcos_service
from src.pcos.schemas import PcosRequest
from src.platform.metrics import PREDICTION_SECONDS, PREDICTIONS
from src.serving.manager import ModelManager, ModelUnavailableError
from src.symptoms import service as symptoms_service
from src.symptoms.schemas import SymptomRequest

Predictor = Callable[..., BaseModel]


@dataclass(frozen=True)
class ServedModel:
    """One public model: its route name, its folder in the models tree, its I/O."""

    route_name: str
    artifact_name: str
    request_type: type[BaseModel]
    predict: Predictor


SERVED: dict[str, ServedModel] = {
    served.route_name: served
    for served in (
        ServedModel("pcos", "pcos", PcosRequest, pcos_service.predict),
        ServedModel("cycle", "cycle_prediction", CycleRequest, cycle_service.predict),
        ServedModel("symptoms", "symptom_analysis", SymptomRequest, symptoms_service.predict),
    )
}


def utc_today() -> date:
    """The default `as_of`: today in UTC."""
    return datetime.now(UTC).date()


def run_prediction(manager: ModelManager, served: ServedModel, request: BaseModel) -> BaseModel:
    """Predict with the serving version of a model, counting it in the metrics."""
    try:
        artifact = manager.get(served.artifact_name)
    except ModelUnavailableError as exc:
        PREDICTIONS.labels(served.route_name, "none", "unavailable").inc()
        raise ModelNotReadyError(
            f"The {served.route_name} model is not ready.",
            [{"model": served.artifact_name, "reason": exc.reason}],
        ) from exc
    started = time.perf_counter()
    try:
        result = served.predict(
            artifact.model, request, model_version=artifact.version, today=utc_today()
        )
    except Exception:
        PREDICTIONS.labels(served.route_name, artifact.version, "error").inc()
        raise
    PREDICTION_SECONDS.labels(served.route_name).observe(time.perf_counter() - started)
    PREDICTIONS.labels(served.route_name, artifact.version, "ok").inc()
    return result
