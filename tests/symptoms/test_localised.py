"""Every symptoms text comes from the catalogs: pseudo-language, German, English unchanged.

The requests are the golden corpus's (golden_corpus.py), picked so that together their
answers carry every code the corpus's answers carry (every red-flag rule, guidance and
evidence variant, screen result and note); answered in the pseudo-language, every text of
the symptoms domain must come out bracketed. Texts of another domain (the bleeding rules
shared with /cycle, the context assumptions) are listed apart, by code.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from fembalance_ml.i18n import use_catalog
from fembalance_ml.i18n.catalogs import PSEUDO_CLOSE, PSEUDO_OPEN, translations
from fembalance_ml.i18n.text import REGISTRY
from fembalance_ml.symptoms.forecast import SymptomForecastModel
from fembalance_ml.symptoms.schemas import SymptomRequest, SymptomResult
from fembalance_ml.symptoms.service import predict
from fembalance_ml.symptoms.spec import SPEC
from fembalance_ml.symptoms.vocabulary import vocabulary_listing
from tests.support.golden import Golden, load_served, matches
from tests.symptoms import golden_corpus
from tests.symptoms.vignettes import VIGNETTES

LATEST = golden_corpus.VERSIONS[-1]
# The shared bleeding rules' words (clinical/): the common domain's, under the rule's code.
SHARED_BLEEDING = {
    "heavy_menstrual_bleeding",
    "intermenstrual_bleeding",
    "unscheduled_bleeding",
    "prolonged_menstruation",
    "postcoital_bleeding",
    "possible_postmenopausal_bleeding",
    "bleeding_on_hrt",
}
OTHER_ASSUMPTIONS = {"context_not_stated", "age_not_stated"}  # clinical/situation.py
# Texts that are parts of other sentences (no code of their own in an answer), or that
# only the vocabulary lookup says.
NESTED = ("symptoms.sign.", "symptoms.evidence.dates_more", "symptoms.label.", "symptoms.severity.")


def codes_of(answer: dict[str, Any]) -> set[str]:
    """Every text code an English answer of the corpus carries."""
    screen = answer["pmdd_screen"]
    found = {part["code"] for part in screen.get("message_codes", [])}
    for flag in answer["red_flags"]:
        found |= {
            part["code"] for key in ("evidence_codes", "guidance_codes") for part in flag[key]
        }
    found |= {note["code"] for note in answer["assumptions"]}
    found |= {
        f"{note['code']}.{note['params']['reason']}"
        for note in answer["assumptions"]
        if note["code"] == "no_symptom_forecast"
    }
    return found


@pytest.fixture(scope="module")
def covering() -> list[dict[str, Any]]:
    """The corpus requests whose answers, together, carry every code of the corpus's."""
    golden = Golden.read(golden_corpus.GOLDEN)
    corpus = golden_corpus.corpus(golden.seed, golden.count)
    by_index: dict[int, set[str]] = {}
    for index, kept in enumerate(golden.answers[LATEST]):
        text = kept if isinstance(kept, str) else kept[0]
        if text.startswith("{"):
            by_index[index] = codes_of(json.loads(text))
    wanted = set().union(*by_index.values())
    chosen: list[int] = []
    while wanted:
        best = max(by_index, key=lambda i: len(by_index[i] & wanted))
        chosen.append(best)
        wanted -= by_index[best]
    return [corpus[index] | {"_index": index} for index in sorted(chosen)]


def answer(model: Any, raw: dict[str, Any]) -> SymptomResult:
    body = {key: value for key, value in raw.items() if key != "_index"}
    return predict(model, SymptomRequest.model_validate(body), today=golden_corpus.TODAY)


def is_pseudo(text: str | None) -> bool:
    return text is not None and text.startswith(PSEUDO_OPEN) and text.endswith(PSEUDO_CLOSE)


def symptoms_code(code: str) -> bool:
    return f"symptoms.{code}" in REGISTRY


