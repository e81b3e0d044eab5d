"""The ModelManager: finds, verifies, loads and warms each configured model.

A model that is missing, corrupt or fails to load or warm up is kept as *not ready* with
the reason; it is never replaced by a dummy or a fallback. Requests for it get a 503 from
the API layer, and `/health/ready` reports why.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog

from src.serving.artifacts import (
    IntegrityError,
    VerifiedArtifact,
    list_versions,
    load_verified,
)

log = structlog.get_logger(__name__)


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


@dataclass
class _Slot:
    requested: str
    artifact: VerifiedArtifact | None = None
    reason: str | None = "not loaded yet"
    load_seconds: float | None = None


class ModelManager:
    """Holds one verified artifact per configured model name."""

    def __init__(self, models_root: Path, requested: Mapping[str, str]) -> None:
        self.models_root = models_root
        self._slots = {name: _Slot(version) for name, version in requested.items()}
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
        """Verify, unpickle and warm `name` (at `version` or its configured one).

        The new artifact replaces the old only once it is fully ready, so a failed load
        leaves whatever was serving in place.
        """
        slot = self._slots[name]
        wanted = version or slot.requested
        started = time.perf_counter()
        try:
            artifact = load_verified(self.models_root / name, wanted)
            artifact.model.warmup()
        except (FileNotFoundError, IntegrityError, ValueError) as exc:
            return self._record_failure(name, slot, str(exc))
        except Exception as exc:  # a broken pickle can raise anything
            return self._record_failure(name, slot, f"failed to load: {type(exc).__name__}")
        with self._lock:
            slot.artifact = artifact
            slot.reason = None
            slot.load_seconds = round(time.perf_counter() - started, 3)
        log.info("model_loaded", model=name, version=artifact.version, seconds=slot.load_seconds)
        return self.status(name)

    def _record_failure(self, name: str, slot: _Slot, reason: str) -> ModelStatus:
        with self._lock:
            if slot.artifact is None:
                slot.reason = reason
        log.error("model_load_failed", model=name, reason=reason)
        return ModelStatus(
            name,
            slot.requested,
            ready=False,
            reason=reason,
            available_versions=list_versions(self.models_root / name),
        )

    def get(self, name: str) -> VerifiedArtifact:
        """The serving artifact of `name`, or ModelUnavailableError."""
        slot = self._slots.get(name)
        if slot is None:
            raise ModelUnavailableError(name, "no such model is configured")
        artifact = slot.artifact
        if artifact is None:
            raise ModelUnavailableError(name, slot.reason or "not loaded")
        return artifact

    def status(self, name: str) -> ModelStatus:
        """Readiness of one model."""
        slot = self._slots[name]
        artifact = slot.artifact
        return ModelStatus(
            name=name,
            requested_version=slot.requested,
            ready=artifact is not None,
            version=artifact.version if artifact else None,
            reason=slot.reason,
            load_seconds=slot.load_seconds,
            available_versions=list_versions(self.models_root / name),
        )

    def statuses(self) -> list[ModelStatus]:
        """Readiness of every configured model."""
        return [self.status(name) for name in self._slots]

    @property
    def ready(self) -> bool:
        """True only when every configured model is loaded and warmed."""
        return all(slot.artifact is not None for slot in self._slots.values())

    def describe(self, name: str) -> dict[str, Any]:
        """Status plus the metadata.json of the serving version, for `/api/v1/models`."""
        status = self.status(name)
        slot = self._slots[name]
        metadata = slot.artifact.metadata if slot.artifact else None
        return {**status.__dict__, "metadata": metadata}
