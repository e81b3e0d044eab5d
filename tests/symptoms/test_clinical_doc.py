"""docs/CLINICAL.md's symptom section agrees with the rule table and the vignettes."""

from __future__ import annotations

from pathlib import Path

from fembalance_ml.symptoms.red_flag_rules import RULES
from tests.symptoms.vignettes import VIGNETTES

CLINICAL = Path(__file__).resolve().parents[2] / "docs" / "CLINICAL.md"


def symptom_section() -> str:
    text = CLINICAL.read_text(encoding="utf-8")
    return text[text.index("## Symptom analysis") :]


def vignette_table() -> dict[str, tuple[set[str], set[str]]]:
    """Rule name -> (vignettes that must fire it, vignettes that must not)."""
    section = symptom_section()
    table = section[section.index("| Rule | Must fire | Must not fire |") :]
    rows: dict[str, tuple[set[str], set[str]]] = {}
    for line in table.splitlines()[2:]:
        if not line.startswith("| `"):
            break
        name, fire, no_fire = (cell.strip() for cell in line.strip("|").split("|"))
        rows[name.strip("`")] = (set(fire.split("; ")), set(no_fire.split("; ")))
    return rows


def test_every_rule_is_in_the_rule_table() -> None:
    section = symptom_section()
    for rule in RULES:
        assert f"| `{rule.code}` | `{rule.name}` |" in section


def test_the_vignette_table_matches_the_tests() -> None:
    rows = vignette_table()
    assert set(rows) == {rule.name for rule in RULES}
    expected = {v.name: v.expected for v in VIGNETTES}
    for rule, (fire, no_fire) in rows.items():
        assert fire == {name for name, rules in expected.items() if rule in rules}, rule
        assert no_fire <= set(expected), rule
        assert no_fire != {""}, rule  # every rule has a vignette that must not fire it
        assert all(rule not in expected[name] for name in no_fire), rule
    listed = set().union(*(fire | no_fire for fire, no_fire in rows.values()))
    assert listed == set(expected)  # every vignette is documented
