"""Drift in serving: windows of recent inputs per model version, exported as PSI gauges.

Which models are watched: those with an `inputs_of(request) -> Mapping[str, float]`
declared (`drift_inputs` in the model's spec; the app's `ModelRegistry.drift_inputs`) whose
served version's metadata.json holds a `drift_reference` (written at training). A model
without either is simply not watched: no window, no gauge.

The event loop's whole share is one deque append per request (`observe`). A background
thread (`start`) wakes every REFRESH_SECONDS to read the inputs of what was queued (only
the newest WINDOW per version: older ones would leave the window unread anyway), and
every PUBLISH_SECONDS updates the windows and sets `ml_feature_drift_psi{model,feature}`
(the binning costs the same for 10 requests as for 10,000: done rarely, it stays cheap).

Where the window lives:
- REDIS_URL set: in Redis, shared by every worker and pod. Per model, version and
  feature a capped list (`fembalance:drift:{model}:{version}:{feature}`, the last WINDOW
  values): each refresh pushes this worker's new values and reads the whole list back in
  one pipeline, so every worker computes its PSI over the same population. Redis is only
  ever called from the thread. When Redis fails, the worker falls back to its own window
  for that refresh (logged, at most once a minute).
- Otherwise: per worker, each over its own last WINDOW inputs. Gunicorn's multiprocess
  gauge then exports the largest PSI among live workers.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import structlog
from redis import Redis
from redis.exceptions import RedisError

from fembalance_ml.monitoring.drift import WINDOW, DriftWindow, Reference
from fembalance_ml.observability.metrics import FEATURE_DRIFT_PSI
from fembalance_ml.serving.artifacts import VerifiedArtifact

log = structlog.get_logger(__name__)

# A model's drift inputs: the request's numeric features by the names of its reference.
# `request` is the validated model, or the plain namespace a batch's columnar path builds.
InputsOf = Callable[[Any], Mapping[str, float]]
# Where a feature's PSI goes once computed: (model, feature, psi).
PsiSink = Callable[[str, str, float], None]
# How often the thread reads queued requests' inputs.
REFRESH_SECONDS = 1.0
# How often it updates the windows (Redis included) and the gauges; Prometheus scrapes
# every 15-30 s and the alert waits 15 minutes.
PUBLISH_SECONDS = 10.0
REDIS_KEY = "fembalance:drift:{model}:{version}:{feature}"
# A shared window no worker has written to for this long disappears (a retired version).
REDIS_KEY_TTL_SECONDS = 7 * 24 * 3600
REDIS_TIMEOUT_SECONDS = 1.0
# Seconds between two warnings about a failing Redis.
WARN_EVERY_SECONDS = 60.0


class SharedWindows:
    """The windows in Redis: capped lists written and read back in one pipeline."""

    def __init__(self, url: str, size: int = WINDOW) -> None:
        self.url = url
        self.size = size
        self._redis: Redis | None = None

    def _client(self) -> Redis:
        # Made on first use, in the thread: after Gunicorn's fork.
        if self._redis is None:
            self._redis = Redis.from_url(
                self.url,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
        return self._redis

    def exchange(
        self, model: str, version: str, new: Mapping[str, list[float]], features: list[str]
    ) -> dict[str, list[float]]:
        """Push this worker's new values, return each feature's shared window (newest first)."""
        pipe = self._client().pipeline(transaction=False)
        for feature in features:
            key = REDIS_KEY.format(model=model, version=version, feature=feature)
            values = new.get(feature)
            if values:
                pipe.lpush(key, *values[-self.size :])
                pipe.ltrim(key, 0, self.size - 1)
                pipe.expire(key, REDIS_KEY_TTL_SECONDS)
            pipe.lrange(key, 0, self.size - 1)
        replies = pipe.execute()
        # Each feature's LRANGE is the last reply of its group.
        windows: dict[str, list[float]] = {}
        position = 0
        for feature in features:
            position += 4 if new.get(feature) else 1
            windows[feature] = [float(value) for value in replies[position - 1]]
        return windows

    def close(self) -> None:
        """Release the connections."""
        if self._redis is not None:
            self._redis.close()
            self._redis = None


@dataclass
class _Watched:
    """One model version's window, and its new values since the last refresh."""

    window: DriftWindow
    # Only the last WINDOW new values of a feature can matter.
    new: dict[str, deque[float]] = field(default_factory=dict)


def set_psi_gauge(model: str, feature: str, psi: float) -> None:
    """Export one feature's PSI: `ml_feature_drift_psi{model,feature}`."""
    FEATURE_DRIFT_PSI.labels(model, feature).set(psi)


