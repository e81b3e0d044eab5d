"""Clinical vignettes for the red-flag rules: each names the rules it must fire, and no other.

Built by vignette_builder.py (a healthy 8-cycle log plus the entries named). The first
block is from before issue 22; where issue 22 changed what one must fire, the comment says
so. docs/CLINICAL.md lists every vignette under the rules it must and must not fire.
"""

from __future__ import annotations

from tests.symptoms.vignette_builder import (
    AFTER_BIRTH_DAY,
    AFTER_MENOPAUSE_DAY,
    CRISIS,
    DISCHARGE_FEVER,
    ENDO,
    EXTREME,
    FAINT_HEAVY,
    FAINTING,
    HMB,
    HRT,
    IMB,
    INFECTION,
    LATE,
    LATE_SYMPTOMS,
    LATE_URGENT,
    LONG,
    MENOPAUSE_CONTEXT,
    NOT_PREGNANT,
    PAIN_DIZZY,
    PAIN_FEVER,
    PCB,
    PILL,
    PMB,
    POSTPARTUM,
    POSTPARTUM_CONTEXT,
    PREGNANCY,
    PREGNANT,
    RECTAL,
    SELF_HARM,
    SHOULDER,
    UNSCHEDULED,
    URINE,
    VERY_LONG,
    Vignette,
    after_birth,
    after_menopause,
    each,
    flag,
    flags_of,
    healthy_entries,
    on_day,
    run,
)

__all__ = ["VIGNETTES", "Vignette", "flags_of", "healthy_entries"]

