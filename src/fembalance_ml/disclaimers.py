"""Plain-language disclaimers carried by every response about a person's health."""

from __future__ import annotations

PCOS = (
    "This is a screening aid, not a diagnosis. PCOS can only be diagnosed by a clinician, "
    "using examinations and tests. Please talk to a doctor about your results."
)
CYCLE = (
    "Cycle dates are estimates from your own history, not a medical assessment. "
    "They are not contraception: do not rely on them to prevent or plan a pregnancy."
)
SYMPTOMS = (
    "This is a screening aid, not a diagnosis. Patterns and flags here are reasons to talk "
    "to a clinician, not conclusions. If you feel unsafe or have thoughts of self-harm, "
    "seek help now."
)
