"""The kinds of fuzz "failure" that are correct behaviour.

Refusals about meaning, and two documented leniencies: a PCOS yes/no feature is declared
`boolean` and the v1 contract still accepts 0 and 1 there; a batch answers an invalid item
with an error in its slot rather than refusing the whole batch.

A body can be valid by the JSON Schema and still be refused with 422 for a rule between
values that JSON Schema cannot state: dates in order, period starts ten days apart, a BMI
computed from height and weight, a start after today when `as_of` is left out. Each is
recognised narrowly, so the fuzz run still fails on anything else.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from schemathesis.core.failures import AcceptedNegativeData, Failure
from schemathesis.openapi.checks import RejectedPositiveData

from fembalance_ml.pcos.features import LIFESTYLE, SYMPTOMS

Detail = dict[str, Any]
# Fields whose validators enforce a rule between values; JSON Schema cannot express them.
CROSS_FIELD_RULES = {"", "cycles", "features"}
# Rules reported at the fields they name (`cycles[3].start_date`, `context.pregnancy`), by
# their own type (a person's context that contradicts itself: `context_conflict`); and
# two rules about one value that JSON Schema states only in words: dates from 1900-01-01
# to 2200-12-31 (published as formatMinimum/formatMaximum, which fuzzers do not apply)
# and printable user ids.
LOCATED_RULES = {
    "after_as_of",
    "starts_too_close",
    "duplicate_log",
    "date_out_of_range",
    "context_conflict",
}


def error_body(response: schemathesis.Response) -> dict[str, Any]:
    """The `error` object of an envelope, or {} when the body is not one."""
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def cross_field_rule(detail: Detail) -> bool:
    """A rule between fields (reported by a model or list validator, or at its fields)."""
    kind = detail.get("type")
    if kind in LOCATED_RULES:
        return True
    if kind == "not_printable":
        return detail.get("field") == "user_id"
    return kind == "value_error" and detail.get("field") in CROSS_FIELD_RULES


BOOLEAN_FEATURES = frozenset((*SYMPTOMS, *LIFESTYLE))


def _zero_one_flags(body: object) -> bool:
    """Whether a PCOS body carries 0 or 1 (not true/false) in a yes/no feature."""
    features = body.get("features") if isinstance(body, dict) else None
    if not isinstance(features, dict):
        return False
    return any(
        type(features.get(name)) is int and features.get(name) in (0, 1)
        for name in BOOLEAN_FEATURES
    )


def is_accepted_zero_one(
    failure: Failure, case: schemathesis.Case[Any], response: schemathesis.Response
) -> bool:
    """A 200 for a PCOS body that carries 0 or 1 in a boolean feature (accepted on purpose).

    Narrow: only PCOS bodies (alone or as batch items) holding such a 0/1; every other
    accepted negative case still fails the run.
    """
    if not isinstance(failure, AcceptedNegativeData) or response.status_code != 200:
        return False
    if case.path.endswith("/predict/pcos"):
        return _zero_one_flags(case.body)
    if case.path.endswith("/predict/batch") and isinstance(case.body, dict):
        items = case.body.get("requests")
        return isinstance(items, list) and any(
            isinstance(item, dict) and _zero_one_flags(item.get("input")) for item in items
        )
    return False


def is_item_error_in_its_slot(
    failure: Failure, case: schemathesis.Case[Any], response: schemathesis.Response
) -> bool:
    """A batch whose invalid items were answered with errors in their slots (by contract).

    The spec types each item; the service still answers the batch, putting an error in the
    slot of each invalid item, so a batch with a bad item is accepted on purpose.
    """
    if not isinstance(failure, AcceptedNegativeData) or response.status_code != 200:
        return False
    if not case.path.endswith("/predict/batch"):
        return False
    try:
        predictions = json.loads(response.content)["predictions"]
    except (ValueError, TypeError, KeyError):
        return False
    return any(isinstance(p, dict) and "error" in p for p in predictions)


def is_semantic_refusal(
    failure: Failure, case: schemathesis.Case[Any], response: schemathesis.Response
) -> bool:
    """A valid-by-schema body refused with 422 for a rule about meaning only.

    A 422 `invalid_input` without details comes from the domain code (a period start
    after today when `as_of` is left out): a rule about meaning too.
    """
    del case
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 422:
        return False
    error = error_body(response)
    details = [d for d in error.get("details") or [] if isinstance(d, dict)]
    if not details:
        return error.get("code") == "invalid_input"
    return all(cross_field_rule(detail) for detail in details)
