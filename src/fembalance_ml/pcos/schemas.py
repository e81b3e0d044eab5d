"""Request and result models of POST /api/v1/predict/pcos (see docs/API.md).

The public response (`pcos.spec.PcosResponse`) is `PcosResult` plus the fields the
serving layer adds to every answer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from typing_extensions import TypedDict

from fembalance_ml.clinical.person import (
    Assumption,
    NoteParam,
    PersonContext,
    check_context_dates,
    check_menarche_before_age,
    cross_field_rules,
)
from fembalance_ml.i18n import Text
from fembalance_ml.pcos.features import PHYSIOLOGICAL_RANGES
from fembalance_ml.schema_types import (
    CLOCK_SKEW_DAYS,
    FieldRuleError,
    OpenCode,
    UserId,
    whole_number,
)

# The 422s of a PCOS request (in the `errors` catalog: error messages, whatever the model).
_NAMES = "Field names stay as they are."
NOT_A_FLAG = Text("errors.validation.not_a_flag", "must be true/false or 0/1")
MENARCHE_AFTER_AGE = Text(
    "errors.validation.menarche_after_age",
    "years_since_menarche cannot exceed age: check both are in years",
    _NAMES,
)
BMI_OUT_OF_RANGE = Text(
    "errors.validation.bmi_out_of_range",
    "height_cm and weight_kg give a BMI of {bmi:.1f}, outside {low:g}..{high:g}: "
    "check the units (cm and kg)",
    _NAMES,
)
NEVER_MENSTRUATED_PERIODS = Text(
    "errors.context_conflict.never_menstruated_features",
    "context.never_menstruated says there has been no period, but the features describe periods",
    _NAMES,
)
MENARCHE_DISAGREES = Text(
    "errors.context_conflict.years_since_menarche",
    "features.years_since_menarche and age minus context.age_at_menarche differ by "
    "more than {tolerance:g} year: check both",
    _NAMES,
)

# Years since menarche given and derived from age and age at menarche may differ by this
# much (ages are often given in whole years) before the request contradicts itself.
MENARCHE_TOLERANCE_YEARS = 1.0


def _binary_flag(value: object) -> bool:
    """Accept true/false or the integers 0/1 only: a 2 or "yes" is a mistake, not a yes."""
    # The common cases first, by exact type; subclasses take the general checks below.
    kind = type(value)
    if kind is bool:
        return value is True
    if kind is int and (value == 0 or value == 1):
        return value == 1
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(NOT_A_FLAG.render())


# true/false, or 0/1 as the v1 contract promised; the spec says both (an outside fuzzer
# would otherwise count an accepted 0 as a bug), and generated clients take a boolean.
BinaryFlag = Annotated[
    bool, BeforeValidator(_binary_flag, json_schema_input_type=bool | Literal[0, 1])
]


def _measure(name: str, description: str) -> Any:
    """An optional number within the physiological range of `name`; strings rejected."""
    low, high = PHYSIOLOGICAL_RANGES[name]
    return Field(None, strict=True, ge=low, le=high, allow_inf_nan=False, description=description)


_FOLLICLES = PHYSIOLOGICAL_RANGES["follicle_count_left"]
FollicleCount = Annotated[
    int,
    Field(strict=True, ge=int(_FOLLICLES[0]), le=int(_FOLLICLES[1])),
    BeforeValidator(whole_number),
]


class PcosFeatures(BaseModel):
    """Self-report answers (six required symptoms) and optional labs and ultrasound."""

    model_config = ConfigDict(extra="forbid")

    irregular_periods: BinaryFlag
    excess_hair_growth: BinaryFlag
    acne: BinaryFlag
    weight_gain: BinaryFlag
    hair_loss: BinaryFlag
    dark_skin_patches: BinaryFlag
    age: float | None = _measure("age", "years")
    bmi: float | None = _measure("bmi", "kg/m2; computed from height and weight if absent")
    height_cm: float | None = _measure("height_cm", "cm")
    weight_kg: float | None = _measure("weight_kg", "kg")
    cycle_length_days: float | None = _measure(
        "cycle_length_days", "typical days from one period start to the next"
    )
    period_length_days: float | None = _measure("period_length_days", "bleeding days")
    fast_food: BinaryFlag | None = None
    regular_exercise: BinaryFlag | None = None
    amh_ng_ml: float | None = _measure("amh_ng_ml", "anti-Mullerian hormone, ng/mL")
    fsh_miu_ml: float | None = _measure("fsh_miu_ml", "FSH, mIU/mL")
    lh_miu_ml: float | None = _measure("lh_miu_ml", "LH, mIU/mL")
    follicle_count_left: FollicleCount | None = Field(None, description="left ovary")
    follicle_count_right: FollicleCount | None = Field(None, description="right ovary")
    avg_follicle_size_left_mm: float | None = _measure("avg_follicle_size_left_mm", "mm")
    avg_follicle_size_right_mm: float | None = _measure("avg_follicle_size_right_mm", "mm")
    endometrium_mm: float | None = _measure("endometrium_mm", "endometrial thickness, mm")
    tsh_miu_l: float | None = _measure("tsh_miu_l", "TSH, mIU/L")
    prl_ng_ml: float | None = _measure("prl_ng_ml", "prolactin, ng/mL")
    waist_hip_ratio: float | None = _measure("waist_hip_ratio", "waist over hip")
    years_since_menarche: float | None = _measure(
        "years_since_menarche",
        "years since the first period; decides whether adolescent criteria apply "
        "(within 8 years); when absent, an age under 18 counts as within 8 years",
    )
    total_testosterone_nmol_l: float | None = _measure(
        "total_testosterone_nmol_l",
        "total testosterone, nmol/L (ng/dL divided by 28.84); feeds the "
        "hyperandrogenism criterion, not the score",
    )

    @model_validator(mode="after")
    def _menarche_after_birth(self) -> PcosFeatures:
        if (
            self.years_since_menarche is not None
            and self.age is not None
            and self.years_since_menarche > self.age
        ):
            raise ValueError(MENARCHE_AFTER_AGE.render())
        return self

    @model_validator(mode="after")
    def _bmi_from_height_and_weight(self) -> PcosFeatures:
        if self.bmi is not None or self.height_cm is None or self.weight_kg is None:
            return self
        bmi = self.weight_kg / (self.height_cm / 100.0) ** 2
        low, high = PHYSIOLOGICAL_RANGES["bmi"]
        if not low <= bmi <= high:
            raise ValueError(BMI_OUT_OF_RANGE.render(bmi=bmi, low=low, high=high))
        self.bmi = bmi
        return self


PCOS_RULES = cross_field_rules(
    ("value_error", "features.years_since_menarche is not above features.age"),
    ("value_error", "without bmi, height_cm and weight_kg give a BMI from 10 to 80"),
    ("after_as_of", "no context date is after UTC's today plus one day"),
    ("context_conflict", "context.age_at_menarche is not above features.age"),
    (
        "context_conflict",
        "features.years_since_menarche is within 1 year of features.age minus "
        "context.age_at_menarche",
    ),
    (
        "context_conflict",
        "context.never_menstruated comes without cycle_length_days, period_length_days "
        "or years_since_menarche",
    ),
    ("context_conflict", "context.delivery_date is not after context.pregnancy_start_date"),
)


class PcosRequest(BaseModel):
    """Body of POST /api/v1/predict/pcos."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=PCOS_RULES)

    user_id: UserId | None = None
    features: PcosFeatures
    context: PersonContext | None = Field(
        None,
        description="the person's situation (pregnancy, birth, contraception, HRT, "
        "menopause, menarche); see docs/CLINICAL.md for what each state changes",
    )

    @model_validator(mode="after")
    def _context_fits(self) -> PcosRequest:
        if self.context is None:
            return self  # every check below is about the context
        latest = datetime.now(UTC).date() + timedelta(days=CLOCK_SKEW_DAYS)
        check_context_dates(self.context, latest)
        check_menarche_before_age(self.context, self.features.age, ("features", "age"))
        _check_never_menstruated(self.context, self.features)
        _years_since_menarche_from_context(self.context, self.features)
        return self


