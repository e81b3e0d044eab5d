"""PCOS answers in the request's language: no text escapes the catalog, German is German.

In process, with the catalog set as a request's language would set it (`use_catalog`).
The pseudo-language brackets every text it renders, so over the golden corpus (every
flag, recommendation and PCOS assumption, every contraception method) each PCOS text
of each answer must start with the bracket. German vignettes pin the exact wording; the
codes and params never depend on the language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final, get_args

import orjson
import pytest
from pydantic import ValidationError

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.domain_errors import InvalidQuestion
from fembalance_ml.i18n import use_catalog
from fembalance_ml.i18n.catalogs import PSEUDO_CLOSE, PSEUDO_OPEN, translations
from fembalance_ml.pcos import rules
from fembalance_ml.pcos.flags import METHOD_NAMES
from fembalance_ml.pcos.labels import feature_listing
from fembalance_ml.pcos.model import PcosModel
from fembalance_ml.pcos.schemas import (
    RECOMMENDATION_CODES,
    FlagCode,
    PcosRequest,
    PcosResult,
)
from fembalance_ml.pcos.service import predict
from fembalance_ml.serving.artifacts import load_verified
from tests.api import golden_batch
from tests.conftest import MODELS, copy_models
from tests.pcos import golden_corpus

TODAY: Final = datetime.date(2026, 11, 29)
PCOS_ASSUMPTIONS: Final = frozenset({"hormonal_contraception_not_stated", "adult_criteria_assumed"})
SYMPTOMS: Final[dict[str, Any]] = {
    "irregular_periods": 1,
    "excess_hair_growth": 1,
    "acne": 0,
    "weight_gain": 0,
    "hair_loss": 0,
    "dark_skin_patches": 0,
}
GERMAN_TWO_CRITERIA: Final = (
    "Ihre Antworten zeigen 2 der 3 Merkmale, mit denen Ärztinnen und Ärzte PCOS "
    "diagnostizieren (PCOS-2023-Leitlinie: 2 von 3 sind nötig). Eine Ärztin oder ein Arzt "
    "muss dies beurteilen und andere Ursachen ausschließen, etwa Schilddrüsen- oder "
    "Prolaktinstörungen, bevor PCOS diagnostiziert werden kann. Bitte vereinbaren Sie "
    "einen Termin."
)
GERMAN_CRITERIA_MET: Final = (
    "Ihre Antworten erfüllen 2 der 3 PCOS-Kriterien. Unabhängig vom Wert muss eine Ärztin "
    "oder ein Arzt dies beurteilen und andere Ursachen ausschließen (etwa Schilddrüsen- "
    "oder Prolaktinstörungen), bevor PCOS diagnostiziert werden kann."
)
GERMAN_HIGH_TESTOSTERONE: Final = (
    "Ihr Gesamttestosteron liegt über etwa 2,0 nmol/L (58 ng/dL); das gilt hier als "
    "erhöhte Androgene. Die Referenzbereiche der Labore unterscheiden sich je nach "
    "Methode: Eine Ärztin oder ein Arzt beurteilt den Wert anhand des Referenzbereichs "
    "Ihres Labors."
)
GERMAN_LIFESTYLE: Final = (
    "Regelmäßige Bewegung und eine ausgewogene Ernährung helfen bei vielen "
    "PCOS-Symptomen, unabhängig vom Ergebnis."
)


@pytest.fixture(scope="module")
def served() -> PcosModel:
    """The committed model that `latest` points at."""
    model: PcosModel = load_verified(MODELS / "pcos", "latest").model
    return model


@pytest.fixture(autouse=True)
def fresh_table() -> Iterator[None]:
    """Each test starts and ends with an empty rule table (it keeps texts per language)."""
    rules.clear_table()
    yield
    rules.clear_table()


def answer(
    model: PcosModel, features: dict[str, Any], context: dict[str, Any] | None = None
) -> PcosResult:
    request = PcosRequest.model_validate({"features": features, "context": context})
    return predict(model, request, today=TODAY)


def corpus_answers(model: PcosModel) -> list[PcosResult]:
    """The golden corpus answered (the requests it refuses left out)."""
    found = []
    for raw in golden_corpus.corpus():
        try:
            request = PcosRequest.model_validate(raw)
            found.append(predict(model, request, today=golden_corpus.TODAY))
        except (ValidationError, InvalidQuestion):
            continue
    return found


def pseudo(text: str) -> bool:
    return text.startswith(PSEUDO_OPEN) and text.endswith(PSEUDO_CLOSE)


def codes_of(result: PcosResult) -> list[tuple[str, dict[str, NoteParam]]]:
    return [(one["code"], one["params"]) for one in result.recommendation_codes]


def test_no_pcos_text_escapes_the_catalog_over_the_golden_corpus(served: PcosModel) -> None:
    with use_catalog(translations("en-XA")):
        pseudo_answers = corpus_answers(served)
    english = corpus_answers(served)
    assert len(pseudo_answers) == len(english) > 3500
    flags: set[str] = set()
    advice: set[str] = set()
    assumed: set[str] = set()
    methods: set[NoteParam] = set()
    for shown, plain in zip(pseudo_answers, english, strict=True):
        for flag in shown.flags:
            assert pseudo(flag.message), flag.message
            flags.add(flag.code)
            if flag.code == "hormonal_contraception":
                assert f"({PSEUDO_OPEN}" in flag.message, "the method's words escaped"
                methods.add(flag.params["method"])
        assert all(pseudo(text) for text in shown.recommendations), shown.recommendations
        assert len(shown.recommendation_codes) == len(shown.recommendations)
        advice.update(code for code, _params in codes_of(shown))
        for note in shown.assumptions:
            if note.code in PCOS_ASSUMPTIONS:
                assert pseudo(note.message), note.message
                assumed.add(note.code)
        # The language changes the words only: codes, params and the rest stay.
        assert codes_of(shown) == codes_of(plain)
        assert [(f.code, f.params) for f in shown.flags] == [
            (f.code, f.params) for f in plain.flags
        ]
        assert not any(PSEUDO_OPEN in text for text in plain.recommendations)
    every_flag = set(get_args(FlagCode))
    assert flags == every_flag
    assert advice == set(RECOMMENDATION_CODES) | (every_flag - {"two_or_more_criteria"})
    assert assumed == PCOS_ASSUMPTIONS
    assert methods == set(METHOD_NAMES)


def test_german_vignette_high_testosterone_and_two_criteria(served: PcosModel) -> None:
    features = {**SYMPTOMS, "age": 27, "total_testosterone_nmol_l": 3.1}
    context = {"contraception": "none", "age_at_menarche": 12}
    with use_catalog(translations("de")):
        german = answer(served, features, context)
    messages = {flag.code: flag.message for flag in german.flags}
    assert messages == {
        "high_testosterone": GERMAN_HIGH_TESTOSTERONE,
        "two_or_more_criteria": GERMAN_TWO_CRITERIA,
    }
    by_code = dict(zip((code for code, _ in codes_of(german)), german.recommendations, strict=True))
    assert by_code["criteria_met"] == GERMAN_CRITERIA_MET
    assert by_code["high_testosterone"] == GERMAN_HIGH_TESTOSTERONE
    assert by_code["lifestyle"] == GERMAN_LIFESTYLE
    assert german.recommendations[-1] == GERMAN_LIFESTYLE
    assert codes_of(german)[1] == ("criteria_met", {"count": 2})


def test_german_vignette_never_menstruated_at_16(served: PcosModel) -> None:
    features = {**SYMPTOMS, "irregular_periods": 0, "excess_hair_growth": 0, "age": 16}
    with use_catalog(translations("de")):
        german = answer(served, features, {"never_menstruated": True, "contraception": "none"})
    flag = german.flags[0]
    assert (flag.code, flag.params) == ("primary_amenorrhoea", {"age": 16.0, "limit_age": 15.0})
    assert flag.message == (
        "Sie hatten noch nie eine Periode und sind 16 Jahre alt. Keine Periode bis zum Alter "
        "von 15 Jahren wird primäre Amenorrhoe genannt und muss von einer Ärztin oder einem "
        "Arzt abgeklärt werden (ACOG Committee Opinion 651): Sie hat mehrere mögliche "
        "Ursachen, und PCOS ist nur eine davon (die PCOS-2023-Leitlinie zählt sie als "
        "unregelmäßige Zyklen). Bitte vereinbaren Sie einen Termin."
    )
    assert german.flags[1].code == "adolescent_criteria"
    assert german.flags[1].message.startswith(
        "Ihre erste Periode liegt weniger als 8 Jahre zurück (oder Sie sind unter 18), daher "
        "gelten die Kriterien der PCOS-2023-Leitlinie für Jugendliche:"
    )


def test_german_vignette_hormonal_ius(served: PcosModel) -> None:
    with use_catalog(translations("de")):
        german = answer(served, {**SYMPTOMS, "age": 31}, {"contraception": "hormonal_ius"})
    (flag,) = german.flags
    assert flag.params == {"method": "hormonal_ius", "months_off_before_testing": 3}
    assert flag.message.startswith("Sie verhüten hormonell (Hormonspirale). Die Hormone ")
    assert flag.message.endswith(
        "möglicherweise wird empfohlen, die Methode vor den Tests für etwa 3 Monate abzusetzen "
        "und in dieser Zeit anders zu verhüten, etwa mit Kondomen. Setzen Sie Ihre Verhütung "
        "nicht eigenmächtig ab."
    )


def test_german_vignette_pcos_assumptions(served: PcosModel) -> None:
    with use_catalog(translations("de")):
        german = answer(served, SYMPTOMS)
    notes = {note.code: note for note in german.assumptions if note.code in PCOS_ASSUMPTIONS}
    assert notes["adult_criteria_assumed"].message == (
        "Weder Ihr Alter noch die Jahre seit Ihrer ersten Periode wurden angegeben, daher "
        "wurden die PCOS-Kriterien für Erwachsene verwendet (PCOS 2023). Liegt die erste "
        "Periode weniger als 8 Jahre zurück, gelten stattdessen die Kriterien für Jugendliche."
    )
    assert notes["adult_criteria_assumed"].params == {"adolescent_years_since_menarche": 8.0}
    assert notes["hormonal_contraception_not_stated"].message.startswith(
        "In der Anfrage stand nicht, ob Sie hormonell verhüten,"
    )


def test_english_stays_english_after_other_languages(served: PcosModel) -> None:
    """The rule table keeps each language's words apart: the same outcome in German, in
    the pseudo-language, then in English, reads in English last."""
    features = {**SYMPTOMS, "age": 27, "total_testosterone_nmol_l": 3.1}
    for language in ("de", "en-XA"):
        with use_catalog(translations(language)):
            answer(served, features)
    english = answer(served, features)
    assert english.flags[-1].message.startswith("Your answers show 2 of the 3 features doctors")
    assert english.recommendations[-1] == (
        "Regular physical activity and a balanced diet help with many PCOS symptoms, "
        "whatever the result."
    )
    assert rules.table_size() == 3


def test_feature_listing_in_german_and_pseudo() -> None:
    with use_catalog(translations("de")):
        german = {f["name"]: f for f in feature_listing()["features"]}
    assert german["age"] == {**german["age"], "label": "Alter", "unit": "Jahre"}
    assert german["age"]["unit_code"] == "years"
    assert german["bmi"]["unit"] == german["bmi"]["unit_code"] == "kg/m²"
    with use_catalog(translations("en-XA")):
        listed = feature_listing()["features"]
    assert all(pseudo(f["label"]) for f in listed)
    assert all(pseudo(f["unit"]) for f in listed if f["unit_code"] in ("years", "days", "count"))


def test_a_batch_in_german_renders_german(tmp_path: Path) -> None:
    items = golden_batch.batches()["pcos"][:200]
    models = copy_models(tmp_path)
    with use_catalog(translations("de")):
        german = orjson.loads(golden_batch.answer(models, None, items))["predictions"]
    english = orjson.loads(golden_batch.answer(models, None, items))["predictions"]
    answered = [(g, e) for g, e in zip(german, english, strict=True) if "error" not in g]
    assert len(answered) > 150
    for shown, plain in answered:
        assert shown["recommendation_codes"] == plain["recommendation_codes"]
        assert len(shown["recommendations"]) == len(shown["recommendation_codes"])
        assert shown["recommendations"][-1] == GERMAN_LIFESTYLE
        assert plain["recommendations"][-1].startswith("Regular physical activity")
        for flag in shown["flags"]:
            if flag["code"] == "two_or_more_criteria" and flag["params"]["count"] == 2:
                assert flag["message"] == GERMAN_TWO_CRITERIA
    assert any(f["code"] == "two_or_more_criteria" for s, _ in answered for f in s["flags"])
