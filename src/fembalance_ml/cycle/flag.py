"""The shape of a cycle flag, and which flags make the current cycle one not to forecast.

Every cycle rule (rules.py, timing.py, bleeding_flags.py, context_flags.py) answers with
`Flag`s: a stable code, the message in the request's language, and the values the message
names as `params`, so a client can also word it itself. `said` renders a flag's sentences
(`Text`s, fembalance_ml.i18n) from its params, so a message can only name values the params hold.
The service turns them into the response's `FlagOut`s in the order the rules give them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fembalance_ml.clinical.bleeding import Finding
from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.i18n import Text

# With any of these the current cycle is not a normal one: its dates are not predicted
# (phase `unknown`, no ovulation, fertile window or later cycles, a widened interval).
ABNORMAL_CYCLE_CODES = frozenset(
    {
        "late_period",
        "absent_period",
        "possible_postmenopausal_bleeding",
        "bleeding_on_hrt",
        "missed_withdrawal_bleed",
    }
)


@dataclass(frozen=True)
class Flag:
    """A pattern worth telling the user about, with a plain message and its values."""

    code: str
    message: str
    params: dict[str, NoteParam] = field(default_factory=dict)

    @classmethod
    def of(cls, finding: Finding) -> Flag:
        """A shared bleeding rule's finding (clinical/bleeding.py) as a cycle flag."""
        return cls(finding.code, finding.message, dict(finding.params))


def said(
    code: str,
    parts: Sequence[Text],
    params: Mapping[str, NoteParam],
    **words: str,
) -> Flag:
    """A flag whose message is `parts` rendered from `params` and joined by spaces.

    `words` are values that are themselves text in the request's language (a method's
    name), not data: they fill templates but stay out of `params`.
    """
    values = {**params, **words}
    message = " ".join(part.render(**values) for part in parts)
    return Flag(code, message, dict(params))


def is_abnormal(flags: Sequence[Flag]) -> bool:
    """Whether a flag says the current cycle is not one to forecast."""
    return any(flag.code in ABNORMAL_CYCLE_CODES for flag in flags)
