"""The person's context: one optional object every prediction request may carry.

A period log says little on its own: the same 60-day gap means one thing in a woman
breastfeeding, another on a progestogen-only implant, another at 52. The context says who
the answer is for. Every field is optional; a request without it answers as before, and
each answer lists in `assumptions` what it took for granted (docs/CLINICAL.md, "Person's
context", gives what each state changes in each model and why).

The context itself holds no rule: `situation.Situation` derives what the rules need.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from fembalance_ml.i18n import Text
from fembalance_ml.schema_types import FieldRuleError, IsoDate

_NAMES = "Field names and `values` stay as they are."
# The `context_conflict` messages (in the `errors` catalog: they answer a 422).
CONFLICTS = {
    name: Text(f"errors.context_conflict.{name}", template, _NAMES)
    for name, template in (
        ("pregnancy_start_date", "pregnancy_start_date needs pregnancy `pregnant`"),
        ("menopause_date", "menopause_date needs menopause `natural` or `surgical`"),
        (
            "never_menstruated_menarche",
            "never_menstruated and age_at_menarche cannot both be given",
        ),
        ("pregnant_menopause", "a pregnancy and a menopause cannot both hold"),
        (
            "delivery_in_pregnancy",
            "a delivery after the current pregnancy began ends that pregnancy",
        ),
        (
            "menarche_after_age",
            "context.age_at_menarche cannot exceed age: check both are in years",
        ),
        ("never_menstruated_periods", "context.never_menstruated contradicts the logged periods"),
    )
}
AFTER_AS_OF = Text(
    "errors.after_as_of.context",
    "{count} context date(s) after as_of (or today when it is left out)",
    _NAMES,
)

Pregnancy = Literal["not_pregnant", "possibly_pregnant", "pregnant"]
Breastfeeding = Literal["no", "partially", "fully"]
Contraception = Literal[
    "none",
    "combined_hormonal",
    "progestogen_only_pill",
    "implant",
    "injection",
    "hormonal_ius",
    "copper_iud",
]
Hrt = Literal["none", "sequential", "continuous"]
Menopause = Literal["no", "perimenopause", "natural", "surgical"]

# Methods whose hormones change the bleeding pattern (FSRH): the bleeds are not a natural
# cycle's, so a natural cycle's limits and forecast do not apply to them.
HORMONAL_METHODS: frozenset[str] = frozenset(
    {"combined_hormonal", "progestogen_only_pill", "implant", "injection", "hormonal_ius"}
)
MENARCHE_MIN_AGE = 7.0
MENARCHE_MAX_AGE = 25.0

AgeAtMenarche = Annotated[
    float,
    Field(strict=True, ge=MENARCHE_MIN_AGE, le=MENARCHE_MAX_AGE, allow_inf_nan=False),
]
NoteParam = str | int | float | bool | list[str]


_SET = {"not": {"type": "null"}}
_MENOPAUSE_DATED = ["natural", "surgical"]
# The contradictions `_consistent` refuses that JSON Schema can state, as one `not`
# (generated clients ignore it; validators and fuzzers apply it). A delivery after the
# pregnancy began compares two dates, which JSON Schema cannot: it stays in words.
CONTEXT_CONFLICTS: dict[str, Any] = {
    "anyOf": [
        {
            "required": ["pregnancy_start_date"],
            "properties": {
                "pregnancy_start_date": _SET,
                "pregnancy": {"not": {"const": "pregnant"}},
            },
        },
        {
            "required": ["menopause_date"],
            "properties": {
                "menopause_date": _SET,
                "menopause": {"not": {"enum": _MENOPAUSE_DATED}},
            },
        },
        {
            "required": ["never_menstruated", "age_at_menarche"],
            "properties": {"never_menstruated": {"const": True}, "age_at_menarche": _SET},
        },
        {
            "required": ["pregnancy", "menopause"],
            "properties": {
                "pregnancy": {"const": "pregnant"},
                "menopause": {"enum": _MENOPAUSE_DATED},
            },
        },
    ]
}


def cross_field_rules(*rules: tuple[str, str]) -> dict[str, Any]:
    """The `x-cross-field-rules` extension: rules between values that JSON Schema cannot
    state (comparisons of dates or numbers), each the `type` its 422 detail carries and a
    sentence. Fuzzers cannot apply them; readers and client validators can."""
    return {"x-cross-field-rules": [{"type": kind, "rule": rule} for kind, rule in rules]}


# The context rules of every request that carries a context, as the extension says them.
CONTEXT_RULES = (
    ("context_conflict", "context.delivery_date is not after context.pregnancy_start_date"),
    ("context_conflict", "context.age_at_menarche is not above the person's age"),
)

# A request that logs periods refuses `never_menstruated: true` (check_context_for_periods);
# as JSON Schema, for the request types of /cycle and /symptoms.
NEVER_MENSTRUATED_WITH_PERIODS: dict[str, Any] = {
    "not": {
        "required": ["context"],
        "properties": {
            "context": {
                "type": "object",
                "required": ["never_menstruated"],
                "properties": {"never_menstruated": {"const": True}},
            }
        },
    }
}


class PersonContext(BaseModel):
    """What the person has told the app about her situation; every field is optional."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"not": CONTEXT_CONFLICTS})

    pregnancy: Pregnancy | None = Field(
        None,
        description="`pregnant`, `possibly_pregnant` (e.g. unprotected sex since the last "
        "period) or `not_pregnant`; when absent, answers say they could not rule it out",
    )
    pregnancy_start_date: IsoDate | None = Field(
        None,
        description="with `pregnant`: the first day of the last period before the "
        "pregnancy (how pregnancies are dated)",
    )
    delivery_date: IsoDate | None = Field(
        None, description="the day of the most recent birth (postpartum)"
    )
    breastfeeding: Breastfeeding | None = Field(
        None, description="`fully` (no other milk or food), `partially` or `no`"
    )
    contraception: Contraception | None = Field(
        None,
        description="the current method: `combined_hormonal` (pill, patch or ring), "
        "`progestogen_only_pill`, `implant`, `injection`, `hormonal_ius`, `copper_iud`, `none`",
    )
    contraception_start_date: IsoDate | None = Field(
        None, description="the day the current method was started"
    )
    emergency_contraception_date: IsoDate | None = Field(
        None, description="the day emergency contraception was last taken, if in this cycle"
    )
    hrt: Hrt | None = Field(
        None,
        description="hormone replacement therapy: `sequential` (a monthly bleed is "
        "expected), `continuous` (continuous combined or oestrogen only) or `none`",
    )
    menopause: Menopause | None = Field(
        None,
        description="`natural` (12 months without a period), `surgical` (both ovaries "
        "removed), `perimenopause`, or `no`",
    )
    menopause_date: IsoDate | None = Field(
        None,
        description="with `natural`: the first day of the last natural period; with "
        "`surgical`: the day of the operation",
    )
    age_at_menarche: AgeAtMenarche | None = Field(
        None, description="age in years at the first period"
    )
    never_menstruated: StrictBool | None = Field(
        None, description="true when the person has never had a period"
    )

    @model_validator(mode="after")
    def _consistent(self) -> PersonContext:
        if self.pregnancy_start_date is not None and self.pregnancy != "pregnant":
            _conflict(
                CONFLICTS["pregnancy_start_date"].render(),
                ("pregnancy_start_date",),
                ("pregnancy",),
            )
        if self.menopause_date is not None and self.menopause not in ("natural", "surgical"):
            _conflict(
                CONFLICTS["menopause_date"].render(),
                ("menopause_date",),
                ("menopause",),
            )
        if self.never_menstruated and self.age_at_menarche is not None:
            _conflict(
                CONFLICTS["never_menstruated_menarche"].render(),
                ("never_menstruated",),
                ("age_at_menarche",),
            )
        if self.pregnancy == "pregnant" and self.menopause in ("natural", "surgical"):
            _conflict(CONFLICTS["pregnant_menopause"].render(), ("pregnancy",), ("menopause",))
        if (
            self.pregnancy_start_date is not None
            and self.delivery_date is not None
            and self.delivery_date > self.pregnancy_start_date
        ):
            _conflict(
                CONFLICTS["delivery_in_pregnancy"].render(),
                ("pregnancy_start_date",),
                ("delivery_date",),
            )
        return self

    def dates(self) -> list[tuple[str, date]]:
        """Every date the context states, by field name."""
        named = (
            ("pregnancy_start_date", self.pregnancy_start_date),
            ("delivery_date", self.delivery_date),
            ("contraception_start_date", self.contraception_start_date),
            ("emergency_contraception_date", self.emergency_contraception_date),
            ("menopause_date", self.menopause_date),
        )
        return [(name, day) for name, day in named if day is not None]


