"""Feature names of the PCOS model and the physiological ranges that bound them.

One table serves the dataset loader (values outside it become NaN) and the request
schema (values outside it are rejected), so training and serving agree on what is sane.
"""

from __future__ import annotations

from typing import Final

SYMPTOMS: Final = (
    "irregular_periods",
    "excess_hair_growth",
    "acne",
    "weight_gain",
    "hair_loss",
    "dark_skin_patches",
)
LIFESTYLE: Final = ("fast_food", "regular_exercise")
SCREENING_MEASURES: Final = ("age", "bmi", "period_length_days")
CLINICAL_TRIGGERS: Final = (
    "amh_ng_ml",
    "fsh_miu_ml",
    "lh_miu_ml",
    "follicle_count_left",
    "follicle_count_right",
    "avg_follicle_size_left_mm",
    "avg_follicle_size_right_mm",
    "endometrium_mm",
)
"""Lab and ultrasound features: any one of them given selects the clinical variant."""
FOLLICLE_COUNTS: Final = ("follicle_count_left", "follicle_count_right")
PCOM_FOLLICLES_PER_OVARY: Final = 20
"""PCOS 2023: 20 or more follicles in either ovary (transvaginal, 8 MHz or more) is PCOM."""
FOLLICLE_CLIPS: Final[dict[str, tuple[float, float]]] = dict.fromkeys(
    FOLLICLE_COUNTS, (float(PCOM_FOLLICLES_PER_OVARY - 1), float(PCOM_FOLLICLES_PER_OVARY))
)
"""Clips of the follicle counts before the clinical score (since v2.4.0): a count under 20
is read as 19 and one from 20 as 20, so the score sees whether an ovary meets the 2023
threshold and nothing more: a count under it carries no morphology weight, and one far
above the cohort's (22 at most) cannot be extrapolated. The Kerala labels were made with
the 2003 threshold of 12; on raw counts the score learnt that threshold."""
OVARIAN_MORPHOLOGY: Final = (
    "amh_ng_ml",
    "follicle_count_left",
    "follicle_count_right",
    "avg_follicle_size_left_mm",
    "avg_follicle_size_right_mm",
)
"""Ultrasound and AMH markers of ovarian morphology: PCOS 2023 does not use them within 8
years of menarche (multifollicular ovaries are normal then), so neither does the score."""
EXCLUSION_LABS: Final = ("tsh_miu_l", "prl_ng_ml")
"""Labs for conditions that mimic PCOS: the 2023 guideline requires excluding thyroid
disease and hyperprolactinaemia, so they raise flags and never feed the score."""

SCREENING_FEATURES: Final = (*SYMPTOMS, *SCREENING_MEASURES, *LIFESTYLE)
CLINICAL_FEATURES: Final = (*SCREENING_FEATURES, *CLINICAL_TRIGGERS, "waist_hip_ratio")
CLINICAL_FEATURES_V2_1: Final = (
    *SCREENING_FEATURES,
    *CLINICAL_TRIGGERS,
    *EXCLUSION_LABS,
    "waist_hip_ratio",
)
"""The clinical variant of v2.1.0 (TSH and prolactin as features), kept loadable so that
version can still serve for a rollback or an A/B control; the service blanks both labs."""
DATASET_FEATURES: Final = (*CLINICAL_FEATURES_V2_1, "height_cm", "weight_kg")
TARGET: Final = "pcos"

# Inclusive bounds of values a living adult or adolescent can have (not reference
# intervals): wide enough for real disease (TSH 65 in hypothyroidism, AMH 30 in PCOS),
# narrow enough to catch unit slips and typing errors (FSH 5052, systolic BP 12).
PHYSIOLOGICAL_RANGES: Final[dict[str, tuple[float, float]]] = {
    "age": (8.0, 70.0),
    "bmi": (10.0, 80.0),
    "height_cm": (100.0, 230.0),
    "weight_kg": (25.0, 300.0),
    "cycle_length_days": (10.0, 180.0),
    "period_length_days": (0.0, 20.0),
    "amh_ng_ml": (0.0, 100.0),
    "fsh_miu_ml": (0.0, 200.0),
    "lh_miu_ml": (0.0, 200.0),
    "follicle_count_left": (0.0, 100.0),
    "follicle_count_right": (0.0, 100.0),
    "avg_follicle_size_left_mm": (0.0, 50.0),
    "avg_follicle_size_right_mm": (0.0, 50.0),
    "endometrium_mm": (0.5, 30.0),
    "tsh_miu_l": (0.0, 150.0),
    "prl_ng_ml": (0.0, 500.0),
    "waist_hip_ratio": (0.5, 1.5),
    "years_since_menarche": (0.0, 60.0),
    "total_testosterone_nmol_l": (0.0, 50.0),
}
