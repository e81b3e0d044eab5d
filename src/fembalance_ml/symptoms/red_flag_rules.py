"""The red-flag rule table, and the screen that runs it over a request.

Rules raising the same code are merged into one flag: its evidence lists every rule's,
its guidance each rule's words once, and `params["rules"]` names the rules that fired
(with each rule's values under `<rule>.<name>`). Codes with one rule keep plain params.
Every sentence is rendered in the request's language as the rule fires; `evidence_codes`
and `guidance_codes` carry each one's code and values, in the order of the words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.symptoms.flag_context import build_context
from fembalance_ml.symptoms.immediate_rules import IMMEDIATE_RULES
from fembalance_ml.symptoms.pattern_rules import PATTERN_RULES
from fembalance_ml.symptoms.red_flags import Hit, Rule
from fembalance_ml.symptoms.schemas import CycleStart, RedFlag, SymptomLog
from fembalance_ml.symptoms.timeline import CycleTimeline
from fembalance_ml.symptoms.wording import Said, say, unique

RULES: tuple[Rule, ...] = IMMEDIATE_RULES + PATTERN_RULES
RULE_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
MERGED_CODES: frozenset[str] = frozenset(
    code for code in {rule.code for rule in RULES} if sum(r.code == code for r in RULES) > 1
)


def red_flags(
    cycles: Sequence[CycleStart],
    logs: Sequence[SymptomLog],
    situation: Situation,
    timeline: CycleTimeline | None = None,
) -> list[RedFlag]:
    """Every rule that fires, merged by code, in the table's order.

    `timeline`: the cycles' own (`CycleTimeline.from_starts` of them), when already built.
    """
    context = build_context(cycles, logs, situation, timeline)
    fired: dict[str, list[tuple[Rule, Hit]]] = {}
    for rule in RULES:
        hit = rule.check(context)
        if hit is not None:
            fired.setdefault(rule.code, []).append((rule, hit))
    return [_flag(code, hits) for code, hits in fired.items()]


def _guidance(index: int, rule: Rule, hit: Hit) -> list[Said]:
    if hit.guidance is not None:
        return hit.guidance
    text = rule.addendum if index and rule.addendum else rule.guidance
    if isinstance(text, str):
        raise TypeError(f"rule {rule.name} fired without the shared rule's words")
    return [say(text)]


def _flag(code: str, hits: list[tuple[Rule, Hit]]) -> RedFlag:
    guidance = unique(
        [part for index, (rule, hit) in enumerate(hits) for part in _guidance(index, rule, hit)]
    )
    sources = [part for rule, hit in hits for part in (hit.source or rule.source).split("; ")]
    params: dict[str, NoteParam]
    if code in MERGED_CODES:
        params = {"rules": [rule.name for rule, _ in hits]}
        params |= {
            f"{rule.name}.{key}": value for rule, hit in hits for key, value in hit.params.items()
        }
    else:
        params = dict(hits[0][1].params)
    evidence = [line for _, hit in hits for line in hit.evidence]
    return RedFlag(
        code=code,
        evidence=[line.text for line in evidence],
        guidance=" ".join(part.text for part in guidance),
        source="; ".join(dict.fromkeys(sources)),
        params=params,
        evidence_codes=[line.part for line in evidence],
        guidance_codes=[part.part for part in guidance],
    )


def fired_rules(flag: RedFlag) -> list[str]:
    """The names of the rules behind a flag."""
    rules = flag.params.get("rules")
    return list(rules) if isinstance(rules, list) else [flag.code]


def rules_metadata() -> list[dict[str, Any]]:
    """The rule table for metadata.json and the model card."""
    return [
        {
            "code": r.code,
            "rule": r.name,
            "source": r.source,
            "threshold": r.threshold,
            "guidance": r.guidance if isinstance(r.guidance, str) else r.guidance.template,
        }
        for r in RULES
    ]
