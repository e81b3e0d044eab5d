"""Cycle answers in another language: every cycle text comes from the catalog.

In the pseudo-language every text the cycle rules render is bracketed (⟦...⟧), so a
sentence that escaped the catalog shows as plain English. The golden corpus's requests
reach every cycle text (a test counts them), so the pseudo-language run over them covers
every flag, variant and assumption the cycle domain says. German is checked on vignettes
against sentences written out here, and against the English for codes, params, numbers and
guideline names. English answers are pinned byte for byte by the golden corpora.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from fembalance_ml.clinical.person import Assumption, NoteParam
from fembalance_ml.cycle import timing
from fembalance_ml.cycle.flag import said
from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.cycle.schemas import CycleRequest, CycleResult, FlagOut
from fembalance_ml.cycle.service import predict
from fembalance_ml.cycle.spec import SPEC
from fembalance_ml.domain_errors import InvalidQuestion
from fembalance_ml.i18n import Text, use_catalog
from fembalance_ml.i18n.catalogs import PSEUDO_CLOSE, PSEUDO_OPEN, translations
from fembalance_ml.i18n.extract import load_all_texts
from tests.cycle import golden_corpus
from tests.cycle.context_cases import (
    BREASTFEEDING_330,
    CYCLES_AFTER_BIRTH,
    IMPLANT,
    LATE,
    PREGNANT,
)
from tests.cycle.vignettes import Vignette, answer, flag
from tests.support.golden import load_served

# Texts a cycle answer carries that other domains own (clinical/ findings and the
# situation's assumptions, the `common` domain): listed, not required to be pseudo here.
OTHER_DOMAIN_FLAGS = frozenset(
    {"prolonged_menstruation", "bleeding_on_hrt", "possible_postmenopausal_bleeding"}
)
OTHER_DOMAIN_ASSUMPTIONS = frozenset({"context_not_stated", "age_not_stated"})
# Shared findings to which the cycle rules append a sentence of their own (always last).
WITH_CYCLE_SUFFIX = frozenset({"bleeding_on_hrt", "possible_postmenopausal_bleeding"})
GUIDELINES = re.compile(r"NICE (?:NG|CKS)\s?\w*|FIGO 2018|ACOG|FSRH|STRAW\+10")
UNACCENTED = re.compile("[AaCcEeIiNnOoSsUuYyZz]")  # the letters the pseudo-language accents
PSEUDO_PART = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}")


@pytest.fixture(scope="module")
def served() -> CycleModel:
    """The latest committed cycle model, as the golden corpus answers with it."""
    model: CycleModel = load_served(SPEC.name, golden_corpus.VERSIONS[-1]).model
    return model


def corpus_requests() -> Iterator[CycleRequest]:
    """The golden corpus's valid requests."""
    for raw in golden_corpus.corpus():
        try:
            yield CycleRequest.model_validate(raw)
        except ValidationError:
            continue


def corpus_answers(model: CycleModel, every: int = 1) -> Iterator[tuple[int, CycleResult]]:
    """The corpus's answers in the current language (refusals left out), by index."""
    for index, request in enumerate(corpus_requests()):
        if index % every:
            continue
        try:
            yield index, predict(model, request, today=golden_corpus.TODAY)
        except InvalidQuestion:
            continue


def all_pseudo(message: str) -> bool:
    """Whether `message` is pseudo-language only: bracketed parts (nested ones too), spaces.

    The pseudo-language accents every letter it can, so one of those letters left plain is
    English that came from no catalog, even inside a bracketed text (a value filled in).
    """
    rest, previous = message, ""
    while rest != previous:
        previous, rest = rest, PSEUDO_PART.sub("", rest)
    return message.startswith(PSEUDO_OPEN) and not rest.strip() and not UNACCENTED.search(message)


