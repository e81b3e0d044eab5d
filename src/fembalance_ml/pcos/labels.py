"""Plain labels for every PCOS input, for forms and for showing `key_factors` to a person.

Labels and unit words are rendered in the request's language; `name` is each label's
stable code and `unit_code` the unit's (the English unit or symbol).

`GET /api/v1/pcos/features` publishes this listing, built from the request schema itself
(types, bounds, required) so it cannot drift from what the endpoint accepts.
"""

from __future__ import annotations

from typing import Any, Final

from fembalance_ml.i18n import Text
from fembalance_ml.pcos.features import (
    CLINICAL_FEATURES,
    EXCLUSION_LABS,
    LIFESTYLE,
    OVARIAN_MORPHOLOGY,
    PHYSIOLOGICAL_RANGES,
    SYMPTOMS,
)
from fembalance_ml.pcos.schemas import PcosFeatures

# name: (label a person reads, unit or ""); the labels become Texts below.
_ENGLISH: Final[dict[str, tuple[str, str]]] = {
    "irregular_periods": ("Irregular periods", ""),
    "excess_hair_growth": ("Excess hair on the face or body", ""),
    "acne": ("Acne", ""),
    "weight_gain": ("Recent weight gain", ""),
    "hair_loss": ("Hair thinning or loss on the scalp", ""),
    "dark_skin_patches": ("Dark, velvety skin patches", ""),
    "age": ("Age", "years"),
    "bmi": ("Body mass index", "kg/m²"),
    "height_cm": ("Height", "cm"),
    "weight_kg": ("Weight", "kg"),
    "cycle_length_days": ("Usual cycle length", "days"),
    "period_length_days": ("Usual period length", "days"),
    "fast_food": ("Eats fast food regularly", ""),
    "regular_exercise": ("Exercises regularly", ""),
    "amh_ng_ml": ("Anti-Müllerian hormone (AMH)", "ng/mL"),
    "fsh_miu_ml": ("Follicle-stimulating hormone (FSH)", "mIU/mL"),
    "lh_miu_ml": ("Luteinising hormone (LH)", "mIU/mL"),
    "follicle_count_left": ("Follicles, left ovary (ultrasound)", "count"),
    "follicle_count_right": ("Follicles, right ovary (ultrasound)", "count"),
    "avg_follicle_size_left_mm": ("Average follicle size, left ovary", "mm"),
    "avg_follicle_size_right_mm": ("Average follicle size, right ovary", "mm"),
    "endometrium_mm": ("Endometrial thickness (ultrasound)", "mm"),
    "tsh_miu_l": ("Thyroid-stimulating hormone (TSH)", "mIU/L"),
    "prl_ng_ml": ("Prolactin", "ng/mL"),
    "waist_hip_ratio": ("Waist-to-hip ratio", ""),
    "years_since_menarche": ("Years since the first period", "years"),
    "total_testosterone_nmol_l": ("Total testosterone", "nmol/L"),
}

LABELS: Final[dict[str, tuple[Text, str]]] = {
    name: (Text(f"pcos.feature.{name}", label, note="A form's label for this input."), unit)
    for name, (label, unit) in _ENGLISH.items()
}
"""Each input's label (rendered in the request's language) and its unit's code."""
# Units that are words, not symbols: these are translated; kg/m², ng/mL... are not.
UNIT_WORDS: Final[dict[str, Text]] = {
    unit: Text(f"pcos.unit.{unit}", unit, note="A unit shown after a value in a form.")
    for unit in ("years", "days", "count")
}


def _unit(code: str) -> str:
    word = UNIT_WORDS.get(code)
    return code if word is None else word.render()


def _group(name: str) -> str:
    if name in SYMPTOMS:
        return "symptom"
    if name in LIFESTYLE:
        return "lifestyle"
    if name in EXCLUSION_LABS:
        return "exclusion_lab"
    if name in OVARIAN_MORPHOLOGY or name == "endometrium_mm":
        return "ultrasound_or_amh"
    if name in {"fsh_miu_ml", "lh_miu_ml", "total_testosterone_nmol_l"}:
        return "lab"
    return "measure"


def _kind(schema: dict[str, Any]) -> str:
    types = {option.get("type") for option in schema.get("anyOf", [schema])}
    return next(t for t in ("boolean", "integer", "number") if t in types)


def feature_listing() -> dict[str, Any]:
    """The JSON-ready payload of GET /api/v1/pcos/features, in request order."""
    schema = PcosFeatures.model_json_schema()
    required = set(schema.get("required", []))
    features = []
    for name, field in schema["properties"].items():
        label, unit = LABELS[name]
        low, high = PHYSIOLOGICAL_RANGES.get(name, (None, None))
        features.append(
            {
                "name": name,
                "label": label.render(),
                "unit": _unit(unit),
                "unit_code": unit,
                "type": _kind(field),
                "required": name in required,
                "minimum": low,
                "maximum": high,
                "group": _group(name),
                "feeds_score": name in CLINICAL_FEATURES,
            }
        )
    return {"features": features}
