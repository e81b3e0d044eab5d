"""The premenstrual screen of a request: dated DRSP logs -> C-PASS windows -> PmddScreen."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

import numpy as np

from fembalance_ml.i18n import Text
from fembalance_ml.symptoms.cpass import (
    MIN_INCLUDED_DAYS,
    MRMD,
    NO_DIAGNOSIS,
    PMDD,
    PME,
    CpassCycles,
    cpass_cycles,
    subject_summary,
)
from fembalance_ml.symptoms.cpass_grid import POST_DAYS, PRE_DAYS, Row, grid_from_rows
from fembalance_ml.symptoms.schemas import PmddScreen, ScreenedCycle, ScreenResult, SymptomLog
from fembalance_ml.symptoms.vocabulary import DRSP_ITEM_BY_NAME, DRSP_NAME_BY_ITEM
from fembalance_ml.symptoms.wording import Said, say

MIN_EVALUABLE_CYCLES = 2
_RESULT_NAMES: dict[str, ScreenResult] = {
    PMDD: "pmdd",
    MRMD: "mrmd",
    PME: "pme",
    NO_DIAGNOSIS: "no_diagnosis",
}
_CONFIRM = (
    "This is a screening result from your daily ratings, not a diagnosis: a clinician "
    "confirms the diagnosis, and there are effective treatments. If you feel unsafe or "
    "have thoughts of harming yourself, seek help now."
)
_TERMS = "C-PASS, DSM-5, PMDD, MRMD and PME are the names of the method and the diagnoses"
# One plain message per C-PASS outcome (Eisenlohr-Moul et al. 2017; DSM-5 for PMDD).
RESULT_MESSAGES: dict[ScreenResult, Text] = {
    "pmdd": Text(
        "symptoms.pmdd_screen.pmdd",
        "Your ratings show a pattern consistent with premenstrual dysphoric disorder "
        "(PMDD) on C-PASS, which applies the DSM-5 criteria to daily ratings. " + _CONFIRM,
        note=_TERMS,
    ),
    "mrmd": Text(
        "symptoms.pmdd_screen.mrmd",
        "Your ratings show a pattern consistent with a menstrually-related mood disorder "
        "(MRMD) on C-PASS: mood symptoms that rise before periods and clear after them, "
        "without meeting every PMDD criterion. " + _CONFIRM,
        note=_TERMS,
    ),
    "pme": Text(
        "symptoms.pmdd_screen.pme",
        "Your ratings show a pattern consistent with premenstrual exacerbation (PME) on "
        "C-PASS: symptoms present all cycle that get worse before periods, which can be "
        "an underlying condition (such as depression or anxiety) made worse by the cycle. "
        + _CONFIRM,
        note=_TERMS,
    ),
    "no_diagnosis": Text(
        "symptoms.pmdd_screen.no_diagnosis",
        "Your ratings do not show a premenstrual pattern that meets the C-PASS criteria. "
        "This does not rule anything else out: if your symptoms trouble you, talk to a "
        "clinician.",
    ),
}
CYCLES_NEEDED = Text(
    "symptoms.pmdd_screen.insufficient_cycles",
    "{evaluated} cycle(s) could be evaluated; log the DRSP items daily for {missing} "
    "more cycle(s) (at least 4 of the 7 days before a period starts and 4 of days "
    "4-10 after it) to complete the screen.",
    note="DRSP: the Daily Record of Severity of Problems, the rating form",
)
CORE_ITEMS_MISSING = Text(
    "symptoms.pmdd_screen.core_items_missing",
    "The core mood items (DRSP items 1-8) were not rated on at least 4 days in both "
    "weeks of every evaluated cycle; rate them daily to complete the screen.",
)


_WINDOW_DAYS = frozenset(PRE_DAYS + POST_DAYS)
# A day's (k, C-PASS day) around the k-th sorted onset (`windows_among`, the onsets bound).
Windows = Callable[[date], Sequence[tuple[int, int]]]
_ITEM_SCORES = {name: float(item) for name, item in DRSP_ITEM_BY_NAME.items()}  # row's item
# An onset whose windows can hold a day lies from 9 days before it to 7 days after it.
_ONSET_BEFORE = max(POST_DAYS) - 1
_ONSET_AFTER = -min(PRE_DAYS)


def windows_among(day: int, onsets: Sequence[int]) -> list[tuple[int, int]]:
    """(k, C-PASS day) for each k-th of the sorted `onsets` (from 1) whose windows hold
    `day`; days as day numbers (`date.toordinal`). The C-PASS day of a date is its offset
    from the onset plus 1 from the onset on (day 1), its offset before it (-7..-1).

    Only the onsets near the day are looked at (starts are 10+ days apart: at most two).
    """
    found = []
    for index in range(bisect_left(onsets, day - _ONSET_BEFORE), len(onsets)):
        offset = day - onsets[index]
        if -offset > _ONSET_AFTER:
            break
        relative = offset + 1 if offset >= 0 else offset
        if relative in _WINDOW_DAYS:
            found.append((index + 1, relative))
    return found


def cpass_rows(
    starts: Sequence[date], logs: Sequence[SymptomLog], windows: Windows | None = None
) -> list[Row]:
    """C-PASS rows (subject 0, cycle, day, item, score) of one person: cycle k = k-th onset.

    `windows`: `windows_among` the sorted `starts`, when the caller keeps them (the
    request's timeline does: `CycleTimeline.windows`).
    """
    if windows is None:
        windows = partial(_windows_on, [onset.toordinal() for onset in sorted(starts)])
    placed: dict[date, list[tuple[int, float]]] = {}  # each distinct date placed once
    rows: list[Row] = []
    for log in logs:
        item = _ITEM_SCORES.get(log.symptom)
        if item is None:
            continue
        found = placed.get(log.date)
        if found is None:
            found = placed[log.date] = [(cycle, float(day)) for cycle, day in windows(log.date)]
        for cycle, day in found:
            rows.append((0, cycle, day, item, float(log.severity)))
    return rows


def _windows_on(onsets: Sequence[int], day: date) -> list[tuple[int, int]]:
    return windows_among(day.toordinal(), onsets)


def _cycles_needed(n_evaluable: int) -> Said:
    missing = MIN_EVALUABLE_CYCLES - n_evaluable
    return say(CYCLES_NEEDED, {"evaluated": n_evaluable, "missing": missing})


def _meeting_items(run: CpassCycles) -> list[str]:
    meets = run.items.meets_pmdd[run.included] == 1.0
    return [DRSP_NAME_BY_ITEM[int(index) + 1] for index in np.flatnonzero(meets.any(axis=0))]


def _subject_result(run: CpassCycles) -> tuple[ScreenResult, Said]:
    n_evaluable = int(run.included.sum())
    if n_evaluable < MIN_EVALUABLE_CYCLES:
        return "insufficient_data", _cycles_needed(n_evaluable)
    if bool(np.isnan(run.criterion_a).any()):
        return "insufficient_data", say(CORE_ITEMS_MISSING)
    summary = subject_summary(run.included, run.n_domains, run.criterion_a, run.pme_flag, run.dx)
    outcome = _RESULT_NAMES[summary["dx"]]
    return outcome, say(RESULT_MESSAGES[outcome])


def _any_included(rows: Sequence[Row]) -> bool:
    """`cycle_included(grid_from_rows(rows)).any()` for rows from `cpass_rows`, without the
    grid: some cycle has ratings on MIN_INCLUDED_DAYS days of each window."""
    days: dict[int, tuple[set[float], set[float]]] = {}
    for _, cycle, day, _, _ in rows:
        pre, post = days.setdefault(cycle, (set(), set()))
        (pre if day < 0 else post).add(day)
    return any(
        len(pre) >= MIN_INCLUDED_DAYS and len(post) >= MIN_INCLUDED_DAYS
        for pre, post in days.values()
    )


def _nothing_evaluable(rows: Sequence[Row], onsets: Sequence[date]) -> PmddScreen:
    """The screen when no cycle has 4 rated days in both windows, without running C-PASS.

    Exactly what C-PASS gives then: an item needs 4 rated days in both windows, which a
    cycle that is not included cannot have, so no item, domain or cycle criterion is met
    (0 domains), and with no evaluable cycle the result asks for 2 more. The cycles are
    those with a rating in a window, in order (the grid's rows).
    """
    # Plain fields: PmddScreen builds each ScreenedCycle in one validation.
    cycles = [
        {
            "start_date": onsets[cycle - 1],
            "included": False,
            "result": "insufficient_data",
            "domains_met": 0,
        }
        for cycle in sorted({cycle for _, cycle, _, _, _ in rows})
    ]
    needed = _cycles_needed(0)
    return PmddScreen(
        result="insufficient_data",
        cycles_evaluated=0,
        cycles=cycles,
        symptoms_meeting_criteria=[],
        message=needed.text,
        message_codes=[needed.part],
    )


def pmdd_screen(
    starts: Sequence[date], logs: Sequence[SymptomLog], windows: Windows | None = None
) -> PmddScreen:
    """Run C-PASS on a person's dated logs; fewer than 2 evaluable cycles is not enough.

    `windows`: as `cpass_rows` takes it.
    """
    rows = cpass_rows(starts, logs, windows)
    onsets = sorted(starts)
    if not rows:
        needed = _cycles_needed(0)
        return PmddScreen(
            result="insufficient_data",
            cycles_evaluated=0,
            cycles=[],
            symptoms_meeting_criteria=[],
            message=needed.text,
            message_codes=[needed.part],
        )
    if not _any_included(rows):
        return _nothing_evaluable(rows, onsets)
    # Validated logs: severities 1-6 (schema), DRSP items 1-24, window days never 0.
    return screen_of_run(cpass_cycles(grid_from_rows(rows, checked=True)), onsets)


def screen_of_run(run: CpassCycles, onsets: Sequence[date]) -> PmddScreen:
    """The screen of a C-PASS run over one person's cycles (cycle k = the k-th onset)."""
    cycles = [
        ScreenedCycle(
            start_date=onsets[int(cycle) - 1],
            included=included,
            result=_RESULT_NAMES[dx] if included else "insufficient_data",
            domains_met=n_domains,
        )
        for cycle, included, dx, n_domains in zip(
            run.grid.cycles.tolist(),
            run.included.tolist(),
            run.dx,
            run.n_domains.tolist(),
            strict=True,
        )
    ]
    outcome, message = _subject_result(run)
    return PmddScreen(
        result=outcome,
        cycles_evaluated=int(run.included.sum()),
        cycles=cycles,
        symptoms_meeting_criteria=_meeting_items(run),
        message=message.text,
        message_codes=[message.part],
    )
