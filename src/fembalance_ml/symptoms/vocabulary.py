"""The symptom vocabulary: the 24 DRSP items (in item order) and a tracker's physical symptoms.

The non-DRSP items are all of kind `physical`, the kind clients already know, including the
warning signs added for issue 22 (fainting, fever, thoughts of suicide, self-harm): the
rules, not the kind, say what each one triggers (docs/CLINICAL.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from fembalance_ml.i18n import Text

SymptomKind = Literal["drsp", "physical"]
_LABEL_NOTE = "a symptom's name as a tracking app lists it (DRSP items: the form's wording)"
_SEVERITY_NOTE = "a level of the DRSP rating scale, 1 (not at all) to 6 (extreme)"


@dataclass(frozen=True)
class Symptom:
    """One loggable symptom, with its DRSP item number and DSM-5 domain where it has them."""

    name: str
    label: str
    kind: SymptomKind
    drsp_item: int | None = None
    domain: str | None = None


_DRSP = (
    ("depressed_blue", "Depressed, blue", "DEPRESSION"),
    ("hopelessness", "Hopelessness", "DEPRESSION"),
    ("worthlessness_guilt", "Worthlessness or guilt", "DEPRESSION"),
    ("anxiety", "Anxiety", "ANXIETY"),
    ("mood_swings", "Mood swings", "MOOD LABILITY"),
    ("rejection_sensitivity", "Rejection sensitivity", "MOOD LABILITY"),
    ("anger_irritability", "Anger or irritability", "ANGER"),
    ("interpersonal_conflict", "Interpersonal conflict", "ANGER"),
    ("less_interest", "Less interest", "INTEREST"),
    ("difficulty_concentrating", "Difficulty concentrating", "CONCENTRATION"),
    ("lethargy", "Lethargy", "LETHARGY"),
    ("appetite_overeating", "Appetite, overeating", "APPETITE"),
    ("food_cravings", "Food cravings", "APPETITE"),
    ("hypersomnia", "Hypersomnia", "SLEEP"),
    ("insomnia", "Insomnia", "SLEEP"),
    ("overwhelmed", "Overwhelmed", "OVERWHELM"),
    ("out_of_control", "Out of control", "OVERWHELM"),
    ("breast_tenderness", "Breast tenderness", "PHYSICAL"),
    ("swelling_bloating", "Swelling, bloating", "PHYSICAL"),
    ("headache", "Headache", "PHYSICAL"),
    ("joint_muscle_pain", "Joint or muscle pain", "PHYSICAL"),
    ("work_interference", "Interference with work", "INTERFERENCE"),
    ("hobby_interference", "Interference with hobbies", "INTERFERENCE"),
    ("relationship_interference", "Interference with relationships", "INTERFERENCE"),
)

_PHYSICAL = (
    ("cramps", "Menstrual cramps"),
    ("pelvic_pain", "Pelvic pain"),
    ("heavy_bleeding", "Heavy bleeding"),
    ("spotting", "Spotting"),
    ("pain_during_sex", "Pain during or after sex"),
    ("painful_bowel_movements", "Painful bowel movements"),
    ("painful_urination", "Painful urination"),
    ("acne", "Acne"),
    ("fatigue", "Fatigue"),
    ("nausea", "Nausea"),
    ("back_pain", "Back pain"),
    ("bleeding_after_sex", "Bleeding after sex"),
    ("blood_in_urine", "Blood in urine"),
    ("rectal_bleeding", "Bleeding from the bottom (rectal bleeding)"),
    ("clots_flooding", "Large clots or flooding"),
    ("dizziness", "Dizziness or feeling faint"),
    # Issue 22: the warning signs of NICE NG126 (ectopic pregnancy), NICE CKS PID and
    # NICE NG225 (self-harm), which no rating could express before.
    ("fainting", "Fainting (passing out)"),
    ("fever", "Fever or high temperature"),
    ("one_sided_pain", "One-sided lower abdominal or pelvic pain"),
    ("shoulder_tip_pain", "Shoulder-tip pain"),
    ("abnormal_discharge", "Unusual vaginal discharge"),
    ("suicidal_thoughts", "Thoughts of suicide or of ending your life"),
    ("self_harm", "Self-harm"),
)

DRSP_SYMPTOMS: tuple[Symptom, ...] = tuple(
    Symptom(name, label, "drsp", item, domain)
    for item, (name, label, domain) in enumerate(_DRSP, start=1)
)
PHYSICAL_SYMPTOMS: tuple[Symptom, ...] = tuple(
    Symptom(name, label, "physical") for name, label in _PHYSICAL
)
ALL_SYMPTOMS: tuple[Symptom, ...] = DRSP_SYMPTOMS + PHYSICAL_SYMPTOMS
SYMPTOMS_BY_NAME: dict[str, Symptom] = {symptom.name: symptom for symptom in ALL_SYMPTOMS}
DRSP_ITEM_BY_NAME: dict[str, int] = {s.name: s.drsp_item for s in DRSP_SYMPTOMS if s.drsp_item}
DRSP_NAME_BY_ITEM: dict[int, str] = {item: name for name, item in DRSP_ITEM_BY_NAME.items()}
N_DRSP_ITEMS = len(DRSP_SYMPTOMS)

SEVERITY_MIN = 1
SEVERITY_MAX = 6
SEVERITY_LABELS = {
    1: "not at all",
    2: "minimal",
    3: "mild",
    4: "moderate",
    5: "severe",
    6: "extreme",
}
# The words the lookup shows, in the request's language; `name` and the level are the codes.
LABEL_TEXTS: dict[str, Text] = {
    s.name: Text(f"symptoms.label.{s.name}", s.label, note=_LABEL_NOTE) for s in ALL_SYMPTOMS
}
SEVERITY_TEXTS: dict[int, Text] = {
    level: Text(f"symptoms.severity.{level}", label, note=_SEVERITY_NOTE)
    for level, label in SEVERITY_LABELS.items()
}


def is_known_symptom(name: str) -> bool:
    """Whether `name` is in the vocabulary."""
    return name in SYMPTOMS_BY_NAME


def vocabulary_listing() -> dict[str, Any]:
    """The JSON-ready payload of GET /api/v1/symptoms."""
    return {
        "symptoms": [
            {
                "name": s.name,
                "label": LABEL_TEXTS[s.name].render(),
                "kind": s.kind,
                "drsp_item": s.drsp_item,
                "domain": s.domain,
            }
            for s in ALL_SYMPTOMS
        ],
        "severity_scale": {
            "min": SEVERITY_MIN,
            "max": SEVERITY_MAX,
            "labels": {str(level): text.render() for level, text in SEVERITY_TEXTS.items()},
            "source": "Daily Record of Severity of Problems (Endicott et al. 2006)",
        },
    }
