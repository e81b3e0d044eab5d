"""Request and result models of POST /api/v1/predict/symptoms (names fixed by API.md).

The public response (`symptoms.spec.SymptomResponse`) is `SymptomResult` plus the fields
the serving layer adds to every answer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from fembalance_ml.clinical.person import (
    CONTEXT_RULES,
    NEVER_MENSTRUATED_WITH_PERIODS,
    Assumption,
    NoteParam,
    PersonContext,
    check_context_for_periods,
    cross_field_rules,
)
from fembalance_ml.cycle.schemas import check_starts_apart
from fembalance_ml.i18n import Text
from fembalance_ml.schema_types import (
    CLOCK_SKEW_DAYS,
    FieldRuleError,
    IsoDate,
    OpenCode,
    UserId,
    quote,
    whole_number,
)
from fembalance_ml.symptoms.vocabulary import (
    ALL_SYMPTOMS,
    SEVERITY_MAX,
    SEVERITY_MIN,
    is_known_symptom,
)

# The 422s of a symptom request (in the `errors` catalog).
UNKNOWN_SYMPTOM = Text(
    "errors.validation.unknown_symptom",
    "unknown symptom {symptom}; valid symptoms: {valid}",
    "{symptom}: what was sent, quoted; {valid}: the symptom codes, as they are.",
)
TOO_MANY_LOGS = Text(
    "errors.validation.too_many_logs", "at most {maximum} log entries, got {count}"
)
AFTER_AS_OF = Text(
    "errors.after_as_of.symptoms",
    "{count} date(s) after as_of (or today when it is left out)",
    "as_of is a field name.",
)
DUPLICATE_LOG = Text(
    "errors.duplicate_log",
    "two logs of {symptom} on the same day; send one per day",
    "{symptom}: a symptom code, as it is.",
)

MAX_LOGS = 20_000
MAX_CYCLES = 1_000


Severity = Annotated[
    int, Field(strict=True, ge=SEVERITY_MIN, le=SEVERITY_MAX), BeforeValidator(whole_number)
]
PeriodLength = Annotated[int, Field(strict=True, ge=1, le=31), BeforeValidator(whole_number)]


class CycleStart(BaseModel):
    """A logged period start (a menses onset)."""

    model_config = ConfigDict(extra="forbid")

    start_date: IsoDate
    period_length_days: PeriodLength | None = None


class SymptomLog(BaseModel):
    """One day's rating of one symptom, 1 (not at all) to 6 (extreme)."""

    model_config = ConfigDict(extra="forbid")

    date: IsoDate
    # The enum publishes the vocabulary in the spec; the validator words the error.
    symptom: str = Field(json_schema_extra={"enum": [s.name for s in ALL_SYMPTOMS]})
    severity: Severity

    @field_validator("symptom")
    @classmethod
    def _known(cls, value: str) -> str:
        if not is_known_symptom(value):
            valid = ", ".join(symptom.name for symptom in ALL_SYMPTOMS)
            raise ValueError(UNKNOWN_SYMPTOM.render(symptom=quote(value), valid=valid))
        return value


