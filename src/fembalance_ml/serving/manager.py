"""The ModelManager: finds, verifies, loads, warms, routes and hot-swaps models.

A model that is missing, corrupt or fails to load or warm up is kept as *not ready* with
the reason; it is never replaced by a dummy or a fallback. A new version is loaded beside
the serving one and swapped in by one reference assignment once it is verified and warm:
requests already running finish on the old object, and a version that fails verification
leaves the old one serving.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import structlog

from fembalance_ml.serving.ab_assignment import CONTROL, Assigner, Experiment
from fembalance_ml.serving.artifacts import (
    METADATA_FILE,
    IntegrityError,
    VerifiedArtifact,
    list_versions,
    load_verified,
    resolve_version,
    sha256_of,
)
from fembalance_ml.serving.backends import Backend, BackendReport, ReferenceBackend, compile_model

log = structlog.get_logger(__name__)
# An absolute path in an error text (`/srv/models/pcos/v2.1.0/model.pkl`), up to a quote,
# space or end; answers and readiness show the last part only.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?:[^\s'\"/]+/)*([^\s'\"/]*)")


class ModelUnavailableError(Exception):
    """The named model has no loaded, verified version."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"model {name!r} is not ready: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class ModelStatus:
    """What readiness and `/api/v1/models` report about one model."""

    name: str
    requested_version: str
    ready: bool
    version: str | None = None
    reason: str | None = None
    load_seconds: float | None = None
    available_versions: list[str] = field(default_factory=list)
    loaded_versions: list[str] = field(default_factory=list)
    experiment: dict[str, Any] | None = None
    backends: dict[str, dict[str, Any]] = field(default_factory=dict)


class Choice(NamedTuple):
    """The artifact that answers a request, its A/B group, and a shadow to compare."""

    artifact: VerifiedArtifact
    group: str | None
    shadow: VerifiedArtifact | None


@dataclass
class _Slot:
    requested: str
    experiment: Experiment | None = None
    loaded: dict[str, VerifiedArtifact] = field(default_factory=dict)
    serving: str | None = None
    reason: str | None = "not loaded yet"
    # The reason with the absolute paths searched, for operators (log, check-models, readiness
    # outside production); `reason` names paths relative to the models root only.
    diagnosis: str | None = "not loaded yet"
    load_seconds: float | None = None
    fingerprint: tuple[str, str] | None = None

    @property
    def wanted_versions(self) -> list[str]:
        return self.experiment.versions if self.experiment else []


