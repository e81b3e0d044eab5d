"""Request bodies for end-to-end checks: the contract checker's examples (shared/tools)."""

from __future__ import annotations

from typing import Any

from tests.conftest import body

PCOS, CYCLE, SYMPTOMS = body("pcos"), body("cycle"), body("symptoms")
# Path, body, and a field every successful answer of that endpoint carries.
PREDICTIONS: list[tuple[str, dict[str, Any], str]] = [
    ("/api/v1/predict/pcos", PCOS, "risk_score"),
    ("/api/v1/predict/cycle", CYCLE, "predicted_start_date"),
    ("/api/v1/predict/symptoms", SYMPTOMS, "pmdd_screen"),
]
