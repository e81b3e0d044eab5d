"""The evidence lines of the first-occurrence red flags (urgent_flags, warning_flags).

Each line is a `Text` whose values are the answer's params: dates in the words are cut
short after 3 (`wording.dates_text`), all of them are in the line's params; a symptom's
code (heavy_bleeding) stays a code in every language, a sign's kind is worded
(`wording.SIGNS`).
"""

from __future__ import annotations

from datetime import date

from fembalance_ml.clinical.person import NoteParam
from fembalance_ml.i18n import Text
from fembalance_ml.symptoms.wording import Said, dates_text, iso, say

CODE_NOTE = "{symptom} is a symptom's code (heavy_bleeding...): keep it as it is"
RATED_EXTREME = Text(
    "symptoms.evidence.rated_extreme",
    "{symptom} rated 6 (extreme) on {days} day(s) ({dates})",
    note=CODE_NOTE,
)
DIZZY_WITH_HEAVY = Text(
    "symptoms.evidence.dizzy_with_heavy_bleeding",
    "dizziness rated 4+ with heavy bleeding rated 4+ on {dates}",
)
FAINT_WITH_HEAVY = Text(
    "symptoms.evidence.fainting_with_heavy_bleeding",
    "fainting with heavy bleeding rated 4+ on {dates}",
)
PAIN_WITH_DIZZINESS = Text(
    "symptoms.evidence.pain_with_dizziness", "pain rated 4+ with dizziness rated 4+ on {dates}"
)
PAIN_WITH_FAINTING = Text(
    "symptoms.evidence.pain_with_fainting", "pain rated 3+ with fainting on {dates}"
)
PAIN_WITH_FEVER = Text("symptoms.evidence.pain_with_fever", "pain rated 3+ with fever on {dates}")
LATE_PERIOD = Text(
    "symptoms.evidence.late_period",
    "no period start logged {days_late} days after the projected start {due_date}",
)
LATE_SIGN = Text(
    "symptoms.evidence.late_sign",
    "{sign} logged since then on {dates}",
    note="{sign} is a sign's name (symptoms.sign.*), as the start of a sentence",
)
SHOULDER_TIP = Text(
    "symptoms.evidence.shoulder_tip_pain",
    "shoulder_tip_pain logged on {dates}",
    note="shoulder_tip_pain is a symptom's code: keep it as it is",
)
SIGN_IN_PREGNANCY = Text(
    "symptoms.evidence.sign_in_pregnancy",
    "{sign} logged in pregnancy on {dates}",
    note="{sign} is a sign's name (symptoms.sign.*)",
)
SIGN_AFTER_BIRTH = Text(
    "symptoms.evidence.sign_after_birth",
    "{sign} logged in the 6 weeks after the birth on {dates}",
    note="{sign} is a sign's name (symptoms.sign.*)",
)
DISCHARGE_WITH_FEVER = Text(
    "symptoms.evidence.discharge_with_fever",
    "abnormal_discharge with fever on {dates}",
    note="abnormal_discharge is a symptom's code: keep it as it is",
)


def dated(
    text: Text, days: list[date], params: dict[str, NoteParam] | None = None, **shown: object
) -> Said:
    """An evidence line naming `days` (cut short in the words, all ISO dates in params)."""
    return say(text, (params or {}) | {"dates": iso(days)}, dates=dates_text(days), **shown)


LOGGED = Text(
    "symptoms.evidence.logged_on_days", "{symptom} logged on {days} day(s) ({dates})", CODE_NOTE
)
LOGGED_AROUND_PERIOD = Text(
    "symptoms.evidence.logged_on_days.around_period",
    "{symptom} logged on {days} day(s) ({dates}), {around_period} of them during or just "
    "before a period",
    CODE_NOTE,
)
SEVERE_HOPELESSNESS = Text(
    "symptoms.evidence.severe_hopelessness",
    "hopelessness or worthlessness_guilt rated 5+ (severe) on {days} days ({dates})",
    note="hopelessness and worthlessness_guilt are symptoms' codes: keep them as they are",
)
WITH_PAIN = Text(
    "symptoms.evidence.with_pelvic_pain", "with pelvic or one-sided pain rated 3+ on {dates}"
)
WITH_FEVER = Text("symptoms.evidence.with_fever", "with fever on {dates}")


def logged(symptom: str, days: list[date]) -> Said:
    """The evidence line of a symptom logged on `days`."""
    return dated(LOGGED, days, {"symptom": symptom, "days": len(days)})
