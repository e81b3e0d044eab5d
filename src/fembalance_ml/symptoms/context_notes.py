"""What the person's context changes in the screen and the forecast of /symptoms.

The C-PASS algorithm is never changed: pregnancy leaves out the onsets logged after the
pregnancy began (bleeding in pregnancy is not a menses onset, and the rules flag it), and
both pregnancy and hormonal contraception add a note saying how to read the result. The
forecast projects menstrual cycles, so it is not made where there are none to project,
and the answer's `assumptions` says why (`no_symptom_forecast`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fembalance_ml.clinical.person import Assumption, NoteParam
from fembalance_ml.clinical.situation import Situation
from fembalance_ml.clinical.sources import NICE_CG192, RCOG_GTG_48
from fembalance_ml.i18n import Text
from fembalance_ml.symptoms.schemas import PmddScreen, SymptomLog, TextPart
from fembalance_ml.symptoms.screen import pmdd_screen
from fembalance_ml.symptoms.timeline import CycleTimeline

IN_PREGNANCY = Text(
    "symptoms.pmdd_screen_in_pregnancy",
    "You told us you are pregnant: this premenstrual screen reads only the cycles before "
    "the pregnancy, since symptoms in pregnancy are not premenstrual. Low mood or anxiety "
    "in pregnancy is common and treatable: tell your midwife or doctor, and mention any "
    f"premenstrual pattern found here ({NICE_CG192}).",
)
ON_HORMONAL_CONTRACEPTION = Text(
    "symptoms.pmdd_screen_on_hormonal_contraception",
    "You told us you use hormonal contraception: it can mask or change premenstrual "
    "symptoms (on combined methods the bleeds are withdrawal bleeds, not a natural cycle), "
    f"so read this screen with a clinician ({RCOG_GTG_48}).",
)


def screen_for(
    situation: Situation,
    starts: Sequence[date],
    logs: Sequence[SymptomLog],
    timeline: CycleTimeline | None = None,
) -> PmddScreen:
    """The C-PASS screen of the onsets that are menses, with the context's notes.

    `timeline`: the one whose `starts` these are, when built (the screen then reads the
    C-PASS windows it keeps for each day, and the patterns find them there).
    """
    onsets = list(starts)
    notes = []
    if situation.pregnant:
        began = situation.context.pregnancy_start_date
        params: dict[str, NoteParam] = {}
        if began is not None:
            onsets = [onset for onset in onsets if onset <= began]
            params = {
                "pregnancy_start_date": began.isoformat(),
                "onsets_left_out": len(starts) - len(onsets),
            }
        notes.append(
            Assumption(
                code="pmdd_screen_in_pregnancy", message=IN_PREGNANCY.render(), params=params
            )
        )
    if situation.hormonal_contraception:
        notes.append(
            Assumption(
                code="pmdd_screen_on_hormonal_contraception",
                message=ON_HORMONAL_CONTRACEPTION.render(),
                params={"contraception": situation.context.contraception or ""},
            )
        )
    windows = None
    if timeline is not None and tuple(onsets) == timeline.starts:
        windows = timeline.windows  # none left out for a pregnancy
    screen = pmdd_screen(onsets, logs, windows)
    if not notes:
        return screen
    message = " ".join([screen.message or "", *(note.message for note in notes)]).strip()
    parts = [*screen.message_codes, *(TextPart(code=n.code, params=n.params) for n in notes)]
    return screen.model_copy(update={"message": message, "notes": notes, "message_codes": parts})


_NO_CYCLE = ": there is no menstrual cycle to forecast symptoms along, so `forecast` is empty."
_FIELD_NOTE = "`forecast` is the answer's field name: keep it as it is"
NO_FORECAST = {
    "pregnancy": Text(
        "symptoms.no_symptom_forecast.pregnancy",
        "You told us you are pregnant" + _NO_CYCLE,
        note=_FIELD_NOTE,
    ),
    "menopause": Text(
        "symptoms.no_symptom_forecast.menopause",
        "You told us you have reached the menopause" + _NO_CYCLE,
        note=_FIELD_NOTE,
    ),
    "after_birth": Text(
        "symptoms.no_symptom_forecast.after_birth",
        "No period has been logged since the birth you told us about" + _NO_CYCLE,
        note=_FIELD_NOTE,
    ),
}


def no_forecast_reason(situation: Situation, last_start: date) -> Assumption | None:
    """Why no symptom forecast is made, or None when there are cycles to forecast along.

    Not in pregnancy, after a stated menopause, or after a birth with no period since
    while breastfeeding or in the first 3 months (clinical/situation.py).
    """
    if situation.pregnant:
        reason = "pregnancy"
    elif situation.postmenopausal:
        reason = "menopause"
    elif situation.no_period_explained_by_birth(last_start):
        reason = "after_birth"
    else:
        return None
    return Assumption(
        code="no_symptom_forecast",
        message=NO_FORECAST[reason].render(),
        params={"reason": reason},
    )