def escaped(result: SymptomResult) -> tuple[list[str], list[str]]:
    """(symptoms texts not in the pseudo-language, other domains' texts by field and code)."""
    bad, other = [], []
    screen = result.pmdd_screen
    if not is_pseudo(screen.message):
        bad.append(f"pmdd_screen.message: {screen.message}")
    if (screen.message or "").count(PSEUDO_OPEN) != len(screen.message_codes):
        bad.append("pmdd_screen.message_codes: not one per sentence")
    bad += [f"pmdd_screen.notes: {n.message}" for n in screen.notes if not is_pseudo(n.message)]
    for flag in result.red_flags:
        bad += [f"{flag.code}.evidence: {line}" for line in flag.evidence if not is_pseudo(line)]
        if len(flag.evidence_codes) != len(flag.evidence):
            bad.append(f"{flag.code}.evidence_codes: not one per line")
        ours = [part.code for part in flag.guidance_codes if symptoms_code(part.code)]
        theirs = [part.code for part in flag.guidance_codes if not symptoms_code(part.code)]
        other += [f"red_flags[{flag.code}].guidance: {code}" for code in theirs]
        if ours and not theirs and not is_pseudo(flag.guidance):
            bad.append(f"{flag.code}.guidance: {flag.guidance}")
        if not theirs and flag.guidance.count(PSEUDO_OPEN) < len(ours):
            bad.append(f"{flag.code}.guidance_codes: more codes than sentences")
    for note in result.assumptions:
        if note.code in OTHER_ASSUMPTIONS:
            other.append(f"assumptions: {note.code}")
        elif not is_pseudo(note.message):
            bad.append(f"assumptions.{note.code}: {note.message}")
    return bad, other


@pytest.fixture(scope="module")
def pseudo_answers(
    covering: list[dict[str, Any]], model: SymptomForecastModel
) -> list[tuple[str, SymptomResult]]:
    """The covering corpus requests and every clinical vignette, in the pseudo-language."""
    with use_catalog(translations("en-XA")):
        found = [(f"request {raw['_index']}", answer(model, raw)) for raw in covering]
        found += [
            (vignette.name, predict(model, vignette.request(), today=golden_corpus.TODAY))
            for vignette in VIGNETTES
        ]
    return found


def test_every_symptoms_text_comes_from_the_catalog(
    pseudo_answers: list[tuple[str, SymptomResult]],
) -> None:
    others: set[str] = set()
    for name, result in pseudo_answers:
        bad, other = escaped(result)
        assert not bad, f"{name}: {bad}"
        others |= {line.split(": ", 1)[1] for line in other}
    # Other domains' texts, which their own catalogs must cover: only these.
    assert others <= SHARED_BLEEDING | OTHER_ASSUMPTIONS, sorted(others)


def test_the_answers_say_everything_the_domain_can_say(
    covering: list[dict[str, Any]], pseudo_answers: list[tuple[str, SymptomResult]]
) -> None:
    assert len(covering) < 100  # a few dozen requests cover the 3,000
    served = set().union(*(codes_of(json.loads(r.model_dump_json())) for _, r in pseudo_answers))
    ours = {key.split(".", 1)[1] for key in REGISTRY if key.startswith("symptoms.")}
    ours -= {key.split(".", 1)[1] for key in REGISTRY if key.startswith(NESTED)}
    assert ours <= served, sorted(ours - served)


def test_english_answers_are_the_golden_ones_after_another_language(
    covering: list[dict[str, Any]],
) -> None:
    golden = Golden.read(golden_corpus.GOLDEN)
    model = load_served(SPEC.name, LATEST).model
    for raw in covering[:10]:
        with use_catalog(translations("de")):
            german = answer(model, raw).model_dump_json()
        english = answer(model, raw)
        text = english.__pydantic_serializer__.to_json(english).decode()
        assert matches(golden.answers[LATEST][raw["_index"]], text), raw["_index"]
        assert german != text


def test_the_vocabulary_lookup_is_localised() -> None:
    with use_catalog(translations("en-XA")):
        listing = vocabulary_listing()
    assert all(is_pseudo(symptom["label"]) for symptom in listing["symptoms"])
    assert all(is_pseudo(label) for label in listing["severity_scale"]["labels"].values())
    with use_catalog(translations("de")):
        german = vocabulary_listing()
    labels = {symptom["name"]: symptom["label"] for symptom in german["symptoms"]}
    assert labels["suicidal_thoughts"] == "Suizidgedanken oder Gedanken, Ihr Leben zu beenden"
    assert labels["pelvic_pain"] == "Unterleibsschmerzen"
    assert german["severity_scale"]["labels"]["4"] == "mäßig"
    assert vocabulary_listing()["symptoms"][0]["label"] == "Depressed, blue"