BEFORE_ISSUE_22 = (
    Vignette("healthy ordinary log", flag()),
    Vignette("pelvic pain for 7 months", flag(ENDO), each(range(8), 16, "pelvic_pain", 3)),
    Vignette("pelvic pain for 3 months", flag(), each(range(4), 16, "pelvic_pain", 3)),
    Vignette(
        "pelvic pain in 3 separate months over 7 months",
        flag(ENDO),
        each((0, 3, 7), 16, "pelvic_pain", 3),
    ),
    Vignette("pelvic pain twice, 7 months apart", flag(), each((0, 7), 16, "pelvic_pain", 4)),
    Vignette(
        "pelvic pain in 3 separate months over 3 months",
        flag(),
        each((0, 1, 3), 16, "pelvic_pain", 3),
    ),
    Vignette(
        "pelvic pain only during periods for 7 months",
        flag(),
        each(range(8), 2, "pelvic_pain", 3),
    ),
    Vignette("pelvic pain 7 months but minimal", flag(), each(range(8), 16, "pelvic_pain", 2)),
    Vignette(
        "cramps that stop work, twice",
        flag(ENDO),
        each((2, 5), 1, "cramps", 5) + each((2, 5), 1, "work_interference", 5),
    ),
    Vignette(
        "cramps that stop work, once",
        flag(),
        each((2,), 1, "cramps", 5) + each((2,), 1, "work_interference", 5),
    ),
    Vignette("severe cramps, no interference", flag(), each(range(8), 1, "cramps", 5)),
    Vignette("extreme cramps, twice", flag(ENDO), each((1, 3), 2, "cramps", 6)),
    Vignette("pain during sex, twice", flag(ENDO), each((1, 4), 12, "pain_during_sex", 4)),
    Vignette("pain during sex, once", flag(), each((1,), 12, "pain_during_sex", 4)),
    Vignette("minimal pain during sex", flag(), each(range(8), 12, "pain_during_sex", 2)),
    Vignette(
        "painful bowel movements with periods",
        flag(ENDO),
        each((0, 3), 2, "painful_bowel_movements", 3),
    ),
    Vignette(
        "painful bowel movements mid-cycle",
        flag(),
        each((0, 3), 14, "painful_bowel_movements", 3),
    ),
    Vignette(
        "painful urination before periods", flag(ENDO), each((2, 6), -2, "painful_urination", 4)
    ),
    Vignette("heavy bleeding in 2 periods", flag(HMB), each((3, 6), 2, "heavy_bleeding", 5)),
    Vignette("heavy bleeding in 1 period", flag(), each((3,), 2, "heavy_bleeding", 5)),
    Vignette("heavy bleeding, mild", flag(), each(range(8), 2, "heavy_bleeding", 3)),
    Vignette("clots or flooding in 2 periods", flag(HMB), each((1, 4), 2, "clots_flooding", 4)),
    Vignette("clots or flooding in 1 period", flag(), each((1,), 2, "clots_flooding", 4)),
    # Issue 15 reproductions: each raised no flag before (every rule waited for 2 cycles).
    Vignette(
        "five days of heavy bleeding rated 6",
        flag(EXTREME),
        run(6, range(1, 6), "heavy_bleeding", 6),
    ),
    Vignette(
        "extreme mid-cycle pelvic pain with spotting",
        flag(EXTREME),
        each((7,), 14, "pelvic_pain", 6) + each((7,), 14, "spotting", 3),
    ),
    # Issue 22: one period over the limit is prolonged (ACOG CO 651; FIGO 2018), so each
    # bleed of 9 days or more from a start now also fires prolonged_menstruation.
    Vignette("a 20-day bleed", flag(VERY_LONG, LONG), run(5, range(1, 21), "spotting", 2)),
    Vignette("a stated 20-day period", flag(VERY_LONG, LONG), period_lengths={5: 20}),
    # The healthy base spots the day before each onset: 12 more days make a 13-day bleed.
    # Issue 22: it raised nothing; it is now a prolonged period (12 days from the start).
    Vignette("a 13-day bleed, once", flag(LONG), run(5, range(1, 13), "spotting", 2)),
    Vignette("a 14-day bleed, once", flag(VERY_LONG, LONG), run(5, range(1, 14), "spotting", 2)),
    Vignette("heavy bleeding rated 5, once", flag(), run(6, range(1, 4), "heavy_bleeding", 5)),
    Vignette("pelvic pain rated 5, once", flag(), each((7,), 14, "pelvic_pain", 5)),
    Vignette("flooding rated 6, once", flag(EXTREME), each((4,), 2, "clots_flooding", 6)),
    Vignette(
        "dizzy during heavy bleeding",
        flag(FAINT_HEAVY),
        each((6,), 2, "heavy_bleeding", 4) + each((6,), 3, "dizziness", 4),
    ),
    Vignette("dizzy mid-cycle, no heavy bleeding", flag(), each((2, 6), 14, "dizziness", 4)),
    # Dizziness 5 the day after the healthy base's mild (3) day-1 cramps: below the
    # pain-with-dizziness threshold (moderate pain) on purpose.
    Vignette("dizzy, bleeding mild", flag(), each((6,), 2, "dizziness", 5)),
    Vignette("bleeding after sex, once", flag(PCB), each((3,), 12, "bleeding_after_sex", 2)),
    Vignette(
        "bleeding after sex rated not at all", flag(), each((3,), 12, "bleeding_after_sex", 1)
    ),
    Vignette("blood in urine mid-cycle, once", flag(URINE), each((4,), 15, "blood_in_urine", 2)),
    Vignette(
        "blood in urine with periods, twice",
        flag(URINE, ENDO),
        each((2, 5), 2, "blood_in_urine", 3),
    ),
    Vignette("blood in urine rated not at all", flag(), each(range(8), 2, "blood_in_urine", 1)),
    Vignette("rectal bleeding mid-cycle, once", flag(RECTAL), each((4,), 15, "rectal_bleeding", 2)),
    Vignette(
        "rectal bleeding with periods, twice",
        flag(RECTAL, ENDO),
        each((1, 6), 1, "rectal_bleeding", 3),
    ),
    Vignette(
        "hopelessness rated 6 for 7 days", flag(CRISIS), run(7, range(-7, 0), "hopelessness", 6)
    ),
    Vignette(
        "hopelessness and worthlessness severe on 3 days",
        flag(CRISIS),
        each((7,), -3, "hopelessness", 5)
        + each((7,), -2, "worthlessness_guilt", 5)
        + each((7,), -1, "worthlessness_guilt", 5),
    ),
    Vignette("hopelessness severe on 2 days", flag(), run(7, range(-2, 0), "hopelessness", 5)),
    Vignette("hopelessness moderate for 7 days", flag(), run(7, range(-7, 0), "hopelessness", 4)),
    Vignette("spotting mid-cycle, twice", flag(IMB), each((2, 5), 14, "spotting", 2)),
    Vignette("spotting mid-cycle, once", flag(), each((2,), 14, "spotting", 2)),
    Vignette("spotting 2 days before periods", flag(), each(range(8), -2, "spotting", 3)),
    Vignette("spotting 3 days before periods", flag(IMB), each((1, 2), -3, "spotting", 2)),
    Vignette("10-day periods, twice", flag(LONG), period_lengths={1: 10, 4: 10}),
    # Issue 22: one 10-day period now fires (it raised nothing before).
    Vignette("10-day period, once", flag(LONG), period_lengths={1: 10}),
    Vignette("8-day periods", flag(), period_lengths=dict.fromkeys(range(8), 8)),
    Vignette(
        "9 days of bleeding logs, twice",
        flag(LONG),
        tuple(e for k in (2, 5) for d in range(1, 10) for e in each((k,), d, "spotting", 2)),
    ),
    Vignette(
        "8 days of bleeding logs",
        flag(),
        tuple(e for k in (2, 5) for d in range(1, 9) for e in each((k,), d, "spotting", 2)),
    ),
)