def _check_never_menstruated(context: PersonContext | None, features: PcosFeatures) -> None:
    """Refuse period answers (cycle or period length, years since menarche) with
    `never_menstruated`: one of the two is wrong, and each changes the criteria."""
    if context is None or not context.never_menstruated:
        return
    given = [
        ("features", name)
        for name in ("cycle_length_days", "period_length_days", "years_since_menarche")
        if getattr(features, name) is not None
    ]
    if given:
        raise FieldRuleError(
            "context_conflict",
            NEVER_MENSTRUATED_PERIODS.render(),
            [("context", "never_menstruated"), *given],
        )


def _years_since_menarche_from_context(
    context: PersonContext | None, features: PcosFeatures
) -> None:
    """Fill `years_since_menarche` from age and age at menarche, or check they agree."""
    if context is None or context.age_at_menarche is None or features.age is None:
        return
    derived = features.age - context.age_at_menarche
    given = features.years_since_menarche
    if given is None:
        features.years_since_menarche = derived
    elif abs(given - derived) > MENARCHE_TOLERANCE_YEARS:
        raise FieldRuleError(
            "context_conflict",
            MENARCHE_DISAGREES.render(tolerance=MENARCHE_TOLERANCE_YEARS),
            [("context", "age_at_menarche"), ("features", "years_since_menarche")],
        )