class DriftMonitor:
    """Windows of recent inputs per served model version, refreshed off the event loop.

    `publish_psi` receives each PSI the monitor computes (the Prometheus gauge unless
    another sink is given, e.g. a test's recorder).
    """

    def __init__(
        self,
        inputs_of: Mapping[str, InputsOf] | None = None,
        shared: SharedWindows | None = None,
        refresh_seconds: float = REFRESH_SECONDS,
        publish_seconds: float = PUBLISH_SECONDS,
        publish_psi: PsiSink = set_psi_gauge,
    ) -> None:
        self._inputs_of: dict[str, InputsOf] = dict(inputs_of or {})
        self.shared = shared
        self.publish_psi = publish_psi
        self.refresh_seconds = refresh_seconds
        self.publish_seconds = publish_seconds
        # Requests waiting for the thread, by model version: its newest WINDOW only. A
        # refresh reads no more of a version (its window keeps the newest WINDOW values),
        # and older requests kept alive until then cost every collection of the youngest
        # generation a walk through their objects (issue 24).
        self._queued: dict[tuple[str, str], tuple[VerifiedArtifact, deque[object]]] = {}
        self._watched: dict[tuple[str, str], _Watched | None] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._warned_at = -WARN_EVERY_SECONDS

    def register(self, model: str, inputs_of: InputsOf) -> None:
        """Watch `model` (models-tree name) through `inputs_of` (versions with a reference)."""
        self._inputs_of[model] = inputs_of

    def precreate(self, artifact: VerifiedArtifact) -> None:
        """Zero PSI series for each input of a watched model's version that has training
        bins, so a dashboard and `max_over_time` see the series from start-up."""
        if artifact.name in self._inputs_of:
            for feature in artifact.metadata.get("drift_reference") or {}:
                FEATURE_DRIFT_PSI.labels(artifact.name, feature)

    def observe(self, artifact: VerifiedArtifact, request: object) -> None:
        """Queue one request for its version's window: the only work on the event loop.

        Past WINDOW requests of the version, the oldest queued one makes room (the window
        wants the newest)."""
        if artifact.name in self._inputs_of:
            self._queue_of(artifact).append(request)

    def observe_many(self, artifact: VerifiedArtifact, requests: Iterable[object]) -> None:
        """Queue a batch's requests (its first WINDOW: a refresh reads no more)."""
        if artifact.name in self._inputs_of:
            self._queue_of(artifact).extend(islice(requests, WINDOW))

    def _queue_of(self, artifact: VerifiedArtifact) -> deque[object]:
        key = (artifact.name, artifact.version)
        found = self._queued.get(key)
        if found is None:
            found = self._queued[key] = (artifact, deque(maxlen=WINDOW))
        return found[1]

    @property
    def pending(self) -> int:
        """Requests queued for the thread."""
        return sum(len(queue) for _, queue in list(self._queued.values()))

    def refresh(self, publish: bool = True) -> int:
        """Read queued inputs; with `publish`, update the windows and gauges (blocking).

        Returns how many requests were read.
        """
        with self._lock:
            read = self._drain()
            if publish:
                for (model, version), watched in self._watched.items():
                    if watched is not None and watched.new:
                        self._publish(model, version, watched)
            return read

    def _drain(self) -> int:
        """Read the queued requests' inputs into their versions' new values.

        A version keeps only its newest WINDOW new values (`_Watched.new`), so its queue
        holds only its newest WINDOW requests: older ones were dropped unread as newer
        came, and the window ends up exactly as if all had been read.
        """
        read = 0
        # list(): the event loop may add a version while the thread reads.
        for key, (artifact, queue) in list(self._queued.items()):
            requests = []
            while queue:
                requests.append(queue.popleft())
            read += len(requests)
            if key not in self._watched:
                self._watched[key] = _watch(artifact)
            watched = self._watched[key]
            if watched is None:
                continue  # this version has no reference: nothing to watch
            self._read(artifact, watched, requests)
        return read

    def _read(self, artifact: VerifiedArtifact, watched: _Watched, requests: list[object]) -> None:
        """Add the inputs of one version's requests, oldest first, to its new values."""
        inputs_of = self._inputs_of[artifact.name]
        new = watched.new
        for request in requests:
            try:
                inputs = inputs_of(request)
            except Exception as exc:  # a broken reader must not stop the others
                log.warning("drift_inputs_failed", model=artifact.name, error=type(exc).__name__)
                continue
            for name in watched.window.references:
                value = inputs.get(name)
                if value is not None:
                    values = new.get(name)
                    if values is None:
                        values = new[name] = deque(maxlen=WINDOW)
                    values.append(float(value))

    def _publish(self, model: str, version: str, watched: _Watched) -> None:
        new = {name: list(values) for name, values in watched.new.items()}
        watched.new = {}
        window = watched.window
        if self.shared is None:
            window.extend(new)
        else:
            try:
                shared = self.shared.exchange(model, version, new, list(window.references))
            except RedisError as exc:
                window.extend(new)
                self._warn(exc)
            else:
                for feature, values in shared.items():
                    window.replace(feature, values)
        for feature, value in window.psi().items():
            if value is not None:
                self.publish_psi(model, feature, value)

    def _warn(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._warned_at >= WARN_EVERY_SECONDS:
            self._warned_at = now
            log.warning("drift_redis_failed", error=type(exc).__name__)

    def start(self) -> None:
        """Start the refreshing thread (once per worker, after the fork)."""
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="drift-monitor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread, refresh once more with what is queued, close Redis."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        self.refresh()
        if self.shared is not None:
            self.shared.close()

    def _run(self) -> None:
        publish_at = time.monotonic() + self.publish_seconds
        while not self._stopping.wait(self.refresh_seconds):
            due = time.monotonic() >= publish_at
            if due:
                publish_at = time.monotonic() + self.publish_seconds
            try:
                self.refresh(publish=due)
            except Exception as exc:  # drift must never take the worker down
                log.warning("drift_refresh_failed", error=type(exc).__name__)


def _watch(artifact: VerifiedArtifact) -> _Watched | None:
    raw: dict[str, Any] | None = artifact.metadata.get("drift_reference")
    if not raw:
        return None
    references = {name: Reference.from_json(spec) for name, spec in raw.items()}
    return _Watched(DriftWindow(references))
