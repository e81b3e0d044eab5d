"""The models the API serves, and the one path every prediction takes.

route -> PredictionService.respond: pick the version (A/B, sticky per user) -> cache
lookup -> domain predict (a result: what the model says about the person) -> the answer's
JSON: the result's fields, then the envelope (`envelope`: version, disclaimer, experiment
group) -> cache store -> a fresh prediction id spliced in (never cached) and the answer
handed to the ledger. A shadow version's comparison is left
in `Answer.after`, for the route to run once the response has been sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import structlog
from pydantic import BaseModel

from fembalance_ml.api.answers import Answer, VersionedResult, answer_json, with_prediction_id
from fembalance_ml.api.error_texts import MODEL_NOT_READY
from fembalance_ml.api.errors import (
    ApiError,
    InvalidInputError,
    ModelNotReadyError,
    ServiceBusyError,
)
from fembalance_ml.api.offload import WorkerPool
from fembalance_ml.domain_errors import InvalidQuestion
from fembalance_ml.http.context import REQUEST_CLIENT
from fembalance_ml.i18n import current_language
from fembalance_ml.ledger.writer import LedgerWriter
from fembalance_ml.monitoring.drift_monitor import DriftMonitor
from fembalance_ml.observability.logging import bind_request_fields
from fembalance_ml.observability.metrics import (
    PREDICTION_SECONDS,
    PREDICTIONS,
    SHADOW_AGREEMENT,
    child,
    observe_many,
)
from fembalance_ml.observability.tally import TALLY
from fembalance_ml.security.ids import HIDDEN_SUBJECT, PredictionIds, ProcessTag
from fembalance_ml.security.privacy import Pseudonymizer
from fembalance_ml.serving.artifacts import VerifiedArtifact
from fembalance_ml.serving.manager import Choice, ModelManager, ModelUnavailableError
from fembalance_ml.serving.prediction_cache import PredictionCache, artifact_identity
from fembalance_ml.serving.registry import ModelRegistry
from fembalance_ml.serving.spec import AnySpec

log = structlog.get_logger("prediction")

# The experiment group of a shadow version's answers in the ledger.
SHADOW_GROUP = "shadow"


def utc_today() -> date:
    """The default `as_of`: today in UTC."""
    return datetime.now(UTC).date()


def prediction_ids(pseudonymizer: Pseudonymizer, tag: ProcessTag | None = None) -> PredictionIds:
    """The issuer of prediction ids, its MAC key derived from the pseudonym key; `tag`
    names another process than this one (a test's other worker)."""
    key = bytes.fromhex(pseudonymizer.digest(b"prediction-id-key"))
    return PredictionIds(key) if tag is None else PredictionIds(key, tag)


class PredictionService:
    """Runs predictions for the routes: versions, cache, shadows, metrics and logs.

    `models` are the app's served models: the routes and the batch find a model's spec
    here, by its route alias.
    """

    def __init__(
        self,
        manager: ModelManager,
        cache: PredictionCache | None,
        pseudonymizer: Pseudonymizer,
        pool: WorkerPool,
        models: ModelRegistry,
        ledger: LedgerWriter | None = None,
        drift: DriftMonitor | None = None,
    ) -> None:
        self.manager = manager
        self.models = models
        self.cache = cache
        self.pseudonymizer = pseudonymizer
        self.pool = pool
        self.ledger = ledger
        self.ids = prediction_ids(pseudonymizer)
        # Per worker unless the app hands in one whose window is shared through Redis.
        self.drift = drift if drift is not None else DriftMonitor(models.drift_inputs)

    def choose(self, served: AnySpec, user_id: str | None) -> Choice:
        """The version for this user, or 503 when the model is not ready."""
        try:
            return self.manager.choose(served.name, user_id)
        except ModelUnavailableError as exc:
            child(PREDICTIONS, served.name, "none", "unavailable").inc()
            raise ModelNotReadyError(
                MODEL_NOT_READY.render(model=served.route),
                [{"model": served.name, "reason": exc.reason}],
            ) from exc

    def predict(self, served: AnySpec, request: BaseModel, choice: Choice) -> VersionedResult:
        """One prediction with the chosen version, counted and timed; no cache, no shadow."""
        artifact = choice.artifact
        today = utc_today()
        started = time.perf_counter()
        try:
            result = self._run(served, artifact, request, today)
        except InvalidQuestion as exc:
            # E.g. a period start after today when `as_of` is left out: the client's
            # mistake, a 422. Any other exception is a bug: a 500.
            child(PREDICTIONS, served.name, artifact.version, "invalid").inc()
            raise InvalidInputError.from_domain(exc) from exc
        except Exception:
            child(PREDICTIONS, served.name, artifact.version, "error").inc()
            raise
        elapsed = time.perf_counter() - started
        TALLY.observe(child(PREDICTION_SECONDS, served.name), elapsed)
        TALLY.inc(child(PREDICTIONS, served.name, artifact.version, "ok"))
        return VersionedResult(result, artifact.version, choice.group)

    def predict_group(
        self, served: AnySpec, requests: Sequence[BaseModel]
    ) -> list[VersionedResult | ApiError]:
        """Answers for many requests to one model, one vectorised call per served version.

        A request the domain code refuses gets its own error; the others still answer.
        Shadow versions are not run for batches.
        """
        answers: list[VersionedResult | ApiError | None] = [None] * len(requests)
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
            for index, result in zip(
                indices, self._predict_versioned(served, by_version[version], batch), strict=True
            ):
                answers[index] = (
                    result
                    if isinstance(result, ApiError)
                    else VersionedResult(result, version, group)
                )
        assert all(a is not None for a in answers)
        return [a for a in answers if a is not None]

    def _predict_versioned(
        self,
        served: AnySpec,
        artifact: VerifiedArtifact,
        batch: Sequence[Any],
        many: Callable[..., Sequence[Any]] | None = None,
    ) -> list[Any]:
        """Results (or ApiErrors) of one version for `batch`, counted, timed and watched.

        `many` replaces the model's `predict_many` (a batch's columnar PCOS path, whose
        results are plain dicts); an item it refuses is retried alone, to find its error.
        """
        today = utc_today()
        self.drift.observe_many(artifact, batch)
        started = time.perf_counter()
        results: list[Any] | None = None
        many = many or served.predict_many
        if many is not None:
            try:
                results = list(many(artifact.model, batch, today=today))
            except InvalidQuestion:
                results = None  # find the refused items one by one below
        if results is None:
            results = [self._one(served, artifact, request, today, many) for request in batch]
        ok = sum(not isinstance(r, ApiError) for r in results)
        PREDICTIONS.labels(served.name, artifact.version, "ok").inc(ok)
        if ok < len(results):
            PREDICTIONS.labels(served.name, artifact.version, "invalid").inc(len(results) - ok)
        # One observation per item (the group's time shared out), so the histogram's count
        # moves with ml_predictions_total, as it does for single requests.
        per_item = (time.perf_counter() - started) / max(1, len(batch))
        observe_many(child(PREDICTION_SECONDS, served.name), per_item, len(batch))
        return results

    def _one(
        self,
        served: AnySpec,
        artifact: VerifiedArtifact,
        request: Any,
        today: date,
        many: Callable[..., Sequence[Any]] | None = None,
    ) -> Any:
        try:
            if many is not None:
                return many(artifact.model, [request], today=today)[0]
            return self._run(served, artifact, request, today)
        except InvalidQuestion as exc:
            return InvalidInputError.from_domain(exc)

    @staticmethod
    def _run(
        served: AnySpec, artifact: VerifiedArtifact, request: BaseModel, today: date
    ) -> BaseModel:
        result: BaseModel = served.predict(artifact.model, request, today=today)
        return result

    def _compare_shadow(
        self,
        served: AnySpec,
        request: BaseModel,
        answer: BaseModel,
        choice: Choice,
        today: date,
    ) -> BaseModel | None:
        """The shadow version's result for `request`, counted as agreeing with the served
        result `answer` or not; None when the shadow failed."""
        shadow = choice.shadow
        assert shadow is not None
        shadow_answer = None
        try:
            shadow_answer = self._run(served, shadow, request, today)
            agreement = (
                "agree" if served.headline(shadow_answer) == served.headline(answer) else "differ"
            )
        except Exception as exc:  # a shadow must never change the served answer
            agreement = "error"
            log.warning("shadow_failed", model=served.route, error_type=type(exc).__name__)
        child(
            SHADOW_AGREEMENT,
            served.name,
            choice.artifact.version,
            shadow.version,
            agreement,
        ).inc()
        return shadow_answer

    async def respond(self, served: AnySpec, request: BaseModel) -> Answer:
        """The serialized answer to one request, from the cache when it pays."""
        user_id = getattr(request, "user_id", None)
        choice = self.choose(served, user_id)
        self.drift.observe(choice.artifact, request)
        key = None
        cache = self.cache if self.cache and self.cache.caches(served.route) else None
        # Her pseudonym lists the cache entries she was answered from, for her erasure.
        person = self.pseudonymizer.user(user_id) if cache is not None else None
        if cache is not None:
            canonical = request.model_dump_json(exclude={"user_id"}).encode()
            key = cache.key_for(
                served.route,
                artifact_identity(choice.artifact.version, choice.artifact.metadata),
                choice.group or "",
                str(utc_today()),
                canonical,
                current_language(),
            )
            cached = await cache.get(served.name, key, person)
            if cached is not None:
                self._log(served, choice, user_id, "hit")
                return self._issue(
                    served, choice.artifact.version, choice.group, user_id, cached, "hit"
                )
        if served.inline:
            prediction = self.predict(served, request, choice)
        else:
            prediction = await self.pool.run(self.predict, served, request, choice)
        answer = prediction.result
        body = answer_json(served, prediction)
        if cache is not None and key is not None:
            await cache.put(served.name, key, body, person)
        self._log(served, choice, user_id, "miss" if cache else None)
        cache_state = "miss" if cache else None
        issued = self._issue(
            served, choice.artifact.version, choice.group, user_id, body, cache_state, answer
        )
        if choice.shadow is None:
            return issued
        served_id = issued.prediction_id or ""

        async def compare() -> None:
            await self._shadow_after(served, request, answer, choice, served_id)

        return Answer(issued.body, issued.cache, issued.prediction_id, after=compare)

    async def _shadow_after(
        self,
        served: AnySpec,
        request: BaseModel,
        answer: BaseModel,
        choice: Choice,
        served_id: str,
    ) -> None:
        """Run the shadow version on a request already answered; count and ledger it.

        Runs after the response is sent. Off the loop like the served prediction (PCOS on
        it: cheaper than the hop); a full pool skips the comparison rather than waiting.
        """
        today = utc_today()
        try:
            if served.inline:
                shadow_answer = self._compare_shadow(served, request, answer, choice, today)
            else:
                shadow_answer = await self.pool.run(
                    self._compare_shadow, served, request, answer, choice, today
                )
        except ServiceBusyError:
            log.info("shadow_skipped", model=served.route, reason="busy")
            return
        except Exception as exc:  # e.g. the pool shut down: nobody is waiting to be told
            log.warning("shadow_failed", model=served.route, error_type=type(exc).__name__)
            return
        if shadow_answer is not None and self.ledger is not None and choice.shadow is not None:
            # Ledgered beside the served answer, so that its outcome scores the shadow too.
            self.ledger.record(
                self.ids.issue_one(HIDDEN_SUBJECT),
                served.name,
                choice.shadow.version,
                SHADOW_GROUP,
                getattr(request, "user_id", None),
                shadow_answer,
                shadow_of=served_id,
            )

    def stamp(self, served: AnySpec, user_id: str | None, prediction: VersionedResult) -> bytes:
        """The JSON of one batch item's answer, with its own prediction id, ledgered."""
        body = answer_json(served, prediction)
        return self._issue(
            served, prediction.version, prediction.group, user_id, body, None, prediction.result
        ).body

    def issue_ids(self, count: int) -> list[str]:
        """`count` prediction ids for answers to this request's client."""
        return self.ids.issue(REQUEST_CLIENT.get(), count)

    def _issue(
        self,
        served: AnySpec,
        version: str,
        group: str | None,
        user_id: str | None,
        body: bytes,
        cache: str | None,
        answer: BaseModel | None = None,
    ) -> Answer:
        """Give an answer its prediction id and hand it to the ledger (a queue put).

        The ledger reads the headline off the result `answer` when there is one (cheaper
        than parsing `body`, which is all a cached answer has).
        """
        prediction_id = self.ids.issue_one(REQUEST_CLIENT.get())
        if self.ledger is not None:
            self.ledger.record(
                prediction_id,
                served.name,
                version,
                group,
                user_id,
                body if answer is None else answer,
            )
        return Answer(with_prediction_id(body, prediction_id), cache, prediction_id)

    def _log(self, served: AnySpec, choice: Choice, user_id: str | None, cache: str | None) -> None:
        """Add the prediction's identifiers to the request's one log line."""
        bind_request_fields(
            model=served.route,
            version=choice.artifact.version,
            experiment_group=choice.group,
            user=self.pseudonymizer.user(user_id),
            cache=cache,
        )
