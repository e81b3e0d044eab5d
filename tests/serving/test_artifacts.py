"""The models tree: version ordering, `latest`, and the hash check before unpickling."""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import pytest

from fembalance_ml.serving import artifacts
from fembalance_ml.serving.artifacts import (
    IntegrityError,
    list_versions,
    load_verified,
    resolve_version,
    write_version,
)
from tests.serving.toy import ScaledSum


def test_versions_sort_as_versions_not_strings(tmp_path: Path) -> None:
    for name in ("v1.10.0", "v1.2.0", "v1.9.3", "notes", "v2.0.0"):
        (tmp_path / name).mkdir()
    assert list_versions(tmp_path) == ["v1.2.0", "v1.9.3", "v1.10.0", "v2.0.0"]


def test_write_then_load_round_trip(tmp_path: Path) -> None:
    write_version(
        tmp_path,
        "toy",
        "v1.0.0",
        ScaledSum(2.0),
        {"model_type": "toy"},
        {"MODEL_CARD.md": b"# card\n"},
    )
    loaded = load_verified(tmp_path / "toy", "latest")
    assert loaded.version == "v1.0.0"
    assert loaded.model.predict([1.0, 2.0]) == 6.0
    assert set(loaded.metadata["files"]) == {"model.pkl", "MODEL_CARD.md"}
    assert loaded.metadata["library_versions"]["python"].startswith("3.")


def test_latest_follows_newest_write(tmp_path: Path) -> None:
    for version in ("v1.0.0", "v1.1.0"):
        write_version(tmp_path, "toy", version, ScaledSum(1.0), {})
    assert resolve_version(tmp_path / "toy", "latest") == "v1.1.0"
    assert (tmp_path / "toy" / "latest").is_symlink()
    assert resolve_version(tmp_path / "toy", "v1.0.0") == "v1.0.0"


def test_tampered_pickle_is_refused(tmp_path: Path) -> None:
    folder = write_version(tmp_path, "toy", "v1.0.0", ScaledSum(1.0), {})
    joblib.dump(ScaledSum(1000.0), folder / "model.pkl")
    with pytest.raises(IntegrityError, match=r"model\.pkl does not match"):
        load_verified(tmp_path / "toy", "v1.0.0")


def test_unlisted_extra_file_is_refused(tmp_path: Path) -> None:
    folder = write_version(tmp_path, "toy", "v1.0.0", ScaledSum(1.0), {})
    (folder / "extra.pkl").write_bytes(b"x")
    with pytest.raises(IntegrityError, match="unexpected"):
        load_verified(tmp_path / "toy", "v1.0.0")


def test_metadata_without_hashes_is_refused(tmp_path: Path) -> None:
    folder = write_version(tmp_path, "toy", "v1.0.0", ScaledSum(1.0), {})
    meta = json.loads((folder / "metadata.json").read_text())
    del meta["files"]
    (folder / "metadata.json").write_text(json.dumps(meta))
    with pytest.raises(IntegrityError, match="no hash"):
        load_verified(tmp_path / "toy", "v1.0.0")


def test_hashes_are_checked_before_unpickling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_version(tmp_path, "toy", "v1.0.0", ScaledSum(1.0), {})
    (folder / "model.pkl").write_bytes(b"not what was hashed")
    calls: list[Path] = []
    monkeypatch.setattr(artifacts.joblib, "load", lambda path: calls.append(path))
    with pytest.raises(IntegrityError):
        load_verified(tmp_path / "toy", "v1.0.0")
    assert calls == []


def test_bad_version_names_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a version"):
        resolve_version(tmp_path, "2.1")
    with pytest.raises(FileNotFoundError):
        resolve_version(tmp_path / "absent", "latest")