def _conflict(message: str, *locations: tuple[str | int, ...]) -> None:
    raise FieldRuleError("context_conflict", message, locations)


def check_context_dates(
    context: PersonContext | None, latest: date, at: tuple[str | int, ...] = ("context",)
) -> None:
    """Raise FieldRuleError at every context date after `latest` (the request's `as_of`).

    Locations are relative to the request (`context.delivery_date`); no date is quoted.
    """
    if context is None:
        return
    late = [(*at, name) for name, day in context.dates() if day > latest]
    if late:
        raise FieldRuleError(
            "after_as_of",
            AFTER_AS_OF.render(count=len(late)),
            late,
            {"count": len(late)},
        )


def check_menarche_before_age(
    context: PersonContext | None, age: float | None, at: tuple[str | int, ...]
) -> None:
    """Raise FieldRuleError when the age at menarche is above the person's age."""
    if context is None or context.age_at_menarche is None or age is None:
        return
    if context.age_at_menarche > age:
        raise FieldRuleError(
            "context_conflict",
            CONFLICTS["menarche_after_age"].render(),
            [("context", "age_at_menarche"), at],
        )


def check_context_for_periods(
    context: PersonContext | None, age: float | None, latest: date | None
) -> None:
    """The context checks of a request that logs periods (/cycle, /symptoms).

    Dates not after `latest` (the request's `as_of`, when known), the age at menarche not
    above `age`, and `never_menstruated` refused beside a period log.
    """
    if latest is not None:
        check_context_dates(context, latest)
    check_menarche_before_age(context, age, ("age",))
    if context is not None and context.never_menstruated:
        raise FieldRuleError(
            "context_conflict",
            CONFLICTS["never_menstruated_periods"].render(),
            [("context", "never_menstruated"), ("cycles",)],
        )


class Assumption(BaseModel):
    """What an answer took for granted because the request did not say it.

    `code` is stable, `params` holds the values the message mentions, so a client can
    word it in another language; `message` is the English text.
    """

    code: str
    message: str
    params: dict[str, NoteParam] = Field(default_factory=dict)