def test_every_cycle_text_of_the_corpus_comes_from_the_catalog(served: CycleModel) -> None:
    escaped: list[str] = []
    other: Counter[str] = Counter()
    with use_catalog(translations("en-XA")):
        for index, result in corpus_answers(served):
            for found in result.flags:
                if found.code in OTHER_DOMAIN_FLAGS:
                    other[f"flags.{found.code}"] += 1
                    suffix = found.code in WITH_CYCLE_SUFFIX or found.params.get("copper_iud")
                    if suffix and not found.message.endswith(PSEUDO_CLOSE):
                        escaped.append(f"{index} flags.{found.code}: {found.message[-80:]}")
                elif not all_pseudo(found.message):
                    escaped.append(f"{index} flags.{found.code}: {found.message[:80]}")
            for note in result.assumptions:
                if note.code in OTHER_DOMAIN_ASSUMPTIONS:
                    other[f"assumptions.{note.code}"] += 1
                elif not all_pseudo(note.message):
                    escaped.append(f"{index} assumptions.{note.code}: {note.message[:80]}")
    assert escaped == []
    # What the other domains (clinical/, common) word in a cycle answer: each is seen.
    assert {name.split(".", 1)[1] for name in other} == OTHER_DOMAIN_FLAGS | (
        OTHER_DOMAIN_ASSUMPTIONS
    ), other


