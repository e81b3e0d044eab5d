"""The rules' part of a PCOS answer, from a table keyed by what the rules read.

Every PCOS answer is the model's numbers (score, contributions, key factors, missing
features) and the rules' part: the level within the criteria, whether that moved it off
the score's band, the criteria, the flags, the recommendations and the assumptions. The
rules read few things, and mostly as yes/no questions (is the cycle over 35 days? is
testosterone over 2.0?): over 20,000 random requests the rules' part took about 70
distinct values. So it is computed once per distinct `rule_key` and kept; the single
route and the batch read the same table (`rule_part`). Its texts are rendered in the
request's language (i18n), so the table is keyed by the language too: each distinct
outcome is worded once per language.

`rule_key` must hold everything any rule reads, as the rule reads it, and each value the
answer quotes exactly (`repr`, which tells 3.0 from 3 and -0.0 from 0.0): a lab value
out of its range (it is in the flag's params), an adolescent's age and years since
menarche, the age of someone who never had a period, the days since a birth. Adding a
rule means adding what it reads here; tests/pcos/test_rule_table.py compares the table
with the rules run afresh on random requests built to collide on the key.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import orjson

from fembalance_ml.clinical.person import Assumption
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.i18n import current_language
from fembalance_ml.pcos.context import assumptions_for, context_flags
from fembalance_ml.pcos.criteria import (
    ADOLESCENT_AGE,
    ADOLESCENT_YEARS,
    EARLY_LONG_CYCLE_DAYS,
    EARLY_YEARS,
    LONG_CYCLE_DAYS,
    SHORT_CYCLE_DAYS,
    TESTOSTERONE_UPPER_NMOL_L,
    TRANSITION_YEARS,
    assess,
    criteria_met,
    is_adolescent,
)
from fembalance_ml.pcos.features import PCOM_FOLLICLES_PER_OVARY
from fembalance_ml.pcos.flags import PROLACTIN_HIGH_NG_ML, TSH_HIGH_MIU_L, TSH_LOW_MIU_L, flags_for
from fembalance_ml.pcos.levels import RiskLevel, level_for
from fembalance_ml.pcos.recommendations import recommendations_for
from fembalance_ml.pcos.schemas import Criteria, PcosFlag, RecommendationCode

# Distinct keys kept at most; beyond it the table starts afresh. An entry holds about
# 24 KB (its models and their JSON), so a worker's table stays under ~25 MB; common
# answers need a few hundred keys (out-of-range lab values, quoted, make keys of their own).
TABLE_SIZE: Final = 1024


@dataclass(frozen=True)
class RulePart:
    """The rules' fields of one answer, as models (the single route) and as JSON (the batch).

    Shared by every answer with the same key: nothing may modify them.
    """

    level: RiskLevel
    # The criteria moved the level off the score's band: confidence is then 0.5.
    moved: bool
    criteria: Criteria
    criteria_met: int
    flags: tuple[PcosFlag, ...]
    recommendations: tuple[str, ...]
    recommendation_codes: tuple[RecommendationCode, ...]
    assumptions: tuple[Assumption, ...]
    # The same fields encoded as the answer encodes them, for the batch's one dump.
    criteria_json: orjson.Fragment
    flags_json: orjson.Fragment
    recommendations_json: orjson.Fragment
    recommendation_codes_json: orjson.Fragment
    assumptions_json: orjson.Fragment


def situation_of(request: Any, today: datetime.date) -> Situation:
    """The person as the criteria see her: age, years since menarche, context, `today`."""
    features = request.features
    return Situation.of(
        as_of=today,
        age=features.age,
        context=request.context,
        years_since_menarche=features.years_since_menarche,
    )


def _quoted(value: float | None) -> str | None:
    """A value the answer quotes, exactly as it would be written (3.0, 3, -0.0 apart)."""
    return None if value is None else repr(value)


def _context_key(request: Any, today: datetime.date) -> object:
    """What the rules read of the person's context (None without one)."""
    context = request.context
    if context is None:
        return None
    delivery = context.delivery_date
    never = context.never_menstruated
    return (
        context.pregnancy,
        context.contraception,
        context.hrt,
        context.menopause,
        context.breastfeeding,
        never,
        context.age_at_menarche is not None,
        None if delivery is None else (today - delivery).days,
        _quoted(request.features.age) if never else None,
    )


