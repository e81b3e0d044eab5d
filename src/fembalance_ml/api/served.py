"""The models the API serves, and the one path every prediction takes.

route -> PredictionService.respond: pick the version (A/B, sticky per user) -> cache
lookup -> domain predict -> shadow comparison -> cache store -> JSON bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import structlog
from pydantic import BaseModel

from fembalance_ml.api.errors import ApiError, InvalidInputError, ModelNotReadyError
from fembalance_ml.api.offload import WorkerPool
from fembalance_ml.cycle import service as cycle_service
from fembalance_ml.cycle.schemas import CycleRequest, CycleResponse
from fembalance_ml.pcos import service as pcos_service
from fembalance_ml.pcos.schemas import PcosRequest, PcosResponse
from fembalance_ml.platform.cache import PredictionCache, artifact_identity
from fembalance_ml.platform.metrics import (
    MODEL_INFO,
    MODEL_READY,
    PREDICTION_SECONDS,
    PREDICTIONS,
    SHADOW_AGREEMENT,
    precreate_model,
)
from fembalance_ml.platform.privacy import Pseudonymizer
from fembalance_ml.serving.artifacts import VerifiedArtifact
from fembalance_ml.serving.manager import Choice, ModelManager, ModelUnavailableError
from fembalance_ml.symptoms import service as symptoms_service
from fembalance_ml.symptoms.schemas import SymptomRequest, SymptomResponse

log = structlog.get_logger("prediction")
# What domain code raises for input it cannot answer: a ValueError for a broken rule, an
# ArithmeticError (a date overflow) for input it cannot compute with. Either is a 422.
DOMAIN_INPUT_ERRORS = (ValueError, ArithmeticError)
Predictor = Callable[..., BaseModel]


def _pcos_headline(answer: BaseModel) -> object:
    assert isinstance(answer, PcosResponse)
    return answer.risk_level


def _cycle_headline(answer: BaseModel) -> object:
    assert isinstance(answer, CycleResponse)
    return answer.predicted_start_date


def _symptoms_headline(answer: BaseModel) -> object:
    assert isinstance(answer, SymptomResponse)
    return answer.pmdd_screen.result


@dataclass(frozen=True)
class ServedModel:
    """One public model: route name, folder in the models tree, I/O and its headline.

    The headline is the part of an answer a shadow version must agree on.
    """

    route_name: str
    artifact_name: str
    request_type: type[BaseModel]
    predict: Predictor
    headline: Callable[[BaseModel], object]
    predict_many: Callable[..., Sequence[BaseModel]] | None = None
    # Answered on the event loop: cheaper than the hop to a pool thread (PCOS, ~100 us).
    inline: bool = False


SERVED: dict[str, ServedModel] = {
    served.route_name: served
    for served in (
        ServedModel(
            "pcos",
            "pcos",
            PcosRequest,
            pcos_service.predict,
            _pcos_headline,
            pcos_service.predict_many,
            inline=True,
        ),
        ServedModel(
            "cycle", "cycle_prediction", CycleRequest, cycle_service.predict, _cycle_headline
        ),
        ServedModel(
            "symptoms",
            "symptom_analysis",
            SymptomRequest,
            symptoms_service.predict,
            _symptoms_headline,
        ),
    )
}


def utc_today() -> date:
    """The default `as_of`: today in UTC."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class Answer:
    """A serialized prediction and whether the cache supplied it."""

    body: bytes
    cache: str | None


# Versions each model's info gauge was last set for in this process, so a version that
# is no longer loaded goes back to 0 instead of keeping its last value.
_published_versions: dict[str, set[str]] = {}


def publish_model_metrics(manager: ModelManager) -> None:
    """Set readiness and version info to what this process serves now, series at zero."""
    for served in SERVED.values():
        status = manager.status(served.artifact_name)
        MODEL_READY.labels(status.name).set(1 if status.ready else 0)
        loaded = set(status.loaded_versions)
        for gone in _published_versions.get(status.name, set()) - loaded:
            MODEL_INFO.labels(status.name, gone).set(0)
        for version in loaded:
            MODEL_INFO.labels(status.name, version).set(1 if version == status.version else 0)
        _published_versions[status.name] = loaded
        shadow = (status.experiment or {}).get("shadow")
        precreate_model(status.name, sorted(loaded), [shadow] if shadow else [])