def test_the_corpus_reaches_every_cycle_text(
    served: CycleModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: set[str] = set()
    original = Text.render

    def recording(self: Text, **values: object) -> str:
        rendered.add(self.key)
        return original(self, **values)

    monkeypatch.setattr(Text, "render", recording)
    answered = sum(1 for _ in corpus_answers(served))
    cycle_keys = {key for key in load_all_texts() if key.startswith("cycle.")}
    assert answered > 2500
    assert len(cycle_keys) >= 50
    assert sorted(cycle_keys - rendered) == []


def test_german_keeps_codes_params_numbers_and_guidelines(served: CycleModel) -> None:
    english = dict(corpus_answers(served, every=7))
    with use_catalog(translations("de")):
        german = dict(corpus_answers(served, every=7))
    assert english.keys() == german.keys()
    differ = []
    for index, result in english.items():
        translated = german[index]
        said_en: list[FlagOut | Assumption] = [*result.flags, *result.assumptions]
        said_de: list[FlagOut | Assumption] = [*translated.flags, *translated.assumptions]
        assert [(n.code, n.params) for n in said_en] == [(n.code, n.params) for n in said_de]
        assert result.model_dump(exclude={"flags", "assumptions"}) == translated.model_dump(
            exclude={"flags", "assumptions"}
        )
        for en, de in zip(said_en, said_de, strict=True):
            if en.code in OTHER_DOMAIN_FLAGS | OTHER_DOMAIN_ASSUMPTIONS:
                continue
            if en.message == de.message:
                differ.append(f"{index} {en.code}: not translated")
            if sorted(re.findall(r"\d+", en.message)) != sorted(re.findall(r"\d+", de.message)):
                differ.append(f"{index} {en.code}: numbers differ")
            if GUIDELINES.findall(en.message) != GUIDELINES.findall(de.message):
                differ.append(f"{index} {en.code}: guidelines differ")
    assert differ == []


def german(model: CycleModel, vignette: Vignette) -> CycleResult:
    with use_catalog(translations("de")):
        return answer(model, vignette)


def test_german_pregnancy(served: CycleModel) -> None:
    found = flag(german(served, PREGNANT), "pregnancy")
    assert found.message == (
        "Sie haben uns mitgeteilt, dass Sie schwanger sind: In der Schwangerschaft bleiben "
        "Perioden aus, daher werden keine Periode, kein Eisprung und kein fruchtbares Fenster "
        "vorhergesagt. Jede Blutung sowie Schmerzen im Bauch oder Becken während der "
        "Schwangerschaft müssen noch am selben Tag abgeklärt werden: Wenden Sie sich an Ihre "
        "Hebamme, Ihre Ärztin oder Ihren Arzt oder an eine Ambulanz für Frühschwangerschaft. "
        "Eine starke Blutung, starke Schmerzen, Schmerzen in der Schulterspitze oder ein "
        "Ohnmachtsgefühl sind ein Notfall (NICE NG126 Ectopic pregnancy and miscarriage "
        "(2019, updated 2023))."
    )


def test_german_late_period_names_the_delay(served: CycleModel) -> None:
    found = flag(german(served, LATE), "late_period")
    days = found.params["days_late"]
    assert found.params["pregnancy"] == "not_stated"
    assert found.message == (
        f"Ihre Periode ist {days} Tage später als vorhergesagt. Wenn Sie schwanger sein "
        "könnten, machen Sie einen Schwangerschaftstest. Ab 7 Tagen Verspätung (eine eigene "
        "Schwelle dieses Dienstes, nicht die einer Leitlinie) werden Eisprung und fruchtbares "
        "Fenster nicht vorhergesagt, bis eine neue Periode eingetragen ist. Wenn sie nicht "
        "kommt, sprechen Sie mit einer medizinischen Fachperson."
    )


def test_german_implant_names_the_method(served: CycleModel) -> None:
    found = flag(german(served, IMPLANT), "hormonal_contraception")
    assert found.params == {"method": "implant"}
    assert found.message.startswith(
        "Sie haben uns mitgeteilt, dass Sie das Verhütungsimplantat anwenden. Bei reinen "
        "Gestagenmethoden sind unregelmäßige, seltene, häufige oder ausbleibende Blutungen "
        "häufig und zu erwarten,"
    )
    assert found.message.endswith(
        "oder wenn Sie schwanger sein könnten (FSRH Clinical Guideline: Problematic Bleeding "
        "with Hormonal Contraception (2015))."
    )


def test_german_breastfeeding_after_a_birth(served: CycleModel) -> None:
    found = flag(german(served, BREASTFEEDING_330), "postpartum_amenorrhoea")
    assert found.params["days_since_delivery"] == 330
    delivery = found.params["delivery_date"]
    assert found.message.startswith(
        f"Ihre letzte eingetragene Periode lag vor der Geburt am {delivery}, die 330 Tage "
        "zurückliegt, und seitdem wurde keine eingetragen. Während des Stillens bleiben "
        "Perioden oft monatelang aus (Laktationsamenorrhoe)"
    )
    assert "weniger als 6 Monate nach der Geburt" in found.message


def test_german_history_since_birth(served: CycleModel) -> None:
    result = german(served, CYCLES_AFTER_BIRTH)
    note = next(n for n in result.assumptions if n.code == "history_since_birth")
    assert note.message == (
        f"Nur die seit der Geburt am {note.params['delivery_date']} eingetragenen Perioden "
        "wurden verwendet: Zyklen vor einer Schwangerschaft sagen die danach nicht voraus "
        f"({note.params['starts_left_out']} frühere(r) Periodenbeginn(e) nicht berücksichtigt)."
    )


def test_english_is_unchanged_around_another_language(served: CycleModel) -> None:
    before = answer(served, PREGNANT)
    assert german(served, PREGNANT) != before
    assert answer(served, PREGNANT) == before
    assert flag(before, "pregnancy").message.startswith("You told us you are pregnant:")


def test_a_flag_message_names_only_its_params() -> None:
    """`said` fills templates from the params alone: a value missing from them fails."""
    params: dict[str, NoteParam] = {"days_late": 9, "limit_days": 7, "pregnancy": "possible"}
    parts = (timing.LATE, timing.LATE_ADVICE)
    assert said("late_period", parts, params).message.startswith(
        "Your period is 9 days later than predicted. From 7 days late"
    )
    with pytest.raises(KeyError):
        said("late_period", parts, {"days_late": 9})
