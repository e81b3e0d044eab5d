"""Every answer of a 3,000-request corpus, for every cycle model version, as it was pinned.

The corpus (golden_corpus.py) is regenerated from its seed and answered by the current
code; each answer must be byte for byte the kept one. A faster implementation must not
change a single answer; a deliberate change rewrites the file in the same commit
(`python -m tests.cycle.golden_corpus --write`).
"""

from __future__ import annotations

import pytest

from fembalance_ml.cycle.spec import SPEC
from tests.cycle import golden_corpus
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
    assert golden.count >= 3000


@pytest.mark.slow
@pytest.mark.parametrize("version", golden_corpus.VERSIONS)
def test_every_answer_is_unchanged(golden: Golden, version: str) -> None:
    differ = unchanged(SPEC, version, golden, golden_corpus.corpus)
    assert not differ, "\n".join(differ)


def test_the_corpus_covers_what_the_rules_answer(golden: Golden) -> None:
    """Not a corpus of one kind of answer: most are forecasts, with every flag among them."""
    latest = [a for a in golden.answers["v1.5.0"] if isinstance(a, str)]
    assert len(latest) == golden.count  # kept whole
    forecasts = [a for a in latest if a.startswith('{"predicted_start_date":"')]
    assert len(forecasts) > 2000
    for code in (
        "late_period",
        "absent_period",
        "urgent_care",
        "postpartum_amenorrhoea",
        "hormonal_contraception",
        "missed_withdrawal_bleed",
        "emergency_contraception",
        "bleeding_on_hrt",
        "possible_postmenopausal_bleeding",
        "late_menarche",
        "highly_variable",
        "possible_missed_log",
        '"ovulatory"',
    ):
        assert sum(code in a for a in latest) >= 5, code
    assert sum(a.startswith("invalid") for a in latest) >= 50
    assert sum(a.startswith("refused") for a in latest) >= 5
