"""How /symptoms says things: a sentence rendered in the request's language with its code.

Every sentence of a symptoms answer (a red flag's evidence and guidance, the screen's
message) is a `Text` rendered when the rule fires, inside the request, so it comes out in
the request's language. Beside the rendered words the answer carries each sentence's code
and values (`TextPart`), so a client can word it itself. A `Said` keeps the two together
until the answer is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.i18n import Text
from fembalance_ml.symptoms.schemas import TextPart

DATES_MORE = Text(
    "symptoms.evidence.dates_more",
    "{dates} and {more} more",
    note="a list of ISO dates cut short: {more} is how many were not shown",
)
SHOWN_DATES = 3


@dataclass(frozen=True)
class Said:
    """One sentence as rendered now, with the code and values a client can word it from."""

    text: str
    code: str
    params: dict[str, NoteParam] = field(default_factory=dict)

    @property
    def part(self) -> TextPart:
        """The sentence's code and values, as the answer shows them."""
        return TextPart(code=self.code, params=self.params)


def code_of(text: Text) -> str:
    """The public code of a text: its key without the domain (`symptoms.`)."""
    return text.key.split(".", 1)[1]


def say(text: Text, params: dict[str, NoteParam] | None = None, **shown: object) -> Said:
    """`text` rendered with `params`, where `shown` gives the words some values show as
    (dates cut short, kinds worded): the answer's params keep the values themselves."""
    values = dict(params or {})
    return Said(text.render(**(values | shown)), code_of(text), values)


def dates_text(days: Sequence[date], limit: int = SHOWN_DATES) -> str:
    """The first `limit` dates, then how many more, in the request's language."""
    shown = ", ".join(day.isoformat() for day in days[:limit])
    if len(days) <= limit:
        return shown
    return DATES_MORE.render(dates=shown, more=len(days) - limit)


def iso(days: Sequence[date]) -> list[str]:
    """ISO dates, for params."""
    return [day.isoformat() for day in days]


def unique(parts: Sequence[Said]) -> list[Said]:
    """The sentences once each, in order (two rules may give the same words)."""
    seen: dict[str, Said] = {}
    for part in parts:
        seen.setdefault(part.text, part)
    return list(seen.values())


# What a sign is called in a sentence; the answer's params keep the kind as it is.
SIGNS: dict[str, Text] = {
    "pain": Text("symptoms.sign.pain", "pain"),
    "bleeding": Text("symptoms.sign.bleeding", "bleeding"),
    "dizziness": Text("symptoms.sign.dizziness", "dizziness"),
    "fainting": Text("symptoms.sign.fainting", "fainting"),
    "fever": Text("symptoms.sign.fever", "fever"),
    "heavy bleeding": Text("symptoms.sign.heavy_bleeding", "heavy bleeding"),
    "large clots or flooding": Text("symptoms.sign.clots_flooding", "large clots or flooding"),
}


def sign_text(kind: str) -> str:
    """A sign's name in the request's language, as the start of a sentence would use it."""
    return SIGNS[kind].render()


def signs_text(kinds: Sequence[str]) -> str:
    """Several signs, comma-separated, in the request's language."""
    return ", ".join(sign_text(kind) for kind in kinds)
