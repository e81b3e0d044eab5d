"""The languages the service speaks: gettext catalogs read once, and a pseudo-language.

Translations live in `locales/<language>/LC_MESSAGES/<domain>.po`, one file per part of the
service (text.DOMAINS), read with Babel at first use and kept for the process's life. Only
entries translated and not marked fuzzy are used: a text whose English changed since its
translation falls back to English until a translator confirms it (`make i18n` marks it).

`PSEUDO_LANGUAGE` is not a language but a check: every text renders bracketed and accented,
so an answer in it shows at a glance any sentence that did not come from a catalog.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Final

from babel.messages.pofile import read_po

from fembalance_ml.i18n.text import DOMAINS

LOCALE_DIR: Final = Path(__file__).resolve().parent / "locales"
SOURCE_LANGUAGE: Final = "en"
PSEUDO_LANGUAGE: Final = "en-XA"


class Translations:
    """One language's translations, by (key, English template)."""

    __slots__ = ("_entries", "language")

    def __init__(self, language: str, entries: dict[tuple[str, str], str]) -> None:
        self.language = language
        self._entries = entries

    def pgettext(self, context: str, message: str) -> str:
        """The translation of `message` under `context`, or `message` itself."""
        return self._entries.get((context, message), message)


class PseudoTranslations:
    """Every template, accented and bracketed, its fields kept: the pseudo-language."""

    __slots__ = ("_cache", "language")

    def __init__(self) -> None:
        self.language = PSEUDO_LANGUAGE
        self._cache: dict[str, str] = {}

    def pgettext(self, context: str, message: str) -> str:
        """`message` in the pseudo-language (whatever `context`)."""
        found = self._cache.get(message)
        if found is None:
            found = self._cache[message] = pseudo(message)
        return found


_ACCENTED = str.maketrans(
    "AaCcEeIiNnOoSsUuYyZz",
    "ÅåÇçÉéÎîÑñÖöŠšÛûÝýŽž",
)
PSEUDO_OPEN: Final = "⟦"
PSEUDO_CLOSE: Final = "⟧"


def _escape(literal: str) -> str:
    return literal.replace("{", "{{").replace("}", "}}")


def pseudo(template: str) -> str:
    """`template` with its words accented and the whole bracketed; its fields unchanged."""
    parts = [PSEUDO_OPEN]
    for literal, field, spec, conversion in string.Formatter().parse(template):
        parts.append(_escape(literal.translate(_ACCENTED)))
        if field is not None:
            suffix = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            parts.append("{" + field + suffix + "}")
    parts.append(PSEUDO_CLOSE)
    return "".join(parts)


def catalog_path(language: str, domain: str) -> Path:
    """Where one language's catalog of one domain lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def available_languages() -> tuple[str, ...]:
    """English, then every language with a catalog folder, in name order."""
    found = sorted(path.name for path in LOCALE_DIR.iterdir() if (path / "LC_MESSAGES").is_dir())
    return (SOURCE_LANGUAGE, *found)


@functools.cache
def translations(language: str) -> Translations | PseudoTranslations | None:
    """The catalog of `language` (None for English, the source language)."""
    if language == SOURCE_LANGUAGE:
        return None
    if language == PSEUDO_LANGUAGE:
        return PseudoTranslations()
    entries: dict[tuple[str, str], str] = {}
    for domain in DOMAINS:
        path = catalog_path(language, domain)
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=domain)
        for message in catalog:
            if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
                entries[(message.context or "", message.id)] = str(message.string)
    return Translations(language, entries)
