"""Schemathesis over every operation of the OpenAPI spec, valid and invalid data, all checks.

`make test` runs a bounded, derandomized number of examples per operation; `make fuzz`
raises it with FUZZ_EXAMPLES. Every default check of schemathesis runs on every response:
no server error, declared status codes, content types and headers, response bodies that
match their schema, invalid data rejected, valid data accepted, and the rest.

One kind of failure is dropped, by a narrow predicate: valid-by-schema bodies refused for a
rule about meaning that JSON Schema cannot state (dates in order, period starts ten days
apart); see `fuzz_semantic_refusals.py`.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure

from fembalance_ml.main import build_app
from tests.conftest import make_settings
from tests.robustness.fuzz_semantic_refusals import (
    is_id_outside_its_pattern,
    is_item_error_in_its_slot,
    is_semantic_refusal,
)

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
API_KEY = "fuzz-client-key"
ADMIN_KEY = "fuzz-admin-key"

# Keys are required (as in production) and sent with every case, so the fuzzer reaches the
# models instead of stopping at 401; the rate limit is raised so it does not stop at 429.
app = build_app(
    make_settings(
        api_key_required=True,
        valid_api_keys=API_KEY,
        admin_api_keys=ADMIN_KEY,
        rate_limit_default="1000000/minute",
        model_watch_seconds=0,
        log_level="WARNING",
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
schema.config.generation.update(
    modes=list(GenerationMode),
    max_examples=FUZZ_EXAMPLES,
    deterministic=True,
    # No example database: every run replays the same derandomized cases, nothing on disk.
    database="none",
)


@schema.hook
def filter_failure(
    context: schemathesis.HookContext,
    failure: Failure,
    case: schemathesis.Case[Any],
    response: schemathesis.Response,
) -> bool:
    """Keep every failure except refusals about meaning, batch items refused in their
    slots, and ids the generator sent against the spec's own pattern."""
    del context
    return not (
        is_semantic_refusal(failure, case, response)
        or is_item_error_in_its_slot(failure, case, response)
        or is_id_outside_its_pattern(failure, case, response)
    )


def _headers_for(case: schemathesis.Case[Any]) -> dict[str, str]:
    admin_only = case.path.endswith("/reload") or case.path.startswith("/api/v1/experiments/")
    key = ADMIN_KEY if admin_only else API_KEY
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
def test_every_operation_conforms(case: schemathesis.Case[Any]) -> None:
    """Any generated request, valid or not, gets a declared, well-formed, non-5xx answer."""
    case.call_and_validate(headers=_headers_for(case))
