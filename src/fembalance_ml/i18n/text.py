"""Texts with a stable key and an English template, rendered in the request's language.

Every human-readable sentence the service says about a person or a request is a `Text`: a
module-level constant whose `key` is stable (it is the gettext context, and clients see the
code part of it) and whose `template` is the English wording with named `str.format` fields.
Rendering looks the template up in the catalog of the language chosen for the request (a
context variable set once per request, see `use_catalog`) and fills in the values. With no
catalog, or for a text the catalog lacks, the English template is used, so English answers
are exactly what the template says.

Keys read `<domain>.<name>[.<variant>]`; the domain names the catalog file the text lives in
(locales/<language>/LC_MESSAGES/<domain>.po), so each part of the service keeps its own.
"""

from __future__ import annotations

import contextvars
import string
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final, Protocol

DOMAINS: Final = ("common", "errors", "pcos", "cycle", "symptoms")


class Catalog(Protocol):
    """What rendering needs from a language's catalog (catalogs.Translations provides it)."""

    language: str

    def pgettext(self, context: str, message: str) -> str:
        """The translation of `message` under `context`, or `message` itself."""
        ...


_CATALOG: contextvars.ContextVar[Catalog | None] = contextvars.ContextVar(
    "fembalance_catalog", default=None
)

# Every Text ever built, by key: what the catalogs are extracted from (extract.py).
REGISTRY: dict[str, Text] = {}


class DuplicateTextError(ValueError):
    """Two different templates were given the same key."""


@dataclass(frozen=True, slots=True)
class Text:
    """One sentence (or phrase) the service can say, in English, with its stable key.

    `note` reaches translators as a comment in the catalog (what a field holds, what must
    stay as it is, such as a guideline's name).
    """

    key: str
    template: str
    note: str = ""

    def __post_init__(self) -> None:
        domain = self.key.split(".", 1)[0]
        if domain not in DOMAINS or "." not in self.key:
            raise ValueError(f"text key {self.key!r} must start with one of {DOMAINS}")
        known = REGISTRY.setdefault(self.key, self)
        if known.template != self.template:
            raise DuplicateTextError(f"text key {self.key!r} has two templates")

    @property
    def domain(self) -> str:
        """The catalog file this text lives in."""
        return self.key.split(".", 1)[0]

    @property
    def fields(self) -> frozenset[str]:
        """The names of the values the template needs."""
        return template_fields(self.template)

    def render(self, **values: object) -> str:
        """The text in the current request's language, with `values` filled in."""
        catalog = _CATALOG.get()
        template = self.template if catalog is None else catalog.pgettext(self.key, self.template)
        return template.format(**values)

    def english(self, **values: object) -> str:
        """The text in English whatever the request's language (logs, stored reasons)."""
        return self.template.format(**values)


def template_fields(template: str) -> frozenset[str]:
    """The top-level field names of a `str.format` template (`{days}`, `{score:.0%}`)."""
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(template):
        if field is not None:
            names.add(field.split(".", 1)[0].split("[", 1)[0])
    return frozenset(names)


def current_language() -> str:
    """The language texts render in now: the catalog's, or English."""
    catalog = _CATALOG.get()
    return "en" if catalog is None else catalog.language


def current_catalog() -> Catalog | None:
    """The catalog set for this context (None: English), to hand to another process."""
    return _CATALOG.get()


@contextmanager
def use_catalog(catalog: Catalog | None) -> Iterator[None]:
    """Render texts with `catalog` (None: English) inside the block."""
    token = _CATALOG.set(catalog)
    try:
        yield
    finally:
        _CATALOG.reset(token)


def set_catalog(catalog: Catalog | None) -> None:
    """Render texts with `catalog` for the rest of this context (one request's task)."""
    _CATALOG.set(catalog)
