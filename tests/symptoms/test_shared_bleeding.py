"""The bleeding rules /symptoms added to clinical/bleeding.py, on endpoint-neutral inputs.

Heavy, intermenstrual, unscheduled and post-coital bleeding, and lochia: what each takes
(days and the cycle they fell in) and when it fires, whoever measured the days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fembalance_ml.clinical import bleeding
from fembalance_ml.clinical.bleeding import CycleDay, Period
from fembalance_ml.clinical.person import PersonContext
from fembalance_ml.clinical.situation import Situation

AS_OF = date(2026, 6, 1)
STARTS = [date(2026, 1, 5) + timedelta(days=28 * k) for k in range(5)]


def situation(age: float | None = 30, **context: Any) -> Situation:
    given = PersonContext.model_validate(context) if context else None
    return Situation.of(as_of=AS_OF, age=age, context=given)


def mid_cycle(*cycles: int) -> list[CycleDay]:
    return [CycleDay(STARTS[k] + timedelta(days=13), STARTS[k]) for k in cycles]


def test_heavy_bleeding_needs_two_cycles_and_names_them() -> None:
    assert bleeding.heavy_menstrual_bleeding(mid_cycle(1), situation()) is None
    twice = mid_cycle(1, 3) + mid_cycle(3)  # two days in cycle 3 count once
    found = bleeding.heavy_menstrual_bleeding(twice, situation())
    assert found is not None
    assert found.code == "heavy_menstrual_bleeding"
    assert found.params["cycles"] == 2
    assert found.params["dates"] == ["2026-02-15", "2026-04-12"]
    assert "NICE guideline NG88" in found.message
    assert "bleeding disorder" not in found.message


def test_heavy_bleeding_in_adolescents_mentions_a_bleeding_disorder() -> None:
    found = bleeding.heavy_menstrual_bleeding(mid_cycle(1, 2), situation(age=15))
    assert found is not None
    assert "bleeding disorder" in found.message
    assert "ACOG" in found.source
    assert found.params["norms"] == "adolescent"


def test_intermenstrual_bleeding_is_natural_cycles_only() -> None:
    found = bleeding.intermenstrual_bleeding(mid_cycle(0, 2), situation())
    assert found is not None
    assert found.code == "intermenstrual_bleeding"
    assert bleeding.intermenstrual_bleeding(mid_cycle(0), situation()) is None
    on_pill = situation(contraception="combined_hormonal")
    assert bleeding.intermenstrual_bleeding(mid_cycle(0, 2), on_pill) is None
    # A copper IUD has no hormones: bleeding between periods is still intermenstrual.
    assert bleeding.intermenstrual_bleeding(mid_cycle(0, 2), situation(contraception="copper_iud"))


def test_unscheduled_bleeding_on_hormonal_contraception() -> None:
    implant = situation(contraception="implant")
    assert bleeding.unscheduled_bleeding(mid_cycle(0, 2), [], situation()) is None
    assert bleeding.unscheduled_bleeding(mid_cycle(0), [], implant) is None
    twice = bleeding.unscheduled_bleeding(mid_cycle(0, 2), [], implant)
    assert twice is not None
    assert twice.code == "unscheduled_bleeding"
    assert "FSRH" in twice.source
    assert "Combined" not in twice.source
    for advice in ("first 3 months", "pregnancy test", "sexually transmitted", "pain"):
        assert advice in twice.message
    assert "missed pills" not in twice.message  # an implant has none to miss
    long = bleeding.unscheduled_bleeding([], [Period(STARTS[1], 12)], implant)
    assert long is not None
    assert long.params["long_bleeds"] == 1
    with_pain = bleeding.unscheduled_bleeding(mid_cycle(0), [], implant, ["pain"])
    assert with_pain is not None
    assert with_pain.params["warning_signs"] == ["pain"]
    assert "Your logs show pain with it" in with_pain.message
    # A warning sign alone, with no unscheduled bleeding, is not this rule's.
    assert bleeding.unscheduled_bleeding([], [], implant, ["pain"]) is None


def test_unscheduled_bleeding_counts_the_months_since_the_method_began() -> None:
    recent = situation(
        contraception="combined_hormonal", contraception_start_date=AS_OF - timedelta(days=40)
    )
    found = bleeding.unscheduled_bleeding(mid_cycle(3, 4), [], recent)
    assert found is not None
    assert found.params["days_since_start"] == 40
    assert found.params["first_3_months"] is True
    assert "You started this method 40 days ago." in found.message
    assert "missed pills" in found.message
    assert "Combined Hormonal Contraception" in found.source
    settled = situation(
        contraception="combined_hormonal", contraception_start_date=AS_OF - timedelta(days=400)
    )
    later = bleeding.unscheduled_bleeding(mid_cycle(3, 4), [], settled)
    assert later is not None
    assert later.params["first_3_months"] is False
    assert "You started" not in later.message


def test_postcoital_bleeding_once_is_enough() -> None:
    assert bleeding.postcoital_bleeding([], situation()) is None
    day = date(2026, 3, 3)
    found = bleeding.postcoital_bleeding([day, day], situation())
    assert found is not None
    assert found.params == {"count": 1, "dates": ["2026-03-03"]}
    assert "say if you could be pregnant" in found.message
    ruled_out = bleeding.postcoital_bleeding([day], situation(pregnancy="not_pregnant"))
    assert ruled_out is not None
    assert "pregnant" not in ruled_out.message


def test_lochia_is_the_six_weeks_after_a_birth() -> None:
    birth = date(2026, 3, 1)
    after = situation(delivery_date=birth)
    assert not bleeding.lochia(birth - timedelta(days=1), after)
    assert bleeding.lochia(birth, after)
    assert bleeding.lochia(birth + timedelta(days=42), after)
    assert not bleeding.lochia(birth + timedelta(days=43), after)
    assert not bleeding.lochia(birth, situation())
