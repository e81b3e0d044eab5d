"""What the score reads of a request, and the model's part of an answer, per feature layout.

A variant's feature order is fixed, and so is what it ignores for an adult and for an
adolescent (PCOS 2023: TSH and prolactin never count; ultrasound and AMH not within 8
years of menarche). `Layout` works those out once per feature order, so that a request's
inputs are one attribute fetch and one pass, and its key factors and missing features
index lists instead of asking "is it ignored?" of every feature. The single route goes
through here (pcos/service.py); the batch reads the same layouts as masks over a matrix
(pcos/columnar.py).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fembalance_ml.pcos.criteria import is_adolescent
from fembalance_ml.pcos.features import (
    CLINICAL_TRIGGERS,
    EXCLUSION_LABS,
    OVARIAN_MORPHOLOGY,
    SYMPTOMS,
)
from fembalance_ml.pcos.model import Variant
from fembalance_ml.pcos.schemas import Contribution

ADULT_IGNORED = EXCLUSION_LABS
ADOLESCENT_IGNORED = (*EXCLUSION_LABS, *OVARIAN_MORPHOLOGY)
# The clinical triggers each stage may use: any of them given selects the clinical variant.
_TRIGGERS = {
    False: operator.attrgetter(*(n for n in CLINICAL_TRIGGERS if n not in ADULT_IGNORED)),
    True: operator.attrgetter(*(n for n in CLINICAL_TRIGGERS if n not in ADOLESCENT_IGNORED)),
}


def ignored_inputs(features: Any) -> tuple[str, ...]:
    """Given values the score must not use for this person (PCOS 2023).

    TSH and prolactin always: they exclude conditions that mimic PCOS, they are not
    evidence for it (v2.1.0 still has them as inputs; imputed to the mean, they add
    nothing). Ultrasound and AMH within 8 years of menarche, where they are not used.
    """
    return ADOLESCENT_IGNORED if is_adolescent(features) else ADULT_IGNORED


def variant_for(features: Any, adolescent: bool | None = None) -> Variant:
    """`clinical` as soon as a lab or ultrasound value the score uses is given."""
    stage = is_adolescent(features) if adolescent is None else adolescent
    given = _TRIGGERS[stage](features)
    return "screening" if given.count(None) == len(given) else "clinical"


@dataclass(frozen=True)
class Stage:
    """What one feature order reads and says for an adult, or for an adolescent."""

    ignored: tuple[str, ...]
    # Per column: whether the score ignores it for this person.
    skipped: tuple[bool, ...]
    # Columns that can be a key factor (not ignored), and that can be missing (not
    # ignored, not a symptom: the six symptoms are always given).
    factors: tuple[int, ...]
    missable: tuple[int, ...]


@dataclass(frozen=True)
class Layout:
    """One feature order: how to read a request's values, and each stage's lists."""

    names: tuple[str, ...]
    read: Callable[[Any], tuple[Any, ...]]
    adult: Stage
    adolescent: Stage


def _stage(names: tuple[str, ...], ignored: tuple[str, ...]) -> Stage:
    return Stage(
        ignored,
        tuple(name in ignored for name in names),
        tuple(j for j, name in enumerate(names) if name not in ignored),
        tuple(j for j, name in enumerate(names) if name not in ignored and name not in SYMPTOMS),
    )


@functools.lru_cache(maxsize=16)
def layout(names: tuple[str, ...]) -> Layout:
    """The layout of a variant's feature order (a handful per process)."""
    return Layout(
        names,
        operator.attrgetter(*names),
        _stage(names, ADULT_IGNORED),
        _stage(names, ADOLESCENT_IGNORED),
    )


def inputs_of(
    features: Any, stage: Stage, read: Callable[[Any], tuple[Any, ...]]
) -> list[float | None]:
    """The values the score uses, as floats; None where absent or ignored for this person."""
    return [
        None if value is None or skip else float(value)
        for value, skip in zip(read(features), stage.skipped, strict=True)
    ]


def model_inputs(features: Any, names: Sequence[str]) -> list[float | None]:
    """`inputs_of` for any feature order (the form older callers use)."""
    found = layout(tuple(names))
    stage = found.adolescent if is_adolescent(features) else found.adult
    return inputs_of(features, stage, found.read)


def contributions_of(
    names: Sequence[str], values: Sequence[float | None], parts: Sequence[float]
) -> list[Contribution]:
    """Each feature's value and additive share of the score, in the feature order."""
    return [
        {"feature": name, "value": value, "contribution": part}
        for name, value, part in zip(names, values, parts, strict=True)
    ]


def key_factors(names: Sequence[str], parts: Sequence[float], stage: Stage) -> list[str]:
    """Features pushing the score up, strongest first (ties in feature order)."""
    up = [j for j in stage.factors if parts[j] > 0]
    up.sort(key=parts.__getitem__, reverse=True)  # stable: ties stay in feature order
    return [names[j] for j in up]


def missing_features(
    names: Sequence[str], values: Sequence[float | None], stage: Stage
) -> list[str]:
    """Inputs the score would use that were not given (the symptoms are always given)."""
    return [names[j] for j in stage.missable if values[j] is None]
