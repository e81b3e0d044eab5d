"""Property-based inputs for the three models: any valid input gives a finite, in-range,
consistent answer from the committed models; any invalid one is refused (ValidationError at
the schema, 422 over HTTP)."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fembalance_ml.cycle import service as cycle_service
from fembalance_ml.cycle.phases import CyclePhase
from fembalance_ml.cycle.schemas import CycleRequest
from fembalance_ml.pcos import service as pcos_service
from fembalance_ml.pcos.criteria import is_adolescent
from fembalance_ml.pcos.features import CLINICAL_TRIGGERS, OVARIAN_MORPHOLOGY, PHYSIOLOGICAL_RANGES
from fembalance_ml.pcos.schemas import PcosFeatures, PcosRequest
from fembalance_ml.serving.artifacts import load_verified
from fembalance_ml.symptoms import service as symptoms_service
from fembalance_ml.symptoms.forecast import (
    FEW_LOGS,
    FEW_LOGS_MAX_PROBABILITY,
    NEVER_FORECAST,
    PERIOD_BLEEDING,
)
from fembalance_ml.symptoms.red_flag_rules import RULES
from fembalance_ml.symptoms.schemas import SymptomRequest
from fembalance_ml.symptoms.timeline import CycleTimeline
from fembalance_ml.symptoms.vocabulary import ALL_SYMPTOMS, SEVERITY_MAX, SEVERITY_MIN
from tests.conftest import MODELS, body

TODAY = date(2026, 11, 26)
VALID = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
INVALID = settings(max_examples=60, deadline=None, derandomize=True, database=None)
FLAGS = ("irregular_periods", "excess_hair_growth", "acne", "weight_gain", "hair_loss")
FLAGS_ALL = (*FLAGS, "dark_skin_patches")
COUNTS = ("follicle_count_left", "follicle_count_right")
MEASURES = tuple(
    name
    for name in PcosFeatures.model_fields
    if name in PHYSIOLOGICAL_RANGES and name not in (*COUNTS, "height_cm", "weight_kg")
)
SYMPTOM_NAMES = [symptom.name for symptom in ALL_SYMPTOMS]
MODELS_LOADED = {
    name: load_verified(MODELS / name, "latest").model
    for name in ("pcos", "cycle_prediction", "symptom_analysis")
}


def finite(value: float) -> bool:
    """A real number, neither NaN nor infinite."""
    return math.isfinite(value)


# --- PCOS ---------------------------------------------------------------------------------

flag_values = st.one_of(st.booleans(), st.sampled_from([0, 1]))


def measure(name: str) -> st.SearchStrategy[float | None]:
    """None or a float inside the physiological range of `name`."""
    low, high = PHYSIOLOGICAL_RANGES[name]
    return st.none() | st.floats(low, high, allow_nan=False)


@st.composite
def pcos_requests(draw: st.DrawFn) -> PcosRequest:
    """Any valid PCOS request: required flags, optional lifestyle, labs and body measures."""
    features: dict[str, Any] = {flag: draw(flag_values) for flag in FLAGS_ALL}
    features |= {name: draw(st.none() | flag_values) for name in ("fast_food", "regular_exercise")}
    features |= {name: draw(measure(name)) for name in MEASURES}
    features |= {name: draw(st.none() | st.integers(0, 100)) for name in COUNTS}
    # Menarche comes after birth: years since it never exceed the age (else a 422).
    if features["age"] is not None and features["years_since_menarche"] is not None:
        features["years_since_menarche"] = min(features["years_since_menarche"], features["age"])
    # Heights and weights whose BMI is always plausible, so the derived-BMI path is exercised.
    if draw(st.booleans()):
        features["height_cm"] = draw(st.floats(150, 200))
        features["weight_kg"] = draw(st.floats(40, 150))
    return PcosRequest.model_validate({"features": features})


@VALID
@given(request=pcos_requests())
def test_any_valid_pcos_request_gets_a_consistent_score(request: PcosRequest) -> None:
    answer = pcos_service.predict(MODELS_LOADED["pcos"], request, today=TODAY)
    assert finite(answer.risk_score)
    assert 0.0 <= answer.risk_score <= 1.0
    assert 0.5 <= answer.confidence <= 1.0
    # Contributions are typed dicts on the hot path; read them through the JSON form.
    contributions = answer.model_dump()["contributions"]
    assert all(finite(c["contribution"]) for c in contributions)
    pushing_up = {c["feature"] for c in contributions if c["contribution"] > 0}
    assert set(answer.key_factors) == pushing_up
    # Within 8 years of menarche ultrasound and AMH are not used (PCOS 2023).
    ignored = OVARIAN_MORPHOLOGY if is_adolescent(request.features) else ()
    clinical = any(
        getattr(request.features, name) is not None
        for name in CLINICAL_TRIGGERS
        if name not in ignored
    )
    assert answer.variant == ("clinical" if clinical else "screening")


bad_flags = st.one_of(
    st.integers().filter(lambda n: n not in (0, 1)),
    st.text(max_size=5),
    st.floats(allow_nan=True),
)


@INVALID
@given(
    flag=st.sampled_from(FLAGS_ALL),
    value=bad_flags,
    measure_name=st.sampled_from(MEASURES),
    bad_measure=st.one_of(
        st.just(float("nan")),
        st.just(float("inf")),
        st.text(max_size=5),
        st.floats(-1e9, -1e-3),
        st.floats(1e4, 1e9),
    ),
    which=st.booleans(),
)
def test_invalid_pcos_features_are_refused(
    flag: str, value: object, measure_name: str, bad_measure: object, which: bool
) -> None:
    features: dict[str, Any] = {**body("pcos")["features"]}
    if which:
        features[flag] = value
    else:
        features[measure_name] = bad_measure
    with pytest.raises(ValidationError):
        PcosRequest.model_validate({"features": features})


# --- Cycle --------------------------------------------------------------------------------


def spaced_starts(draw: st.DrawFn, min_gap: int, max_gap: int, most: int) -> list[date]:
    """Period starts in increasing order, `min_gap`..`max_gap` days apart."""
    first = draw(st.dates(date(2000, 1, 1), date(2026, 1, 1)))
    gaps = draw(st.lists(st.integers(min_gap, max_gap), max_size=most))
    return [first + timedelta(days=sum(gaps[:i])) for i in range(len(gaps) + 1)]


@st.composite
def cycle_requests(draw: st.DrawFn) -> CycleRequest:
    """Any valid cycle request: starts at least ten days apart, in any order, before as_of."""
    starts = spaced_starts(draw, 10, 120, 14)
    entries = [
        {"start_date": str(start), "period_length_days": draw(st.none() | st.integers(1, 20))}
        for start in starts
    ]
    return CycleRequest.model_validate(
        {
            "cycles": draw(st.permutations(entries)),
            "as_of": str(starts[-1] + timedelta(days=draw(st.integers(0, 400)))),
            "age": draw(st.none() | st.floats(8, 70)),
            "horizon_cycles": draw(st.integers(1, 12)),
        }
    )


@VALID
@given(request=cycle_requests())
def test_any_valid_cycle_request_gets_ordered_dates(request: CycleRequest) -> None:
    answer = cycle_service.predict(MODELS_LOADED["cycle_prediction"], request, today=TODAY)
    last = request.cycles[-1].start_date
    assert request.as_of is not None
    assert answer.predicted_start_date is not None  # never null without a context
    assert last < answer.predicted_start_date
    assert finite(answer.predicted_cycle_length)
    assert answer.predicted_cycle_length > 0
    interval = answer.prediction_interval
    assert last < interval.earliest <= interval.latest
    assert answer.status.cycle_day == (request.as_of - last).days + 1
    assert answer.status.days_late is None or answer.status.days_late > 0
    assert 0 <= answer.cycles_used <= len(request.cycles) - 1
    codes = {flag.code for flag in answer.flags}
    late = answer.status.days_late is not None and answer.status.days_late >= 7
    assert late == ("late_period" in codes)
    if codes & {"late_period", "absent_period", "possible_postmenopausal_bleeding"}:
        # An abnormal cycle is not forecast, and its interval never narrows with the delay.
        assert answer.status.current_phase == "unknown"
        assert answer.ovulation_date is None
        assert answer.fertile_window is None
        assert answer.upcoming == []
        assert answer.confidence == "low"
        assert request.as_of < interval.earliest
        assert (interval.latest - interval.earliest).days >= (answer.status.days_late or 0)
        return
    assert answer.status.current_phase != "unknown"
    assert answer.ovulation_date is not None
    assert answer.fertile_window is not None
    assert last <= answer.ovulation_date < answer.predicted_start_date
    assert answer.fertile_window.start <= answer.fertile_window.end
    assert len(answer.upcoming) == request.horizon_cycles
    assert answer.upcoming[0].start_date == answer.predicted_start_date
    for cycle, following in itertools.pairwise(answer.upcoming):
        assert cycle.start_date < cycle.ovulation_date < following.start_date


def _day(draw: st.DrawFn, earliest: date, latest: date) -> str | None:
    return draw(st.none() | st.dates(earliest, latest).map(str))


@st.composite
def person_contexts(draw: st.DrawFn, first: date, as_of: date, age: float | None) -> Any:
    """Any consistent context whose dates fall between a year before `first` and `as_of`."""
    earliest = first - timedelta(days=400)
    pregnancy = draw(st.sampled_from([None, "not_pregnant", "possibly_pregnant", "pregnant"]))
    menopauses = [None, "no", "perimenopause"]
    if pregnancy != "pregnant":
        menopauses += ["natural", "surgical"]
    menopause = draw(st.sampled_from(menopauses))
    began = _day(draw, earliest, as_of) if pregnancy == "pregnant" else None
    delivery = _day(draw, earliest, date.fromisoformat(began) if began else as_of)
    context = {
        "pregnancy": pregnancy,
        "pregnancy_start_date": began,
        "delivery_date": delivery,
        "breastfeeding": draw(st.sampled_from([None, "no", "partially", "fully"])),
        "contraception": draw(st.sampled_from([None, "none", "combined_hormonal", "implant"])),
        "emergency_contraception_date": _day(draw, earliest, as_of),
        "hrt": draw(st.sampled_from([None, "none", "sequential", "continuous"])),
        "menopause": menopause,
        "menopause_date": _day(draw, earliest, as_of)
        if menopause in ("natural", "surgical")
        else None,
        "age_at_menarche": draw(st.none() | st.floats(8, min(age or 25, 25))),
    }
    return {key: value for key, value in context.items() if value is not None}


@st.composite
def cycle_requests_with_context(draw: st.DrawFn) -> CycleRequest:
    """A valid cycle request with any consistent context."""
    starts = spaced_starts(draw, 10, 120, 10)
    as_of = starts[-1] + timedelta(days=draw(st.integers(0, 400)))
    age = draw(st.none() | st.floats(10, 60))
    return CycleRequest.model_validate(
        {
            "cycles": [{"start_date": str(start)} for start in starts],
            "as_of": str(as_of),
            "age": age,
            "context": draw(person_contexts(starts[0], as_of, age)),
        }
    )


EXPLAINED = {"pregnancy", "postpartum_amenorrhoea", "menopause", "hrt"}


@VALID
@given(request=cycle_requests_with_context())
def test_a_context_only_ever_removes_a_forecast_with_a_reason(request: CycleRequest) -> None:
    answer = cycle_service.predict(MODELS_LOADED["cycle_prediction"], request, today=TODAY)
    codes = {flag.code for flag in answer.flags}
    context = request.context
    assert context is not None
    if answer.predicted_start_date is None:
        assert answer.prediction_interval is None
        assert answer.predicted_cycle_length is None
        assert answer.ovulation_date is None
        assert answer.upcoming == []
        assert answer.status.current_phase == "unknown"
        assert answer.status.days_late is None
        assert answer.confidence == "low"
        assert codes & EXPLAINED
    else:
        interval = answer.prediction_interval
        assert interval is not None
        assert request.cycles[-1].start_date < interval.earliest <= interval.latest
    if context.pregnancy == "pregnant" or context.contraception in ("combined_hormonal", "implant"):
        assert answer.ovulation_date is None
        assert answer.fertile_window is None
    if context.pregnancy == "pregnant":
        assert not codes & {"late_period", "absent_period", "possible_postmenopausal_bleeding"}


@INVALID
@given(gap=st.integers(1, 9), horizon=st.integers(-50, 50), case=st.sampled_from(range(3)))
def test_invalid_cycle_requests_are_refused(gap: int, horizon: int, case: int) -> None:
    request = body("cycle")
    if case == 0:
        request["cycles"].append({"start_date": str(date(2026, 2, 18) + timedelta(days=gap))})
    elif case == 1:
        request["horizon_cycles"] = horizon if not 1 <= horizon <= 12 else horizon + 12
    else:
        request["as_of"] = str(date(2026, 2, 18) - timedelta(days=gap + 1))
    with pytest.raises(ValidationError):
        CycleRequest.model_validate(request)


# --- Symptoms -----------------------------------------------------------------------------


def symptom_context(draw: st.DrawFn, as_of: date) -> dict[str, Any] | None:
    """No context, or one of the states issue 22 added, with dates up to as_of."""
    back = draw(st.integers(0, 400))
    day = str(as_of - timedelta(days=back))
    return draw(
        st.sampled_from(
            [
                None,
                {"pregnancy": "not_pregnant"},
                {"pregnancy": "pregnant", "pregnancy_start_date": day},
                {"pregnancy": "pregnant"},
                {"delivery_date": day, "breastfeeding": "fully"},
                {"contraception": "combined_hormonal", "contraception_start_date": day},
                {"contraception": "implant"},
                {"menopause": "natural", "menopause_date": day},
                {"menopause": "surgical", "hrt": "continuous"},
                {"age_at_menarche": 12.0},
            ]
        )
    )


@st.composite
def symptom_requests(draw: st.DrawFn) -> SymptomRequest:
    """Any valid symptom request: spaced starts, logs from the vocabulary up to as_of, and
    perhaps an age and a context."""
    starts = spaced_starts(draw, 10, 60, 6)
    as_of = starts[-1] + timedelta(days=draw(st.integers(0, 60)))
    span = (as_of - starts[0]).days + 14
    keys = draw(
        st.lists(
            st.tuples(st.integers(0, span), st.sampled_from(SYMPTOM_NAMES)),
            unique=True,
            max_size=80,
        )
    )
    logs = [
        {
            "date": str(as_of - timedelta(days=back)),
            "symptom": name,
            "severity": draw(st.integers(SEVERITY_MIN, SEVERITY_MAX)),
        }
        for back, name in keys
    ]
    cycles = [{"start_date": str(start)} for start in starts]
    return SymptomRequest.model_validate(
        {
            "cycles": cycles,
            "logs": logs,
            "as_of": str(as_of),
            "age": draw(st.sampled_from([None, 13.0, 16.0, 30.0, 47.0, 58.0])),
            "context": symptom_context(draw, as_of),
        }
    )


@VALID
@given(request=symptom_requests())
def test_any_valid_symptom_request_gets_in_range_answers(request: SymptomRequest) -> None:
    answer = symptoms_service.predict(MODELS_LOADED["symptom_analysis"], request, today=TODAY)
    assert request.as_of is not None
    horizon = {request.as_of + timedelta(days=d) for d in range(1, 8)}
    for entry in answer.forecast:
        assert finite(entry.probability)
        assert 0.0 <= entry.probability <= 1.0
        assert finite(entry.expected_severity)
        assert SEVERITY_MIN <= entry.expected_severity <= SEVERITY_MAX
        assert entry.date in horizon
    for pattern in answer.patterns:
        for mean in (pattern.premenstrual_mean, pattern.postmenstrual_mean):
            assert mean is None or SEVERITY_MIN <= mean <= SEVERITY_MAX
    starts = {cycle.start_date for cycle in request.cycles}
    screen = answer.pmdd_screen
    assert 0 <= screen.cycles_evaluated <= len(starts)
    assert {cycle.start_date for cycle in screen.cycles} <= starts


@VALID
@given(request=symptom_requests())
def test_any_symptom_forecast_keeps_the_safety_limits(request: SymptomRequest) -> None:
    answer = symptoms_service.predict(MODELS_LOADED["symptom_analysis"], request, today=TODAY)
    timeline = CycleTimeline.from_starts([cycle.start_date for cycle in request.cycles])
    n_logs = Counter(log.symptom for log in request.logs)
    for entry in answer.forecast:
        assert entry.symptom not in NEVER_FORECAST
        if entry.symptom in PERIOD_BLEEDING:
            assert timeline.phase_of(entry.date) is CyclePhase.MENSTRUAL
        if n_logs[entry.symptom] < FEW_LOGS:
            assert entry.probability <= FEW_LOGS_MAX_PROBABILITY
    codes = [flag.code for flag in answer.red_flags]
    assert set(codes) <= {rule.code for rule in RULES}
    assert len(set(codes)) == len(codes)
    assert all(flag.evidence and flag.guidance and flag.params for flag in answer.red_flags)
    # Logged thoughts of suicide or self-harm: crisis support, first, whatever else.
    if any(
        log.symptom in {"suicidal_thoughts", "self_harm"} and log.severity >= 2
        for log in request.logs
    ):
        assert codes[0] == "crisis_support"
    context = request.context
    if context is not None and (
        context.pregnancy == "pregnant" or context.menopause in {"natural", "surgical"}
    ):
        assert answer.forecast == []  # no cycle to project


@INVALID
@given(
    severity=st.integers().filter(lambda n: not SEVERITY_MIN <= n <= SEVERITY_MAX),
    symptom=st.text(max_size=12).filter(lambda s: s not in SYMPTOM_NAMES),
    bad_severity=st.booleans(),
)
def test_invalid_symptom_logs_are_refused(severity: int, symptom: str, bad_severity: bool) -> None:
    request = body("symptoms")
    if bad_severity:
        request["logs"][0]["severity"] = severity
    else:
        request["logs"][0]["symptom"] = symptom
    with pytest.raises(ValidationError):
        SymptomRequest.model_validate(request)


# --- One HTTP check per model -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("/api/v1/predict/pcos", ("features", "acne", 2)),
        ("/api/v1/predict/cycle", ("", "horizon_cycles", 13)),
        ("/api/v1/predict/symptoms", ("", "logs", [{"date": "2026-01-20", "symptom": "x"}])),
    ],
)
def test_invalid_input_is_a_422_envelope(
    client: TestClient, path: str, change: tuple[str, str, object]
) -> None:
    request = body(path.rsplit("/", 1)[1])
    parent, field, value = change
    (request[parent] if parent else request)[field] = value
    response = client.post(path, json=request)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert any(field in detail["field"] for detail in error["details"])
