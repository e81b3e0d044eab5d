"""Every language's catalogs translate every text of the service, with the same values."""

from __future__ import annotations

import pytest

from fembalance_ml.i18n import extract
from fembalance_ml.i18n.catalogs import translations
from fembalance_ml.i18n.text import Text, template_fields

LANGUAGES = extract.translated_languages()


@pytest.fixture(scope="module")
def texts() -> dict[str, Text]:
    return extract.load_all_texts()


def test_there_is_a_second_language() -> None:
    assert "de" in LANGUAGES


def test_the_catalogs_are_up_to_date_and_complete(
    texts: dict[str, Text], capsys: pytest.CaptureFixture[str]
) -> None:
    assert texts, "no Text registered: nothing is localisable"
    status = extract.main(["--check"])
    assert status == 0, capsys.readouterr().err


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_names_the_same_values(language: str, texts: dict[str, Text]) -> None:
    catalog = translations(language)
    assert catalog is not None
    wrong = []
    for text in texts.values():
        translated = catalog.pgettext(text.key, text.template)
        if template_fields(translated) != text.fields:
            wrong.append(text.key)
    assert wrong == []
