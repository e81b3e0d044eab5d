"""Flags that do not wait for a pattern: one log is enough when waiting could cause harm.

The other rules (red_flags.py) wait for a pattern in 2 or more cycles, so that a mistap
cannot alarm anyone. These do not: extreme bleeding or pain, a bleed of 14 days or more,
bleeding after sex, blood in the urine or from the bottom, and repeated severe
hopelessness or worthlessness are each worth a clinician's (or a crisis line's) attention
the first time, and a false alarm here costs far less than a missed one.
"""

from __future__ import annotations

from datetime import date, timedelta

from fembalance_ml.symptoms.flag_context import BLEEDING_SYMPTOMS, PRESENT, FlagContext
from fembalance_ml.symptoms.red_flags import MODERATE, dates_text, period_related

EXTREME = 6  # DRSP "extreme"
SEVERE = 5  # DRSP "severe"
LONG_BLEED_DAYS = 14  # the clinical review's threshold (issue 15), well past FIGO's 8 days
HEAVY_SYMPTOMS = ("heavy_bleeding", "clots_flooding")
DIZZY_WINDOW_DAYS = 1  # dizziness the day before, of, or after heavy bleeding counts
CRISIS_ITEMS = ("hopelessness", "worthlessness_guilt")
CRISIS_DAYS = 3  # days with a crisis item rated severe or worse


def _extreme(ctx: FlagContext, symptom: str) -> list[str]:
    days = [day for day, _ in ctx.ratings(symptom, EXTREME)]
    if not days:
        return []
    return [f"{symptom} rated 6 (extreme) on {len(days)} day(s) ({dates_text(days)})"]


def bleeding_runs(days: set[date]) -> list[tuple[date, int]]:
    """(first day, length) of every run of consecutive days in `days`, in date order."""
    runs = []
    for day in sorted(days):
        if day - timedelta(days=1) not in days:
            length = 1
            while day + timedelta(days=length) in days:
                length += 1
            runs.append((day, length))
    return runs


def _long_bleeds(ctx: FlagContext) -> list[str]:
    bleeding = {day for s in BLEEDING_SYMPTOMS for day, _ in ctx.ratings(s, PRESENT)}
    lines = [
        f"bleeding logged on {length} consecutive days from {first}"
        for first, length in bleeding_runs(bleeding)
        if length >= LONG_BLEED_DAYS
    ]
    lines += [
        f"period of {p.start} lasted {p.length} days ({p.length_source})"
        for p in ctx.periods
        # Lengths measured from bleeding logs are the runs above; these are the stated ones.
        if p.length_source == "period_length_days" and (p.length or 0) >= LONG_BLEED_DAYS
    ]
    return lines


def _dizzy_with_heavy_bleeding(ctx: FlagContext) -> list[str]:
    heavy = {day for s in HEAVY_SYMPTOMS for day, _ in ctx.ratings(s, MODERATE)}
    window = range(-DIZZY_WINDOW_DAYS, DIZZY_WINDOW_DAYS + 1)
    days = [
        day
        for day, _ in ctx.ratings("dizziness", MODERATE)
        if any(day + timedelta(days=k) in heavy for k in window)
    ]
    if not days:
        return []
    return [f"dizziness rated 4+ with heavy bleeding rated 4+ on {dates_text(days)}"]


def urgent_care(ctx: FlagContext) -> list[str]:
    """Extreme heavy bleeding or pelvic pain, a bleed of 14+ days, or dizzy while bleeding."""
    extreme = [line for s in (*HEAVY_SYMPTOMS, "pelvic_pain") for line in _extreme(ctx, s)]
    return extreme + _long_bleeds(ctx) + _dizzy_with_heavy_bleeding(ctx)


def postcoital_bleeding(ctx: FlagContext) -> list[str]:
    """Any bleeding after sex (CKS: it always needs a clinician's examination)."""
    days = [day for day, _ in ctx.ratings("bleeding_after_sex", PRESENT)]
    return [f"bleeding_after_sex logged on {dates_text(days)}"] if days else []


def blood_in_urine(ctx: FlagContext) -> list[str]:
    """Any visible blood in the urine, noting when it comes with periods."""
    return _visible_blood(ctx, "blood_in_urine")


def rectal_bleeding(ctx: FlagContext) -> list[str]:
    """Any bleeding from the bottom, noting when it comes with periods."""
    return _visible_blood(ctx, "rectal_bleeding")


def _visible_blood(ctx: FlagContext, symptom: str) -> list[str]:
    days = [day for day, _ in ctx.ratings(symptom, PRESENT)]
    if not days:
        return []
    around_period = [day for day in days if period_related(ctx, day)]
    line = f"{symptom} logged on {len(days)} day(s) ({dates_text(days)})"
    if around_period:
        line += f", {len(around_period)} of them during or just before a period"
    return [line]


def crisis_support(ctx: FlagContext) -> list[str]:
    """Hopelessness or worthlessness rated severe (5) or worse on 3 or more days."""
    days = sorted({day for item in CRISIS_ITEMS for day, _ in ctx.ratings(item, SEVERE)})
    if len(days) < CRISIS_DAYS:
        return []
    items = " or ".join(CRISIS_ITEMS)
    return [f"{items} rated 5+ (severe) on {len(days)} days ({dates_text(days)})"]
