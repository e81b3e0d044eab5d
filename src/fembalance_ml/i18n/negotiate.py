"""The language of a request, from its `Accept-Language` header (RFC 9110 12.5.4).

The header lists language ranges with optional quality values (`de-DE, de;q=0.9, *;q=0.1`).
The answer's language is the offered language the client ranks highest: a range matches
a language of the same tag, or, shortened tag by tag (`de-DE` -> `de`, RFC 4647 lookup),
a language it starts with; `*` is any language; `q=0` refuses one. A header the client
got wrong costs it nothing but the default: a malformed range is skipped, a header over
MAX_HEADER_CHARS or with nothing usable gives English, never a 4xx.

Few distinct headers reach a service (one per browser locale), so each header's answer is
remembered (a bounded cache): a request with the header costs a dict look-up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Final

from fembalance_ml.i18n.catalogs import (
    PSEUDO_LANGUAGE,
    SOURCE_LANGUAGE,
    available_languages,
    translations,
)
from fembalance_ml.i18n.text import Catalog

# Longer headers are not worth reading (a browser's is under 100 characters).
MAX_HEADER_CHARS: Final = 512
# Ranges read from one header; the rest are ignored.
MAX_RANGES: Final = 16
_RANGE = re.compile(r"^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$")
_QUALITY = re.compile(r"^[qQ]=(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$")


def parse(header: str) -> list[tuple[str, float]]:
    """The well-formed ranges of a header, lower-cased, best first (ties keep their order).

    A range with a malformed quality value is skipped; so is every range after MAX_RANGES.
    """
    ranked: list[tuple[str, float, int]] = []
    for position, item in enumerate(header.split(",")[:MAX_RANGES]):
        tag, *parameters = (part.strip() for part in item.split(";"))
        if not _RANGE.match(tag):
            continue
        quality = 1.0
        malformed = False
        for parameter in parameters:
            if _QUALITY.match(parameter):
                quality = float(parameter[2:])
            elif parameter:
                malformed = True
        if not malformed:
            ranked.append((tag.lower(), quality, position))
    ranked.sort(key=lambda entry: (-entry[1], entry[2]))
    return [(tag, quality) for tag, quality, _ in ranked]


def negotiate(header: str, offered: Sequence[str], default: str = SOURCE_LANGUAGE) -> str:
    """The language of `offered` (tags as the catalogs spell them) that `header` ranks
    highest; `default` when none is acceptable or the header is unreadable."""
    if len(header) > MAX_HEADER_CHARS:
        return default
    by_tag = {language.lower(): language for language in offered}
    ranges = parse(header)
    refused = {tag for tag, quality in ranges if quality == 0}
    for tag, quality in ranges:
        if quality == 0:
            break  # best first: the rest are refusals too
        if tag == "*":
            found = next((lang for key, lang in by_tag.items() if key not in refused), None)
        else:
            found = _lookup(tag, by_tag, refused)
        if found is not None:
            return found
    return default


def _lookup(tag: str, by_tag: dict[str, str], refused: set[str]) -> str | None:
    """The offered language `tag` names, shortened subtag by subtag until one matches."""
    while True:
        if tag in by_tag and tag not in refused:
            return by_tag[tag]
        if "-" not in tag:
            return None
        tag = tag.rsplit("-", 1)[0]


class Negotiator:
    """The catalog for each request's header, among the languages with catalogs (and the
    pseudo-language when `pseudo` is on: a test switch, I18N_PSEUDO_LOCALE)."""

    def __init__(self, pseudo: bool = False) -> None:
        languages = available_languages()
        self.languages: tuple[str, ...] = (*languages, PSEUDO_LANGUAGE) if pseudo else languages
        self.catalog_for = functools.lru_cache(maxsize=256)(self._catalog_for)
        self._headers = {language: language.encode("ascii") for language in self.languages}

    def header_of(self, catalog: Catalog) -> bytes:
        """The `Content-Language` value of answers in `catalog`'s language."""
        return self._headers[catalog.language]

    def _catalog_for(self, header: bytes) -> Catalog | None:
        """The catalog (None: English) for a raw `Accept-Language` value."""
        language = negotiate(header.decode("latin-1"), self.languages)
        return translations(language)
