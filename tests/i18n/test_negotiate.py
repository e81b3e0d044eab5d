"""Accept-Language negotiation (RFC 9110 12.5.4, RFC 4647 lookup): ranks, ranges, bounds."""

from __future__ import annotations

import pytest

from fembalance_ml.i18n.catalogs import translations
from fembalance_ml.i18n.negotiate import MAX_HEADER_CHARS, MAX_RANGES, Negotiator, negotiate, parse

OFFERED = ("en", "de")


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("de", "de"),
        ("DE", "de"),
        ("de-DE", "de"),
        ("de-Latn-DE-1996", "de"),
        ("en-GB", "en"),
        ("fr, de;q=0.5", "de"),
        ("fr-CA, en;q=0.1, de;q=0.2", "de"),
        ("en;q=0.5, de;q=0.9", "de"),
        ("de;q=0.5, en;q=0.5", "de"),  # ties keep the client's order
        ("en, de", "en"),
        ("*", "en"),
        ("de;q=0, *", "en"),
        ("en;q=0, *", "de"),
        ("de;q=0", "en"),
        ("fr", "en"),
        ("", "en"),
        ("de;q=1.0", "de"),
        ("de;q=0.999", "de"),
        (" de ; q=0.8 ", "de"),
    ],
)
def test_the_best_offered_language(header: str, chosen: str) -> None:
    assert negotiate(header, OFFERED) == chosen


@pytest.mark.parametrize(
    "header",
    [
        "de;q=2",
        "de;q=abc",
        "de;q=0.1234",
        "de;level=1",
        "d3",
        "de-",
        "-de",
        "toolongtag",
        "de\x00",
        ";;;,,,",
        "de;q=" + "9" * 40,
    ],
)
def test_a_malformed_range_is_skipped(header: str) -> None:
    assert negotiate(header, OFFERED) == "en"
    assert negotiate(f"{header}, de", OFFERED) == "de"


def test_a_header_too_long_is_not_read() -> None:
    header = "de," + " " * MAX_HEADER_CHARS
    assert negotiate(header, OFFERED) == "en"


def test_only_the_first_ranges_are_read() -> None:
    header = ", ".join(["fr"] * MAX_RANGES + ["de"])
    assert negotiate(header, OFFERED) == "en"
    assert [tag for tag, _ in parse("de, fr;q=0.5, en;q=0.7")] == ["de", "en", "fr"]


def test_the_pseudo_language_only_when_offered() -> None:
    # Not offered, en-XA is looked up as en (RFC 4647), which outranks de here.
    assert Negotiator().catalog_for(b"en-XA") is None
    assert Negotiator().catalog_for(b"en-XA, de;q=0.5") is None
    pseudo = Negotiator(pseudo=True)
    assert pseudo.catalog_for(b"en-XA") is translations("en-XA")
    # `en` never reaches the pseudo-language by lookup: en-XA must be asked for.
    assert pseudo.catalog_for(b"en") is None
    assert pseudo.catalog_for(b"en-xa;q=0.5, de") is translations("de")


def test_each_header_is_negotiated_once() -> None:
    negotiator = Negotiator()
    for _ in range(3):
        negotiator.catalog_for(b"de-AT, en;q=0.5")
    info = negotiator.catalog_for.cache_info()  # type: ignore[attr-defined]
    assert (info.hits, info.misses) == (2, 1)
    assert negotiator.header_of(translations("de")) == b"de"  # type: ignore[arg-type]