class PredictionService:
    """Runs predictions for the routes: versions, cache, shadows, metrics and logs."""

    def __init__(
        self,
        manager: ModelManager,
        cache: PredictionCache | None,
        keys: Pseudonymizer,
        pool: WorkerPool,
    ) -> None:
        self.manager = manager
        self.cache = cache
        self.keys = keys
        self.pool = pool

    def choose(self, served: ServedModel, user_id: str | None) -> Choice:
        """The version for this user, or 503 when the model is not ready."""
        try:
            return self.manager.choose(served.artifact_name, user_id)
        except ModelUnavailableError as exc:
            PREDICTIONS.labels(served.artifact_name, "none", "unavailable").inc()
            raise ModelNotReadyError(
                f"The {served.route_name} model is not ready.",
                [{"model": served.artifact_name, "reason": exc.reason}],
            ) from exc

    def predict(self, served: ServedModel, request: BaseModel, choice: Choice) -> BaseModel:
        """One prediction with the chosen version, counted and timed; no cache."""
        artifact = choice.artifact
        today = utc_today()
        started = time.perf_counter()
        try:
            answer = self._run(served, artifact, request, today)
        except DOMAIN_INPUT_ERRORS as exc:
            # E.g. a period start after today when `as_of` is left out: the client's
            # mistake, a 422.
            PREDICTIONS.labels(served.artifact_name, artifact.version, "invalid").inc()
            raise InvalidInputError.from_domain(exc) from exc
        except Exception:
            PREDICTIONS.labels(served.artifact_name, artifact.version, "error").inc()
            raise
        elapsed = time.perf_counter() - started
        PREDICTION_SECONDS.labels(served.artifact_name).observe(elapsed)
        PREDICTIONS.labels(served.artifact_name, artifact.version, "ok").inc()
        if choice.group is not None:
            answer = answer.model_copy(update={"experiment_group": choice.group})
        if choice.shadow is not None:
            self._compare_shadow(served, request, answer, choice, today)
        return answer

    def predict_group(
        self, served: ServedModel, requests: Sequence[BaseModel]
    ) -> list[BaseModel | ApiError]:
        """Answers for many requests to one model, one vectorised call per served version.

        A request the domain code refuses gets its own error; the others still answer.
        Shadow versions are not run for batches.
        """
        answers: list[BaseModel | ApiError | None] = [None] * len(requests)
        groups: dict[tuple[str, str | None], list[int]] = {}
        choices = []
        for index, request in enumerate(requests):
            try:
                choice = self.choose(served, getattr(request, "user_id", None))
            except ApiError as exc:
                answers[index] = exc
                continue
            choices.append(choice)
            groups.setdefault((choice.artifact.version, choice.group), []).append(index)
        by_version = {c.artifact.version: c.artifact for c in choices}
        for (version, group), indices in groups.items():
            batch = [requests[i] for i in indices]
            for index, answer in zip(
                indices, self._predict_versioned(served, by_version[version], batch), strict=True
            ):
                if isinstance(answer, BaseModel) and group is not None:
                    answer = answer.model_copy(update={"experiment_group": group})
                answers[index] = answer
        assert all(a is not None for a in answers)
        return [a for a in answers if a is not None]

    def _predict_versioned(
        self, served: ServedModel, artifact: VerifiedArtifact, batch: list[BaseModel]
    ) -> list[BaseModel | ApiError]:
        today = utc_today()
        started = time.perf_counter()
        results: list[BaseModel | ApiError] | None = None
        if served.predict_many is not None:
            try:
                results = list(
                    served.predict_many(
                        artifact.model, batch, model_version=artifact.version, today=today
                    )
                )
            except DOMAIN_INPUT_ERRORS:
                results = None  # find the refused items one by one below
        if results is None:
            results = [self._one(served, artifact, request, today) for request in batch]
        ok = sum(isinstance(r, BaseModel) for r in results)
        PREDICTIONS.labels(served.artifact_name, artifact.version, "ok").inc(ok)
        if ok < len(results):
            PREDICTIONS.labels(served.artifact_name, artifact.version, "invalid").inc(
                len(results) - ok
            )
        # One observation per item (the group's time shared out), so the histogram's count
        # moves with ml_predictions_total, as it does for single requests.
        per_item = (time.perf_counter() - started) / max(1, len(batch))
        histogram = PREDICTION_SECONDS.labels(served.artifact_name)
        for _ in batch:
            histogram.observe(per_item)
        return results

    def _one(
        self, served: ServedModel, artifact: VerifiedArtifact, request: BaseModel, today: date
    ) -> BaseModel | ApiError:
        try:
            return self._run(served, artifact, request, today)
        except DOMAIN_INPUT_ERRORS as exc:
            return InvalidInputError.from_domain(exc)

    @staticmethod
    def _run(
        served: ServedModel, artifact: VerifiedArtifact, request: BaseModel, today: date
    ) -> BaseModel:
        return served.predict(artifact.model, request, model_version=artifact.version, today=today)

    def _compare_shadow(
        self,
        served: ServedModel,
        request: BaseModel,
        answer: BaseModel,
        choice: Choice,
        today: date,
    ) -> None:
        shadow = choice.shadow
        assert shadow is not None
        try:
            shadow_answer = self._run(served, shadow, request, today)
            agreement = (
                "agree" if served.headline(shadow_answer) == served.headline(answer) else "differ"
            )
        except Exception as exc:  # a shadow must never change the served answer
            agreement = "error"
            log.warning("shadow_failed", model=served.route_name, error_type=type(exc).__name__)
        SHADOW_AGREEMENT.labels(
            served.artifact_name, choice.artifact.version, shadow.version, agreement
        ).inc()

    async def respond(self, served: ServedModel, request: BaseModel) -> Answer:
        """The serialized answer to one request, from the cache when it pays."""
        user_id = getattr(request, "user_id", None)
        choice = self.choose(served, user_id)
        key = None
        cache = self.cache if self.cache and self.cache.caches(served.route_name) else None
        if cache is not None:
            canonical = request.model_dump_json(exclude={"user_id"}).encode()
            key = cache.key_for(
                served.route_name,
                artifact_identity(choice.artifact.version, choice.artifact.metadata),
                choice.group or "",
                str(utc_today()),
                canonical,
            )
            cached = await cache.get(served.artifact_name, key)
            if cached is not None:
                self._log(served, choice, user_id, "hit")
                return Answer(cached, "hit")
        if served.inline:
            answer = self.predict(served, request, choice)
        else:
            answer = await self.pool.run(self.predict, served, request, choice)
        body = answer.model_dump_json().encode()
        if cache is not None and key is not None:
            await cache.put(served.artifact_name, key, body)
        self._log(served, choice, user_id, "miss" if cache else None)
        return Answer(body, "miss" if cache else None)

    def _log(
        self, served: ServedModel, choice: Choice, user_id: str | None, cache: str | None
    ) -> None:
        """Add the prediction's identifiers to the request's one log line."""
        structlog.contextvars.bind_contextvars(
            model=served.route_name,
            version=choice.artifact.version,
            experiment_group=choice.group,
            user=self.keys.user(user_id),
            cache=cache,
        )
