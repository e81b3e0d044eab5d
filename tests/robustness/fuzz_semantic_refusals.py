"""The kinds of fuzz "failure" that are correct behaviour.

Refusals about meaning, one documented leniency (a batch answers an invalid item with an
error in its slot rather than refusing the whole batch), and one limit of the generator:
schemathesis reads the `\\p{C}`, `\\p{Z}` classes of the printable `user_id` pattern as "control
characters and whitespace", so it sends, as valid, ids the pattern itself refuses (an
unassigned code point, a format character). Date bounds, printable ids, 0/1 in PCOS yes/no
features and "exactly one outcome" are in the schema itself.

A body can be valid by the JSON Schema and still be refused with 422 for a rule between
values that JSON Schema cannot state: dates in order, period starts ten days apart, a BMI
computed from height and weight, a start after today when `as_of` is left out. Each is
recognised narrowly, so the fuzz run still fails on anything else.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import schemathesis
from schemathesis.core.failures import AcceptedNegativeData, Failure
from schemathesis.openapi.checks import RejectedPositiveData

from fembalance_ml.schema_types import PRINTABLE_PATTERN

Detail = dict[str, Any]
PRINTABLE = jsonschema_rs.validator_for({"type": "string", "pattern": PRINTABLE_PATTERN})
# Fields whose validators enforce a rule between values; JSON Schema cannot express them.
CROSS_FIELD_RULES = {"", "cycles", "features"}
# Rules reported at the fields they name (`cycles[3].start_date`, `context.pregnancy`), by
# their own type (a person's context that contradicts itself: `context_conflict`).
LOCATED_RULES = {"after_as_of", "starts_too_close", "duplicate_log", "context_conflict"}


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
    return kind == "value_error" and detail.get("field") in CROSS_FIELD_RULES


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


def _user_ids(body: object) -> list[object]:
    """The user ids of a body: its own, or each batch item's input's."""
    if not isinstance(body, dict):
        return []
    items = body.get("requests")
    inputs = (
        [i.get("input") for i in items if isinstance(i, dict)] if isinstance(items, list) else []
    )
    return [b["user_id"] for b in [body, *inputs] if isinstance(b, dict) and "user_id" in b]


def is_id_outside_its_pattern(
    failure: Failure, case: schemathesis.Case[Any], response: schemathesis.Response
) -> bool:
    """A 422 `not_printable` for a user id that the spec's own pattern refuses too.

    Checked with a JSON Schema validator that reads `\\p{..}` (jsonschema_rs): only ids
    the generator mistook for valid are forgiven; an id the pattern accepts still fails.
    """
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 422:
        return False
    details = [d for d in error_body(response).get("details") or [] if isinstance(d, dict)]
    if not details or any(d.get("type") != "not_printable" for d in details):
        return False
    return any(isinstance(i, str) and not PRINTABLE.is_valid(i) for i in _user_ids(case.body))