class Contribution(TypedDict):
    """One feature's additive share of the score, in log-odds against the average patient.

    A typed dict rather than a model: a response carries up to 24 of them, and building
    that many model objects per request is measurable on the hot path. (pydantic needs
    typing_extensions' TypedDict on Python 3.11.)
    """

    feature: str
    value: float | None
    contribution: float


class Criteria(BaseModel):
    """Rotterdam criteria (2023 guideline); None when the answers cannot tell."""

    ovulatory_dysfunction: bool | None
    hyperandrogenism: bool | None
    polycystic_ovarian_morphology: bool | None


FlagCode = Literal[
    "two_or_more_criteria",
    "thyroid_check",
    "prolactin_check",
    "high_testosterone",
    "very_high_testosterone",
    "adolescent_criteria",
    "primary_amenorrhoea",
    "hormonal_contraception",
    "pregnancy",
    "postpartum",
    "menopause",
    "menopausal_transition",
]


class PcosFlag(BaseModel):
    """Something in the answers a clinician should look at, in plain language.

    `code` is stable; `params` holds the values the message names (the person's own
    values and the limits), so a client can word it in another language.
    """

    code: OpenCode[FlagCode]
    message: str
    params: dict[str, NoteParam] = Field(default_factory=dict)


RECOMMENDATION_CODES: tuple[str, ...] = (
    "risk_level_high",
    "risk_level_medium",
    "risk_level_low",
    "criteria_met",
    "ovulatory_dysfunction",
    "hyperandrogenism",
    "polycystic_ovarian_morphology",
    "self_reported_only",
    "lifestyle",
)
"""Codes of the recommendations of their own; a flag repeated as a recommendation keeps
its flag code (every `FlagCode` but two_or_more_criteria, which criteria_met words)."""


class RecommendationCode(TypedDict):
    """The stable code and the values of one recommendation, at its position in
    `recommendations`: what a client needs to word it in its own language."""

    code: Annotated[
        str,
        Field(
            description="stable code, an open set: "
            + ", ".join(RECOMMENDATION_CODES)
            + ", or the code of a flag the recommendation repeats"
        ),
    ]
    params: dict[str, NoteParam]


class PcosResult(BaseModel):
    """What the PCOS model says about one person: the answer without its envelope."""

    risk_score: float = Field(ge=0.0, le=1.0, description="calibrated probability of PCOS")
    risk_level: OpenCode[Literal["Low", "Medium", "High"]]
    confidence: float = Field(ge=0.0, le=1.0)
    key_factors: list[str]
    contributions: list[Contribution]
    criteria: Criteria
    criteria_met: int = Field(
        ge=0, le=3, description="criteria that could be assessed from the answers and are met"
    )
    flags: list[PcosFlag]
    variant: OpenCode[Literal["screening", "clinical"]]
    missing_features: list[str]
    recommendations: list[str]
    recommendation_codes: list[RecommendationCode] = Field(
        default_factory=list,
        description="each recommendation's code and values, in the order of recommendations",
    )
    assumptions: list[Assumption] = Field(
        default_factory=list,
        description="what the answer took for granted where the request was silent",
    )
