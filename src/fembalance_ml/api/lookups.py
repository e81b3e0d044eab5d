"""The answers of the lookup GETs as types, so the spec and the generated clients know them.

`/api/v1/symptoms`, `/api/v1/pcos/features`, `/api/v1/models` and
`/api/v1/experiments/{name}` are built as plain dicts by the code that owns their content
(the vocabulary, the feature labels, the model manager, the experiment report); these
models are their published shape. What is genuinely open-ended stays a free object and
says so: a version's metadata.json, an A/B test's settings, a backend's details. Kinds and
verdicts are open codes (schema_types.OpenCode): a later version may add one.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from fembalance_ml.ledger.verdicts import Verdict
from fembalance_ml.schema_types import OpenCode
from fembalance_ml.symptoms.vocabulary import SymptomKind


class SymptomTerm(BaseModel):
    """One loggable symptom: its name in requests, a label, its DRSP item and domain."""

    name: str
    label: str
    kind: OpenCode[SymptomKind]
    drsp_item: int | None = Field(description="DRSP item number (1-21); null for physical")
    domain: str | None = Field(description="DSM-5 PMDD domain of a DRSP item; null otherwise")


class SeverityScale(BaseModel):
    """The 1-6 DRSP severity scale every log's `severity` is on."""

    min: int
    max: int
    labels: dict[str, str] = Field(description="each level, as a string, to its wording")
    source: str


class SymptomVocabulary(BaseModel):
    """Answer of GET /api/v1/symptoms."""

    symptoms: list[SymptomTerm]
    severity_scale: SeverityScale


FeatureGroup = Literal[
    "symptom", "lifestyle", "exclusion_lab", "ultrasound_or_amh", "lab", "measure"
]


class PcosFeatureInfo(BaseModel):
    """One input of POST /api/v1/predict/pcos, for building a form."""

    name: str = Field(description="the input's name in requests; also the label's code")
    label: str = Field(description="in the answer's language")
    unit: str = Field(description="empty for a yes/no answer; in the answer's language")
    unit_code: str = Field(
        description="the unit's stable code: `years`, `days`, `count`, a symbol such as "
        "`kg/m²`, or empty for a yes/no answer"
    )
    type: OpenCode[Literal["boolean", "integer", "number"]]
    required: bool
    minimum: float | None
    maximum: float | None
    group: OpenCode[FeatureGroup]
    feeds_score: bool = Field(description="whether the risk score reads it (else: flags only)")


class PcosFeatureListing(BaseModel):
    """Answer of GET /api/v1/pcos/features, in request order."""

    features: list[PcosFeatureInfo]


class ModelInfo(BaseModel):
    """One configured model: what is asked, what serves, and each loaded version's
    metadata.json (free objects: a model's metadata is its trainer's)."""

    name: str
    requested_version: str
    ready: bool
    version: str | None
    reason: str | None
    load_seconds: float | None
    available_versions: list[str]
    loaded_versions: list[str]
    experiment: dict[str, Any] | None = Field(description="the model's A/B test, if any")
    backends: dict[str, dict[str, Any]] = Field(description="inference backend per version")
    metadata: dict[str, Any] | None = Field(description="the serving version's metadata.json")
    versions_metadata: dict[str, dict[str, Any]]


class ModelListing(BaseModel):
    """Answer of GET /api/v1/models."""

    models: list[ModelInfo]


class Figure(BaseModel):
    """A statistic and its 95% bootstrap interval; null without outcomes."""

    value: float | None
    ci95: list[float] | None = Field(min_length=2, max_length=2)


class ArmId(BaseModel):
    """A served version in an experiment group (null group: not in an A/B test)."""

    version: str
    group: str | None


class ArmReport(ArmId):
    """One arm's predictions, outcomes and figures (named by the model's outcome)."""

    predictions: int
    outcomes: int
    figures: dict[str, Figure]


class ArmComparison(BaseModel):
    """A challenger against the control on the model's loss (lower is better)."""

    challenger: ArmId
    control: ArmId
    loss_difference: Figure
    verdict: OpenCode[Verdict]
    outcomes_still_needed: int | None


class ReportMethod(BaseModel):
    """How the intervals were computed, and how long an answer is reused."""

    interval: str
    bootstrap_samples: int
    min_outcomes_per_arm: int
    bootstrap_outcomes_cap: int
    above_cap: str
    cache_seconds: float


class ExperimentReport(BaseModel):
    """Answer of GET /api/v1/experiments/{name}."""

    model: str
    loss: str | None = Field(description="the loss the verdicts compare; null: no outcome")
    computed_at: str = Field(description="UTC, ISO 8601 with a Z")
    method: ReportMethod
    arms: list[ArmReport]
    comparisons: list[ArmComparison]
