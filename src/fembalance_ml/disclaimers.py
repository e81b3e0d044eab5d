"""Plain-language disclaimers carried by every response about a person's health.

Each is a localisable `Text`; the string constants are the English wording, which the
answer carries when the request asks for no other language.
"""

from __future__ import annotations

from fembalance_ml.i18n import Text

PCOS_TEXT = Text(
    "common.disclaimer.pcos",
    "This is a screening aid, not a diagnosis. PCOS can only be diagnosed by a clinician, "
    "using examinations and tests. Please talk to a doctor about your results.",
)
CYCLE_TEXT = Text(
    "common.disclaimer.cycle",
    "Cycle dates are estimates from your own history, not a medical assessment. "
    "They are not contraception: do not rely on them to prevent or plan a pregnancy.",
)
SYMPTOMS_TEXT = Text(
    "common.disclaimer.symptoms",
    "This is a screening aid, not a diagnosis. Patterns and flags here are reasons to talk "
    "to a clinician, not conclusions. If you feel unsafe or have thoughts of self-harm, "
    "seek help now.",
)
PCOS = PCOS_TEXT.template
CYCLE = CYCLE_TEXT.template
SYMPTOMS = SYMPTOMS_TEXT.template
