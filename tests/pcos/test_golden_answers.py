"""Every answer of a 4,000-request corpus, for every PCOS model version, as it was pinned.

The corpus (golden_corpus.py) is regenerated from its seed and answered by the current
code through the single route's path (`SPEC.predict`); each answer must be byte for byte
the kept one. The batch's answers are pinned in tests/api/test_batch_golden.py.
"""

from __future__ import annotations

import pytest

from fembalance_ml.pcos.spec import SPEC
from tests.pcos import golden_corpus
from tests.support.golden import Golden, unchanged


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


@pytest.mark.slow
@pytest.mark.parametrize("version", golden_corpus.VERSIONS)
def test_every_answer_is_unchanged(golden: Golden, version: str) -> None:
    differ = unchanged(SPEC, version, golden, golden_corpus.corpus, golden_corpus.shorten)
    assert not differ, "\n".join(differ)


def test_the_corpus_covers_what_the_rules_answer(golden: Golden) -> None:
    """Every level, variant, flag and assumption among the answers."""
    latest = [a if isinstance(a, str) else a[0] for a in golden.answers["v2.4.0"]]
    answered = [a for a in latest if a.startswith('{"risk_score":')]
    assert len(answered) > 3500
    for text in (
        '"risk_level":"Low"',
        '"risk_level":"Medium"',
        '"risk_level":"High"',
        '"variant":"clinical"',
        '"variant":"screening"',
        '"ovulatory_dysfunction":null',
        '"hyperandrogenism":null',
        '"polycystic_ovarian_morphology":true',
        '"criteria_met":3',
        "two_or_more_criteria",
        "thyroid_check",
        "prolactin_check",
        '"high_testosterone"',
        "very_high_testosterone",
        "adolescent_criteria",
        "primary_amenorrhoea",
        "hormonal_contraception",
        '"code":"pregnancy"',
        "postpartum",
        '"code":"menopause"',
        "menopausal_transition",
        "hormonal_contraception_not_stated",
        "adult_criteria_assumed",
        "context_not_stated",
    ):
        assert sum(text in a for a in answered) >= 10, text
    assert sum(a.startswith("invalid") for a in latest) >= 100