ISSUE_22 = (
    # Pain with dizziness or fainting (NICE NG126); the first two are the issue's.
    Vignette(
        "severe mid-cycle pelvic pain with dizziness and nausea",
        flag(PAIN_DIZZY),
        each((7,), 14, "pelvic_pain", 5)
        + each((7,), 14, "dizziness", 5)
        + each((7,), 14, "nausea", 4),
    ),
    Vignette(
        "severe cramps with dizziness on day 1",
        flag(PAIN_DIZZY),
        each((6,), 1, "cramps", 6) + each((6,), 1, "dizziness", 5),
    ),
    Vignette("mild cramps with fainting on day 1", flag(PAIN_DIZZY), each((4,), 1, "fainting", 2)),
    Vignette(
        "severe pelvic pain with dizziness, not pregnant",
        flag(PAIN_DIZZY),
        each((7,), 14, "pelvic_pain", 5) + each((7,), 14, "dizziness", 5),
        context=NOT_PREGNANT,
    ),
    Vignette("mild cramps with dizziness on day 1", flag(), each((5,), 1, "dizziness", 4)),
    Vignette(
        "moderate pelvic pain with mild dizziness",
        flag(),
        each((7,), 14, "pelvic_pain", 4) + each((7,), 14, "dizziness", 3),
    ),
    # Pain with fever (NICE CKS PID).
    Vignette(
        "pelvic pain with fever",
        flag(PAIN_FEVER),
        each((5,), 12, "pelvic_pain", 4) + each((5,), 12, "fever", 3),
    ),
    Vignette("mild cramps with fever on day 1", flag(PAIN_FEVER), each((5,), 1, "fever", 2)),
    Vignette("fever alone", flag(), each((5,), 12, "fever", 3)),
    Vignette("fever two days after mild cramps", flag(), each((5,), 3, "fever", 3)),
    # A late period (NICE NG126): the issue's reproduction, 12 days late.
    Vignette(
        "a period 12 days late with pelvic pain, spotting and dizziness",
        flag(LATE_URGENT),
        (
            on_day(LATE, 8, "pelvic_pain", 4),
            on_day(LATE, 10, "spotting", 2),
            on_day(LATE, 11, "dizziness", 3),
        ),
        as_of_day=41,
    ),
    Vignette(
        "a period 10 days late with spotting",
        flag(LATE_URGENT),
        (on_day(LATE, 10, "spotting", 2),),
        as_of_day=39,
    ),
    Vignette("a period 12 days late, nothing logged", flag(), as_of_day=41),
    Vignette(
        "a period 5 days late with pelvic pain and spotting",
        flag(),
        (on_day(LATE, 3, "pelvic_pain", 4), on_day(LATE, 5, "spotting", 2)),
        as_of_day=34,
    ),
    Vignette(
        "a period 12 days late with pelvic pain, not pregnant",
        flag(LATE_SYMPTOMS),
        (on_day(LATE, 8, "pelvic_pain", 4),),
        context=NOT_PREGNANT,
        as_of_day=41,
    ),
    Vignette(
        "no withdrawal bleed for 12 days with spotting, on the combined pill",
        flag(),
        (on_day(LATE, 10, "spotting", 2),),
        context=PILL,
        as_of_day=41,
    ),
    # Shoulder-tip pain (NICE NG126).
    Vignette(
        "shoulder-tip pain, pregnancy not ruled out",
        flag(SHOULDER),
        each((7,), 15, "shoulder_tip_pain", 3),
    ),
    Vignette(
        "shoulder-tip pain, not pregnant",
        flag(),
        each((7,), 15, "shoulder_tip_pain", 3),
        context=NOT_PREGNANT,
    ),
    # Fainting (NICE CG109; with heavy bleeding NICE NG88).
    Vignette("fainting mid-cycle", flag(FAINTING), each((3,), 14, "fainting", 2)),
    Vignette(
        "fainting during heavy bleeding",
        flag(FAINT_HEAVY),
        each((6,), 3, "heavy_bleeding", 4) + each((6,), 3, "fainting", 3),
    ),
    Vignette("fainting rated not at all", flag(), each((3,), 14, "fainting", 1)),
    # Thoughts of suicide or self-harm (NICE NG225): at once, whatever the cycle.
    Vignette(
        "suicidal thoughts logged once", flag(SELF_HARM), each((3,), 10, "suicidal_thoughts", 2)
    ),
    Vignette("self-harm logged once, mid-cycle", flag(SELF_HARM), each((5,), 14, "self_harm", 3)),
    Vignette(
        "suicidal thoughts with severe hopelessness",
        flag(SELF_HARM, CRISIS),
        run(7, range(-3, 0), "hopelessness", 5) + each((7,), -1, "suicidal_thoughts", 4),
    ),
    Vignette(
        "suicidal thoughts rated not at all", flag(), each(range(8), 10, "suicidal_thoughts", 1)
    ),
    # Unusual discharge (NICE CKS vaginal discharge; PID).
    Vignette("unusual discharge alone", flag(INFECTION), each((4,), 12, "abnormal_discharge", 3)),
    Vignette(
        "unusual discharge with pelvic pain",
        flag(INFECTION),
        each((4,), 12, "abnormal_discharge", 3) + each((4,), 13, "pelvic_pain", 3),
    ),
    Vignette(
        "unusual discharge with fever",
        flag(INFECTION, DISCHARGE_FEVER),
        each((4,), 12, "abnormal_discharge", 3) + each((4,), 14, "fever", 2),
    ),
    Vignette("unusual discharge rated not at all", flag(), each((4,), 12, "abnormal_discharge", 1)),
    # Pregnancy (NICE NG126): the pregnancy began with the last logged period.
    Vignette(
        "pregnant, spotting at 5 weeks",
        flag(PREGNANCY),
        (on_day(7, 36, "spotting", 2),),
        context=PREGNANT,
        as_of_day=40,
    ),
    Vignette(
        "pregnant, pelvic pain at 5 weeks",
        flag(PREGNANCY),
        (on_day(7, 37, "pelvic_pain", 3),),
        context=PREGNANT,
        as_of_day=40,
    ),
    Vignette(
        "pregnant without a date, spotting this week",
        flag(PREGNANCY),
        (on_day(7, 38, "spotting", 2),),
        context={"pregnancy": "pregnant"},
        as_of_day=40,
    ),
    Vignette("pregnant, healthy log", flag(), context=PREGNANT, as_of_day=40),
    # After a birth (NICE NG194): lochia is not a period; heavy bleeding or fever is urgent.
    Vignette(
        "lochia for 5 weeks after a birth",
        flag(),
        after_birth(range(0, 5), "heavy_bleeding", 4) + after_birth(range(5, 30), "spotting", 2),
        context=POSTPARTUM_CONTEXT,
        as_of_day=AFTER_BIRTH_DAY,
    ),
    Vignette(
        "lochia for 5 weeks, no context",
        # Without the birth, 30 days of bleeding 282 days after a period was due is all
        # the service can see: the cautious reading.
        flag(VERY_LONG, LONG, LATE_URGENT),
        after_birth(range(0, 5), "heavy_bleeding", 4) + after_birth(range(5, 30), "spotting", 2),
        as_of_day=AFTER_BIRTH_DAY,
    ),
    Vignette(
        "flooding 3 weeks after a birth",
        flag(POSTPARTUM),
        after_birth((21,), "clots_flooding", 3),
        context=POSTPARTUM_CONTEXT,
        as_of_day=AFTER_BIRTH_DAY,
    ),
    Vignette(
        "fever a week after a birth",
        flag(POSTPARTUM),
        after_birth((7,), "fever", 3),
        context=POSTPARTUM_CONTEXT,
        as_of_day=AFTER_BIRTH_DAY,
    ),
    Vignette(
        "heavy bleeding in the second week after a birth",
        flag(POSTPARTUM),
        after_birth((10,), "heavy_bleeding", 4),
        context=POSTPARTUM_CONTEXT,
        as_of_day=AFTER_BIRTH_DAY,
    ),
    # Hormonal contraception (FSRH): unscheduled bleeding, not intermenstrual bleeding.
    Vignette(
        "spotting mid-cycle twice, on the combined pill",
        flag(UNSCHEDULED),
        each((2, 5), 14, "spotting", 2),
        context=PILL,
    ),
    Vignette(
        "spotting mid-cycle once with pain, on the combined pill",
        flag(UNSCHEDULED),
        each((5,), 14, "spotting", 2) + each((5,), 14, "pelvic_pain", 3),
        context=PILL,
    ),
    Vignette(
        "a 10-day bleed on the implant",
        flag(UNSCHEDULED),
        period_lengths={1: 10},
        context={"contraception": "implant"},
    ),
    Vignette(
        "spotting mid-cycle once, on the combined pill",
        flag(),
        each((5,), 14, "spotting", 2),
        context=PILL,
    ),
    # Adolescents (ACOG CO 651): more than 7 days of bleeding.
    Vignette("8-day periods at 14", flag(LONG), period_lengths={6: 8}, age=14),
    Vignette("7-day periods at 14", flag(), period_lengths=dict.fromkeys(range(8), 7), age=14),
    Vignette(
        "an 8-day period at 20, two years after menarche",
        flag(LONG),
        period_lengths={6: 8},
        age=20,
        context={"age_at_menarche": 18},
    ),
    Vignette(
        "10 days of bleeding logs in a period stated as 5 days",
        flag(LONG),
        run(3, range(1, 11), "spotting", 2),
        period_lengths={3: 5},
    ),
    Vignette("extreme one-sided pain", flag(EXTREME), each((7,), 13, "one_sided_pain", 6)),
    # After the menopause (NICE CKS; NG12; NG23 for HRT).
    Vignette(
        "spotting after a stated menopause",
        flag(PMB),
        after_menopause((390,), "spotting", 2),
        age=53,
        context=MENOPAUSE_CONTEXT,
        as_of_day=AFTER_MENOPAUSE_DAY,
    ),
    Vignette(
        "spotting on continuous HRT after the menopause",
        flag(HRT),
        after_menopause((390,), "spotting", 2),
        age=53,
        context={**MENOPAUSE_CONTEXT, "hrt": "continuous"},
        as_of_day=AFTER_MENOPAUSE_DAY,
    ),
    Vignette(
        "spotting after 12 months without a period at 50",
        flag(PMB),
        after_menopause((390,), "spotting", 2),
        age=50,
        as_of_day=AFTER_MENOPAUSE_DAY,
    ),
    Vignette(
        "spotting after 12 months without a period at 40, not pregnant",
        flag(LATE_SYMPTOMS),
        after_menopause((390,), "spotting", 2),
        age=40,
        context=NOT_PREGNANT,
        as_of_day=AFTER_MENOPAUSE_DAY,
    ),
)

VIGNETTES = BEFORE_ISSUE_22 + ISSUE_22