class ModelManager:
    """Holds the verified artifacts of each configured model."""

    def __init__(
        self,
        models_root: Path,
        requested: Mapping[str, str],
        experiments: Mapping[str, Experiment] | None = None,
        assigner: Assigner | None = None,
        backend: Backend | None = None,
    ) -> None:
        # Absolute, so a reason names the folder searched whatever the working directory.
        self.models_root = models_root.absolute()
        self.backend: Backend = backend or ReferenceBackend()
        self._backend_reports: dict[tuple[str, str], BackendReport] = {}
        experiments = experiments or {}
        self._slots = {
            name: _Slot(
                experiments[name].control if name in experiments else version, experiments.get(name)
            )
            for name, version in requested.items()
        }
        self._assigner = assigner
        self._lock = threading.Lock()

    @property
    def names(self) -> list[str]:
        """The configured model names."""
        return list(self._slots)

    def load_all(self) -> None:
        """Load every configured model; failures are recorded, not raised."""
        for name in self._slots:
            self.load(name)

    def load(self, name: str, version: str | None = None) -> ModelStatus:
        """Verify, unpickle and warm `name` at `version` (default: its configured one).

        An explicit `version` becomes this process's configured one for `name`.
        Versions an experiment needs are loaded too. Nothing changes for requests until
        everything needed is ready; then the serving version is swapped in one step.
        """
        slot = self._slots[name]
        wanted = version or slot.requested
        started = time.perf_counter()
        try:
            primary = self._load_one(name, wanted)
            extras = {
                v: self._load_one(name, v) for v in slot.wanted_versions if v != primary.version
            }
        except _LoadFailed as failure:
            return self._record_failure(name, slot, failure)
        fingerprint = self._fingerprint(name, wanted)
        with self._lock:
            # An explicit version is pinned, so the watcher does not move it back.
            slot.requested = wanted
            slot.loaded = {primary.version: primary, **extras}
            slot.serving = primary.version
            slot.reason = slot.diagnosis = None
            slot.load_seconds = round(time.perf_counter() - started, 3)
            slot.fingerprint = fingerprint
        log.info("model_loaded", model=name, version=primary.version, seconds=slot.load_seconds)
        return self.status(name)

    def _load_one(self, name: str, version: str) -> VerifiedArtifact:
        try:
            artifact = load_verified(self.models_root / name, version)
            # Compile before warming up, so the warm-up exercises the path requests take.
            report = compile_model(artifact.model, self.backend, label=f"{name}/{artifact.version}")
            artifact.model.warmup()
        except (FileNotFoundError, IntegrityError, ValueError) as exc:
            raise _LoadFailed(self._public_reason(str(exc)), str(exc)) from exc
        except Exception as exc:  # a broken pickle can raise anything
            reason = f"failed to load: {type(exc).__name__}"
            raise _LoadFailed(reason, f"{reason} from {self.models_root / name}") from exc
        with self._lock:
            self._backend_reports[(name, artifact.version)] = report
        return artifact

    def _public_reason(self, reason: str) -> str:
        """The reason with paths relative to the models root: answers carry no server path."""
        for root in {str(self.models_root.resolve()), str(self.models_root)}:
            reason = reason.replace(root.rstrip("/") + "/", "").replace(root, "the models root")
        return _ABSOLUTE_PATH.sub(lambda match: match.group(1) or "a path", reason)

    def _fingerprint(self, name: str, wanted: str) -> tuple[str, str] | None:
        """(resolved version, hash of its metadata.json): changes when a deploy changes."""
        try:
            version = resolve_version(self.models_root / name, wanted)
            return version, sha256_of(self.models_root / name / version / METADATA_FILE)
        except (FileNotFoundError, ValueError, OSError):
            return None

    def _record_failure(self, name: str, slot: _Slot, failure: _LoadFailed) -> ModelStatus:
        reason = failure.reason
        with self._lock:
            if slot.serving is None:
                slot.reason, slot.diagnosis = reason, failure.diagnosis
        log.error("model_load_failed", model=name, reason=failure.diagnosis)
        return ModelStatus(
            name,
            slot.requested,
            ready=False,
            version=slot.serving,
            reason=reason,
            available_versions=list_versions(self.models_root / name),
        )

    def refresh(self) -> list[ModelStatus]:
        """Reload the models whose `latest` link or version files changed on disk."""
        changed = []
        for name, slot in self._slots.items():
            fingerprint = self._fingerprint(name, slot.requested)
            if fingerprint is not None and fingerprint != slot.fingerprint:
                changed.append(self.load(name))
        return changed

    def diagnosis(self, name: str) -> str | None:
        """Why `name` is not ready, naming the absolute paths searched (None when ready).

        For operators: the log, `check-models`, and readiness outside production. Answers
        to clients carry `status(name).reason`, whose paths are relative to the models root.
        """
        slot = self._slots[name]
        return None if slot.serving is not None else slot.diagnosis

    def get(self, name: str) -> VerifiedArtifact:
        """The serving artifact of `name`, or ModelUnavailableError."""
        slot = self._slots.get(name)
        if slot is None:
            raise ModelUnavailableError(name, "no such model is configured")
        serving = slot.serving
        if serving is None:
            raise ModelUnavailableError(name, slot.reason or "not loaded")
        return slot.loaded[serving]

    def choose(self, name: str, user_id: str | None) -> Choice:
        """The artifact for this user (sticky A/B group) and the shadow to run beside it."""
        control = self.get(name)
        experiment = self._slots[name].experiment
        if experiment is None or self._assigner is None:
            return Choice(control, None, None)
        loaded = self._slots[name].loaded
        group = self._assigner.group(name, experiment, user_id)
        artifact = control if group == CONTROL else loaded[experiment.treatment or ""]
        shadow = loaded.get(experiment.shadow) if experiment.shadow else None
        return Choice(artifact, group, shadow)

    def status(self, name: str) -> ModelStatus:
        """Readiness of one model."""
        slot = self._slots[name]
        experiment = slot.experiment
        return ModelStatus(
            name=name,
            requested_version=slot.requested,
            ready=slot.serving is not None,
            version=slot.serving,
            reason=slot.reason,
            load_seconds=slot.load_seconds,
            available_versions=list_versions(self.models_root / name),
            loaded_versions=sorted(slot.loaded),
            experiment=experiment.model_dump() if experiment else None,
            backends={
                version: self._backend_reports[(name, version)].as_dict()
                for version in sorted(slot.loaded)
                if (name, version) in self._backend_reports
            },
        )

    def statuses(self) -> list[ModelStatus]:
        """Readiness of every configured model."""
        return [self.status(name) for name in self._slots]

    @property
    def ready(self) -> bool:
        """True only when every configured model is loaded and warmed."""
        return all(slot.serving is not None for slot in self._slots.values())

    def describe(self, name: str) -> dict[str, Any]:
        """Status plus the metadata.json of every loaded version, for `/api/v1/models`."""
        status = self.status(name)
        loaded = self._slots[name].loaded
        metadata = {version: artifact.metadata for version, artifact in loaded.items()}
        serving = metadata.get(status.version or "")
        return {**status.__dict__, "metadata": serving, "versions_metadata": metadata}


class _LoadFailed(Exception):
    """One version could not be verified, loaded or warmed: the public reason and the
    operator's diagnosis (the same text with the absolute paths searched)."""

    def __init__(self, reason: str, diagnosis: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.diagnosis = diagnosis
