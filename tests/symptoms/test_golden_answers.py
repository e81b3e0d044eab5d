"""Every answer of a 3,000-request corpus, for every symptom model version, as it was pinned.

The corpus (golden_corpus.py) is regenerated from its seed and answered by the current
code; each answer must be byte for byte the kept one. A faster implementation must not
change a single answer; a deliberate change rewrites the file in the same commit
(`python -m tests.symptoms.golden_corpus --write`).
"""

from __future__ import annotations

import pytest

from fembalance_ml.symptoms.spec import SPEC
from tests.support.golden import Golden, unchanged
from tests.symptoms import golden_corpus


@pytest.fixture(scope="module")
def golden() -> Golden:
    return Golden.read(golden_corpus.GOLDEN)


def test_the_corpus_is_the_one_pinned(golden: Golden) -> None:
    assert (golden.seed, golden.count, golden.today) == (
        golden_corpus.SEED,
        golden_corpus.COUNT,
        golden_corpus.TODAY,
    )
    assert sorted(golden.answers) == sorted(golden_corpus.VERSIONS)
    assert golden.count >= 3000


@pytest.mark.slow
@pytest.mark.parametrize("version", golden_corpus.VERSIONS)
def test_every_answer_is_unchanged(golden: Golden, version: str) -> None:
    differ = unchanged(SPEC, version, golden, golden_corpus.corpus, golden_corpus.shorten)
    assert not differ, "\n".join(differ)


def test_the_corpus_covers_what_the_rules_answer(golden: Golden) -> None:
    """Every screen result, forecasts, and every red-flag rule among the answers."""
    latest = [a if isinstance(a, str) else a[0] for a in golden.answers["v1.3.0"]]
    answered = [a for a in latest if a.startswith('{"pmdd_screen":')]
    assert len(answered) > 2500
    assert sum('"forecast":"' in a for a in answered) > 1000
    for result in ("pmdd", "mrmd", "pme", "no_diagnosis", "insufficient_data"):
        assert sum(f'"pmdd_screen":{{"result":"{result}"' in a for a in answered) >= 20, result
    for rule in (
        "suicidal_thoughts_or_self_harm",
        "severe_hopelessness",
        "extreme_bleeding_or_pain",
        "very_long_bleed",
        "faint_with_heavy_bleeding",
        "pain_with_dizziness_or_fainting",
        "pain_with_fever",
        "late_period_with_pain_or_bleeding",
        "shoulder_tip_pain",
        "bleeding_or_pain_in_pregnancy",
        "postpartum_bleeding_or_fever",
        "discharge_with_fever",
        "possible_postmenopausal_bleeding",
        "bleeding_on_hrt",
        "postcoital_bleeding",
        '"code":"fainting"',
        "possible_infection",
        "late_period_with_symptoms",
        "blood_in_urine",
        "rectal_bleeding",
        "heavy_menstrual_bleeding",
        "intermenstrual_bleeding",
        "unscheduled_bleeding",
        "prolonged_menstruation",
        "suspected_endometriosis",
    ):
        assert sum(rule in a for a in answered) >= 10, rule
    assert sum(a.startswith("invalid") for a in latest) >= 50
