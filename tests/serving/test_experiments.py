"""A/B assignment: sticky per user, close to the configured share, and config parsing."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from fembalance_ml.security.privacy import Pseudonymizer
from fembalance_ml.serving.ab_assignment import Assigner, Experiment, load_experiments
from fembalance_ml.serving.artifacts import write_version
from fembalance_ml.serving.manager import ModelManager
from tests.serving.toy import ScaledSum

KEYS = Pseudonymizer(b"test-key")


def test_assignment_is_sticky_and_matches_the_share() -> None:
    experiment = Experiment(control="v1.0.0", treatment="v1.1.0", treatment_share=0.3)
    assigner = Assigner(KEYS)
    users = [f"user-{i}" for i in range(1000)]
    groups = [assigner.group("pcos", experiment, user) for user in users]
    again = [assigner.group("pcos", experiment, user) for user in users]
    assert groups == again
    share = groups.count("treatment") / len(groups)
    assert abs(share - 0.3) <= 0.02


def test_assignment_differs_between_models_and_keys() -> None:
    experiment = Experiment(control="v1.0.0", treatment="v1.1.0", treatment_share=0.5)
    users = [f"user-{i}" for i in range(200)]
    pcos = [Assigner(KEYS).group("pcos", experiment, u) for u in users]
    cycle = [Assigner(KEYS).group("cycle", experiment, u) for u in users]
    other_key = [Assigner(Pseudonymizer(b"other")).group("pcos", experiment, u) for u in users]
    assert pcos != cycle
    assert pcos != other_key


def test_anonymous_requests_are_split_per_request() -> None:
    experiment = Experiment(control="v1.0.0", treatment="v1.1.0", treatment_share=0.5)
    assigner = Assigner(KEYS, random.Random(7))
    groups = {assigner.group("pcos", experiment, None) for _ in range(50)}
    assert groups == {"control", "treatment"}


def test_experiments_file(tmp_path: Path) -> None:
    path = tmp_path / "experiments.json"
    assert load_experiments(path) == {}
    path.write_text(
        json.dumps(
            {
                "pcos": {
                    "control": "v1.0.0",
                    "treatment": "v1.2.0",
                    "treatment_share": 0.1,
                    "shadow": "v1.3.0",
                }
            }
        )
    )
    assert load_experiments(path)["pcos"].versions == ["v1.0.0", "v1.2.0", "v1.3.0"]
    path.write_text(json.dumps({"pcos": {"control": "1.0", "treatment_share": 0.1}}))
    with pytest.raises(ValueError, match="invalid experiments file"):
        load_experiments(path)


def test_manager_loads_every_experiment_version_and_routes(tmp_path: Path) -> None:
    for version, scale in (("v1.0.0", 1.0), ("v1.1.0", 2.0), ("v1.2.0", 3.0)):
        write_version(tmp_path, "toy", version, ScaledSum(scale), {})
    experiment = Experiment(
        control="v1.0.0", treatment="v1.1.0", treatment_share=0.5, shadow="v1.2.0"
    )
    manager = ModelManager(tmp_path, {"toy": "latest"}, {"toy": experiment}, Assigner(KEYS))
    manager.load_all()
    assert manager.status("toy").loaded_versions == ["v1.0.0", "v1.1.0", "v1.2.0"]
    choices = [manager.choose("toy", f"u{i}") for i in range(100)]
    assert {c.artifact.version for c in choices} == {"v1.0.0", "v1.1.0"}
    assert all(c.shadow is not None and c.shadow.version == "v1.2.0" for c in choices)
    assert all((c.group == "control") == (c.artifact.version == "v1.0.0") for c in choices)


def test_refresh_follows_the_latest_link(tmp_path: Path) -> None:
    write_version(tmp_path, "toy", "v1.0.0", ScaledSum(1.0), {})
    manager = ModelManager(tmp_path, {"toy": "latest"})
    manager.load_all()
    assert manager.refresh() == []
    write_version(tmp_path, "toy", "v1.1.0", ScaledSum(2.0), {})
    changed = manager.refresh()
    assert [s.version for s in changed] == ["v1.1.0"]
    assert manager.get("toy").model.predict([1.0]) == 2.0
