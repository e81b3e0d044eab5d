"""The models tree on disk: `<root>/<name>/<version>/{model.pkl, metadata.json, ...}`.

Every version folder carries, in metadata.json, the SHA-256 of every other file in it.
Pickle runs code when it loads, so nothing is unpickled before those hashes match.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import joblib

MODEL_FILE = "model.pkl"
METADATA_FILE = "metadata.json"
LATEST_LINK = "latest"
_VERSION_RE = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
_TRAINING_LIBRARIES = ("numpy", "pandas", "scikit-learn", "scipy", "joblib")


class IntegrityError(Exception):
    """A version folder whose files do not match the hashes in its metadata.json."""


def parse_version(text: str) -> tuple[int, int, int]:
    """`v2.10.0` -> (2, 10, 0); raises ValueError for anything else."""
    match = _VERSION_RE.match(text)
    if match is None:
        raise ValueError(f"not a version folder name: {text!r}")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def list_versions(model_dir: Path) -> list[str]:
    """Version folders of one model, oldest first, compared as versions, not strings."""
    if not model_dir.is_dir():
        return []
    names = [p.name for p in model_dir.iterdir() if p.is_dir() and _VERSION_RE.match(p.name)]
    return sorted(names, key=parse_version)


def resolve_version(model_dir: Path, wanted: str) -> str:
    """The folder name for `wanted`: a version as given, or what `latest` points at."""
    if wanted != LATEST_LINK:
        parse_version(wanted)
        return wanted
    link = model_dir / LATEST_LINK
    if link.is_symlink() or link.is_dir():
        return link.resolve().name
    versions = list_versions(model_dir)
    if not versions:
        raise FileNotFoundError(f"no versions under {model_dir}")
    return versions[-1]


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_metadata(version_dir: Path) -> dict[str, Any]:
    """The parsed metadata.json of a version folder."""
    data = json.loads((version_dir / METADATA_FILE).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise IntegrityError(f"{METADATA_FILE} is not a JSON object")
    return data


def verify_files(version_dir: Path, metadata: Mapping[str, Any]) -> None:
    """Raise IntegrityError unless every file in the folder matches its recorded hash."""
    recorded = metadata.get("files")
    if not isinstance(recorded, dict) or MODEL_FILE not in recorded:
        raise IntegrityError(f"{METADATA_FILE} lists no hash for {MODEL_FILE}")
    present = {p.name for p in version_dir.iterdir() if p.is_file() and p.name != METADATA_FILE}
    if present != set(recorded):
        raise IntegrityError(
            f"files differ from metadata: unexpected {sorted(present - set(recorded))}, "
            f"missing {sorted(set(recorded) - present)}"
        )
    for name, expected in sorted(recorded.items()):
        if sha256_of(version_dir / name) != expected:
            raise IntegrityError(f"{name} does not match its SHA-256 in {METADATA_FILE}")


@dataclass(frozen=True)
class VerifiedArtifact:
    """A model object loaded only after its folder passed the hash check."""

    name: str
    version: str
    path: Path
    metadata: dict[str, Any]
    model: Any


def load_verified(model_dir: Path, wanted: str) -> VerifiedArtifact:
    """Resolve, verify every hash, then (and only then) unpickle model.pkl."""
    version = resolve_version(model_dir, wanted)
    version_dir = model_dir / version
    if not version_dir.is_dir():
        raise FileNotFoundError(f"version {version} not found under {model_dir}")
    metadata = read_metadata(version_dir)
    if metadata.get("version") != version:
        raise IntegrityError(f"{METADATA_FILE} names version {metadata.get('version')!r}")
    verify_files(version_dir, metadata)
    model = joblib.load(version_dir / MODEL_FILE)
    return VerifiedArtifact(model_dir.name, version, version_dir, metadata, model)


def library_versions() -> dict[str, str]:
    """Versions of the libraries a model was trained with, for metadata.json."""
    found = {"python": platform.python_version()}
    for name in _TRAINING_LIBRARIES:
        try:
            found[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return found


def write_version(
    models_root: Path,
    name: str,
    version: str,
    model: object,
    metadata: Mapping[str, Any],
    extra_files: Mapping[str, bytes] | None = None,
    *,
    set_latest: bool = True,
) -> Path:
    """Write a new version folder with its hashes, and point `latest` at it.

    `metadata` holds the model's own fields; this adds version, created_at (unless
    given), library versions and the SHA-256 of every file written.
    """
    parse_version(version)
    version_dir = models_root / name / version
    version_dir.mkdir(parents=True, exist_ok=True)
    for stale in version_dir.iterdir():
        if stale.is_file():
            stale.unlink()
    joblib.dump(model, version_dir / MODEL_FILE, compress=3)
    for file_name, content in (extra_files or {}).items():
        (version_dir / file_name).write_bytes(content)
    files = {p.name: sha256_of(p) for p in sorted(version_dir.iterdir()) if p.name != METADATA_FILE}
    full = {
        "name": name,
        "version": version,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "library_versions": library_versions(),
        **metadata,
        "files": files,
    }
    (version_dir / METADATA_FILE).write_text(
        json.dumps(full, indent=2, sort_keys=False) + "\n", encoding="utf-8"
    )
    if set_latest:
        point_latest(models_root / name, version)
    return version_dir


def point_latest(model_dir: Path, version: str) -> None:
    """Atomically repoint the relative `latest` link of a model at `version`."""
    temporary = model_dir / f".{LATEST_LINK}.tmp"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(version, target_is_directory=True)
    os.replace(temporary, model_dir / LATEST_LINK)
