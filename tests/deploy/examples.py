"""Request bodies for end-to-end checks: the contract checker's examples (shared/tools)."""

from __future__ import annotations

from typing import Any

PCOS: dict[str, Any] = {
    "user_id": "contract-check",
    "features": {
        **{"irregular_periods": 1, "excess_hair_growth": 1, "acne": 0, "weight_gain": 1},
        **{"hair_loss": 0, "dark_skin_patches": 0, "age": 27, "height_cm": 162, "weight_kg": 70},
    },
}
CYCLE: dict[str, Any] = {
    "user_id": "contract-check",
    "as_of": "2026-03-01",
    "horizon_cycles": 3,
    "cycles": [
        {"start_date": day}
        for day in [
            *("2025-09-02", "2025-09-30", "2025-10-29", "2025-11-25"),
            *("2025-12-24", "2026-01-21", "2026-02-18"),
        ]
    ],
}
SYMPTOMS: dict[str, Any] = {
    "user_id": "contract-check",
    "as_of": "2026-02-25",
    "cycles": [{"start_date": day} for day in ["2025-12-24", "2026-01-21", "2026-02-18"]],
    "logs": [
        {"date": day, "symptom": symptom, "severity": severity}
        for day, symptom, severity in [
            ("2026-01-15", "anger_irritability", 5),
            ("2026-01-16", "anger_irritability", 5),
            ("2026-01-18", "swelling_bloating", 4),
            ("2026-01-21", "cramps", 4),
            ("2026-01-22", "cramps", 3),
            ("2026-01-26", "anger_irritability", 1),
        ]
    ],
}
# Path, body, and a field every successful answer of that endpoint carries.
PREDICTIONS: list[tuple[str, dict[str, Any], str]] = [
    ("/api/v1/predict/pcos", PCOS, "risk_score"),
    ("/api/v1/predict/cycle", CYCLE, "predicted_start_date"),
    ("/api/v1/predict/symptoms", SYMPTOMS, "pmdd_screen"),
]