class SymptomRequest(BaseModel):
    """Period starts, daily symptom logs and the day the analysis is made for."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            **NEVER_MENSTRUATED_WITH_PERIODS,
            **cross_field_rules(
                ("starts_too_close", "period starts are at least 10 days apart"),
                (
                    "after_as_of",
                    "no period start, log or context date is after as_of (UTC's today plus "
                    "one day when as_of is left out)",
                ),
                ("duplicate_log", "one log per symptom and day"),
                *CONTEXT_RULES,
            ),
        },
    )

    user_id: UserId | None = None
    cycles: list[CycleStart] = Field(min_length=1, max_length=MAX_CYCLES)
    logs: list[SymptomLog] = Field(default_factory=list)
    as_of: IsoDate | None = None
    age: float | None = Field(
        default=None,
        ge=8,
        le=70,
        strict=True,
        description="years; selects adolescent (ACOG CO 651) or adult (FIGO 2018) limits",
    )
    context: PersonContext | None = Field(
        None,
        description="the person's situation (pregnancy, birth, contraception, HRT, "
        "menopause, menarche); see docs/CLINICAL.md for what each state changes",
    )

    @field_validator("logs", mode="before")
    @classmethod
    def _not_too_many(cls, value: object) -> object:
        if isinstance(value, list) and len(value) > MAX_LOGS:
            raise ValueError(TOO_MANY_LOGS.render(maximum=MAX_LOGS, count=len(value)))
        return value

    @model_validator(mode="after")
    def _consistent(self) -> SymptomRequest:
        # A start logged twice is 0 days from itself: refused here, not merged.
        check_starts_apart(
            [(cycle.start_date, index) for index, cycle in enumerate(self.cycles)], ("cycles",)
        )
        latest_allowed = self.as_of or (datetime.now(UTC).date() + timedelta(CLOCK_SKEW_DAYS))
        late = [
            *(
                ("cycles", i, "start_date")
                for i, c in enumerate(self.cycles)
                if c.start_date > latest_allowed
            ),
            *(("logs", i, "date") for i, log in enumerate(self.logs) if log.date > latest_allowed),
        ]
        if late:
            raise FieldRuleError(
                "after_as_of", AFTER_AS_OF.render(count=len(late)), late, {"count": len(late)}
            )
        check_context_for_periods(self.context, self.age, latest_allowed)
        seen: dict[tuple[date, str], int] = {}
        for index, log in enumerate(self.logs):
            first = seen.setdefault((log.date, log.symptom), index)
            if first != index:
                raise FieldRuleError(
                    "duplicate_log",
                    DUPLICATE_LOG.render(symptom=log.symptom),
                    [("logs", first), ("logs", index)],
                )
        return self


ScreenResult = Literal["pmdd", "mrmd", "pme", "no_diagnosis", "insufficient_data"]


class TextPart(BaseModel):
    """One sentence of a text field as a stable code and the values it names.

    The code is the sentence's catalog key without its domain (`symptoms.`); `params`
    holds what the sentence says as data (ISO dates, counts, codes), so a client can word
    the sentence itself instead of showing the rendered one.
    """

    code: str = Field(description="the sentence's stable code (open: new codes may appear)")
    params: dict[str, NoteParam] = Field(default_factory=dict)


class ScreenedCycle(BaseModel):
    """One menses onset with ratings around it, and its C-PASS cycle result."""

    start_date: date
    included: bool
    result: OpenCode[ScreenResult]
    domains_met: int


class PmddScreen(BaseModel):
    """The C-PASS premenstrual screen over the logged DRSP items."""

    result: OpenCode[ScreenResult]
    cycles_evaluated: int
    cycles: list[ScreenedCycle]
    symptoms_meeting_criteria: list[str] = Field(
        description="DRSP items meeting the PMDD item criterion in at least one evaluated cycle"
    )
    method: OpenCode[Literal["C-PASS"]] = "C-PASS"
    message: str | None = None
    notes: list[Assumption] = Field(
        default_factory=list,
        description="what the person's context changes in reading the screen (pregnancy, "
        "hormonal contraception), each a stable `code` with its `params`; also said in "
        "`message`",
    )
    message_codes: list[TextPart] = Field(
        default_factory=list,
        description="the sentences of `message`, in order, each a code with its params: the "
        "result's (`pmdd_screen.<result>`, `pmdd_screen.insufficient_cycles`, "
        "`pmdd_screen.core_items_missing`) then each note's (the codes of `notes`)",
    )


class SymptomPattern(BaseModel):
    """How one symptom varies across the cycle."""

    symptom: str
    n_logs: int
    premenstrual_mean: float | None
    postmenstrual_mean: float | None
    peak_phase: str | None
    cyclical: bool


class RedFlag(BaseModel):
    """A pattern that guidelines say merits a clinician's view."""

    code: str
    evidence: list[str]
    guidance: str
    source: str
    params: dict[str, NoteParam] = Field(
        default_factory=dict,
        description="the values the evidence and guidance name (dates, counts, thresholds); "
        "for a code several rules raise (`urgent_care`, `crisis_support`), `rules` names "
        "those that fired and each rule's values are under `<rule>.<name>`",
    )
    evidence_codes: list[TextPart] = Field(
        default_factory=list,
        description="`evidence` line by line (same order and length), each a code "
        "(`evidence.<name>`) with the values it names",
    )
    guidance_codes: list[TextPart] = Field(
        default_factory=list,
        description="the sentences of `guidance`, in order, each a code with its params "
        "(`<flag code>[.<rule>][.<variant>]`; a bleeding rule's, from the rules /cycle "
        "shares, has the shared rule's code)",
    )


class ForecastEntry(BaseModel):
    """One likely symptom on one of the 7 days after as_of."""

    date: date
    symptom: str
    probability: float = Field(ge=0.0, le=1.0)
    expected_severity: float = Field(
        description="the point forecast of the rating (from v1.3.0: the predictive median)"
    )
    mean_severity: float | None = Field(
        default=None, description="the mean of the predictive distribution (from v1.3.0)"
    )


class SymptomResult(BaseModel):
    """What the symptom model says about one person: the analysis without its envelope."""

    pmdd_screen: PmddScreen
    patterns: list[SymptomPattern]
    red_flags: list[RedFlag]
    forecast: list[ForecastEntry]
    assumptions: list[Assumption] = Field(
        default_factory=list,
        description="what the answer took for granted where the request was silent "
        "(`context_not_stated`, `age_not_stated`), and why there is no forecast when the "
        "context leaves no cycle to project (`no_symptom_forecast`)",
    )