def rule_key(
    request: Any, score_level: RiskLevel, variant: str, today: datetime.date
) -> tuple[object, ...]:
    """Everything the rules read of one request and its score, as they read it.

    A lab is absent (None), within what its rules read (True), or quoted exactly.
    """
    f = request.features
    years, age, length = f.years_since_menarche, f.age, f.cycle_length_days
    # criteria.is_adolescent, inline: this runs for every answer.
    adolescent = (
        years < ADOLESCENT_YEARS
        if years is not None
        else (age is not None and age < ADOLESCENT_AGE)
    )
    testosterone, tsh, prl = f.total_testosterone_nmol_l, f.tsh_miu_l, f.prl_ng_ml
    left, right = f.follicle_count_left, f.follicle_count_right
    return (
        score_level,
        variant,
        adolescent,
        f.irregular_periods,
        f.excess_hair_growth,
        f.acne,
        f.weight_gain,
        f.hair_loss,
        f.dark_skin_patches,
        None
        if length is None
        else (length < SHORT_CYCLE_DAYS, length > LONG_CYCLE_DAYS, length > EARLY_LONG_CYCLE_DAYS),
        None if years is None else (years < TRANSITION_YEARS, years >= EARLY_YEARS),
        None
        if testosterone is None
        else (repr(testosterone) if testosterone > TESTOSTERONE_UPPER_NMOL_L else True),
        None if tsh is None else (True if TSH_LOW_MIU_L <= tsh <= TSH_HIGH_MIU_L else repr(tsh)),
        None if prl is None else (repr(prl) if prl > PROLACTIN_HIGH_NG_ML else True),
        (
            (left is not None and left >= PCOM_FOLLICLES_PER_OVARY)
            or (right is not None and right >= PCOM_FOLLICLES_PER_OVARY),
            left is not None and right is not None,
        ),
        # Any ovarian marker given: features.OVARIAN_MORPHOLOGY one by one (a test holds
        # the two lists equal).
        f.amh_ng_ml is not None
        or left is not None
        or right is not None
        or f.avg_follicle_size_left_mm is not None
        or f.avg_follicle_size_right_mm is not None,
        age is None and years is None,
        (_quoted(years), _quoted(age)) if adolescent else None,
        None if request.context is None else _context_key(request, today),
    )


def compute(request: Any, score_level: RiskLevel, variant: str, today: datetime.date) -> RulePart:
    """The rules run afresh on one request (what the table keeps)."""
    features = request.features
    situation = situation_of(request, today)
    criteria = assess(features, situation)
    met = criteria_met(criteria)
    adolescent = is_adolescent(features)
    level = level_for(score_level, features, criteria, met, adolescent)
    flags = (*context_flags(situation), *flags_for(features, met, adolescent))
    advice = recommendations_for(level, variant, criteria, met, flags)
    recommendations = tuple(one.message for one in advice)
    codes = tuple(RecommendationCode(code=one.code, params=one.params) for one in advice)
    assumptions = tuple(assumptions_for(situation))
    return RulePart(
        level=level,
        moved=level != score_level,
        criteria=criteria,
        criteria_met=met,
        flags=flags,
        recommendations=recommendations,
        recommendation_codes=codes,
        assumptions=assumptions,
        criteria_json=_fragment(criteria),
        flags_json=_fragment(list(flags)),
        recommendations_json=orjson.Fragment(orjson.dumps(list(recommendations))),
        recommendation_codes_json=orjson.Fragment(orjson.dumps(list(codes))),
        assumptions_json=_fragment(list(assumptions)),
    )


def _fragment(value: Criteria | list[PcosFlag] | list[Assumption]) -> orjson.Fragment:
    """A model (or list of models) encoded by orjson from its fields, which is what
    pydantic writes for it (tests/api/test_batch_columnar.py holds the two equal)."""
    if isinstance(value, list):
        return orjson.Fragment(orjson.dumps([dict(vars(item)) for item in value]))
    return orjson.Fragment(orjson.dumps(dict(vars(value))))


# One table per language (the texts are rendered once per distinct outcome and language),
# each by rule_key; TABLE_SIZE bounds all of them together.
_tables: dict[str, dict[tuple[object, ...], RulePart]] = {}
_lock = threading.Lock()


def rule_part(request: Any, score_level: RiskLevel, variant: str, today: datetime.date) -> RulePart:
    """The rules' part of the answer to `request` in the request's language, from the
    table (computed, its texts rendered in that language, on a miss)."""
    key = rule_key(request, score_level, variant, today)
    language = current_language()
    table = _tables.get(language)
    found = None if table is None else table.get(key)
    if found is None:
        found = _kept(language, key, compute(request, score_level, variant, today))
    return found


def rule_parts(
    requests: Iterable[Any], score_levels: Iterable[RiskLevel], variant: str, today: datetime.date
) -> list[RulePart]:
    """`rule_part` of each request and its score's level, one variant's, in order: the
    language and its table looked up once (a batch's rows share the request's language)."""
    language = current_language()
    table = _tables.get(language) or {}
    found = []
    for request, level in zip(requests, score_levels, strict=True):
        key = rule_key(request, level, variant, today)
        part = table.get(key)
        if part is None:
            part = _kept(language, key, compute(request, level, variant, today))
            table = _tables.get(language) or {}
        found.append(part)
    return found


def _kept(language: str, key: tuple[object, ...], part: RulePart) -> RulePart:
    """`part` kept in the table (started afresh when full)."""
    with _lock:
        if table_size() >= TABLE_SIZE:
            _tables.clear()
        _tables.setdefault(language, {})[key] = part
    return part


def table_size() -> int:
    """Distinct keys in the table now, every language's (for tests and the cost script)."""
    return sum(len(table) for table in list(_tables.values()))


def clear_table() -> None:
    """Forget every kept rules' part (tests)."""
    with _lock:
        _tables.clear()
