"""A/B tests and shadow versions, configured per model in `models/experiments.json`.

```json
{"pcos": {"control": "v2.1.0", "treatment": "v2.2.0", "treatment_share": 0.1,
          "shadow": "v2.3.0"}}
```
Assignment is sticky: a keyed hash of the user id puts each user in one bucket for good;
requests without a user id are assigned at random, one by one.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fembalance_ml.security.privacy import Pseudonymizer
from fembalance_ml.serving.artifacts import parse_version

BUCKETS = 10_000
CONTROL = "control"
TREATMENT = "treatment"


class Experiment(BaseModel):
    """One model's split between a control and a treatment version, plus a shadow."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    control: str
    treatment: str | None = None
    treatment_share: float = Field(0.0, ge=0.0, le=1.0)
    shadow: str | None = None

    @model_validator(mode="after")
    def _versions_are_versions(self) -> Experiment:
        for version in (self.control, self.treatment, self.shadow):
            if version is not None:
                parse_version(version)
        if self.treatment_share > 0 and self.treatment is None:
            raise ValueError("treatment_share > 0 needs a treatment version")
        return self

    @property
    def versions(self) -> list[str]:
        """Every version this experiment needs loaded."""
        return [v for v in (self.control, self.treatment, self.shadow) if v is not None]


def load_experiments(path: Path) -> dict[str, Experiment]:
    """Experiments by model name; an absent file means none."""
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    try:
        return {name: Experiment.model_validate(spec) for name, spec in raw.items()}
    except (ValidationError, AttributeError) as exc:
        raise ValueError(f"invalid experiments file {path}: {exc}") from exc


class Assigner:
    """Maps (model, user) to a group, the same group every time for the same user."""

    def __init__(self, pseudonymizer: Pseudonymizer, rng: random.Random | None = None) -> None:
        self._pseudonymizer = pseudonymizer
        self._rng = rng or random.Random()

    def group(self, model: str, experiment: Experiment, user_id: str | None) -> str:
        """`control` or `treatment`."""
        if experiment.treatment is None or experiment.treatment_share <= 0:
            return CONTROL
        if user_id:
            bucket = self._pseudonymizer.bucket(model, user_id, BUCKETS)
        else:
            bucket = self._rng.randrange(BUCKETS)
        return TREATMENT if bucket < experiment.treatment_share * BUCKETS else CONTROL
