"""The sentences of the error envelope's `message`, as localisable texts (`errors` domain).

Each is rendered where the error is raised or answered, inside the request's context, so
it comes out in the language negotiated for the request (i18n/negotiate.py); the
envelope's `code` and its details' values stay the stable part a client reads. The
English templates are the wording of 1.6, kept to the byte.
"""

from __future__ import annotations

from typing import Final

from fembalance_ml.i18n import Text

_QUOTE = "Keep `...` spans and upper-case setting names as they are."

# 422 summaries (error_details.describe_validation): the first problem and how many more.
INVALID_EMPTY = Text("errors.invalid_input.empty", "The request is not valid.")
INVALID_AT = Text(
    "errors.invalid_input.field",
    "Invalid request: `{field}`: {problem}.",
    "{field} is the field as the client wrote it; {problem} a sentence of its own.",
)
INVALID_AT_MORE = Text(
    "errors.invalid_input.field_more",
    "Invalid request: `{field}`: {problem} (and {more} more problems).",
    "{more} counts the other problems listed in details.",
)
INVALID_BODY = Text("errors.invalid_input.body", "Invalid request: {problem}.")
INVALID_BODY_MORE = Text(
    "errors.invalid_input.body_more", "Invalid request: {problem} (and {more} more problems)."
)
JSON_AT = Text(
    "errors.invalid_json.at",
    "The body is not valid JSON ({reason} at character {position}).",
    "{reason} is the JSON parser's own description, in English.",
)
JSON_SYNTAX = Text("errors.invalid_json.syntax", "The body is not valid JSON ({reason}).")
JSON_UNREADABLE = Text("errors.invalid_json.unreadable", "The body is not valid JSON.")
NOT_JSON = Text(
    "errors.unsupported_media_type",
    "The body must be JSON (Content-Type: application/json).",
    _QUOTE,
)

# Credentials (api/admission.py): one sentence per group of routes.
UNAUTHORIZED: Final = {
    "client": Text(
        "errors.unauthorized.client",
        "A valid API key (VALID_API_KEYS) or browser token is required: "
        "`Authorization: Bearer <credential>`.",
        _QUOTE,
    ),
    "erasure": Text(
        "errors.unauthorized.erasure",
        "A valid API key (VALID_API_KEYS) or admin key (ADMIN_API_KEYS) is required: "
        "`Authorization: Bearer <credential>`.",
        _QUOTE,
    ),
    "admin": Text(
        "errors.unauthorized.admin",
        "A valid admin key (ADMIN_API_KEYS) is required: `Authorization: Bearer <credential>`.",
        _QUOTE,
    ),
}
INSUFFICIENT_SCOPE: Final = {
    "client": Text(
        "errors.insufficient_scope.client",
        "This route needs an API key (VALID_API_KEYS) or a browser token; "
        "the credential sent is {presented}.",
        "{presented} is one of the errors.credential texts.",
    ),
    "erasure": Text(
        "errors.insufficient_scope.erasure",
        "This route needs an API key (VALID_API_KEYS) or an admin key (ADMIN_API_KEYS); "
        "the credential sent is {presented}.",
        "{presented} is one of the errors.credential texts.",
    ),
    "admin": Text(
        "errors.insufficient_scope.admin",
        "This route needs an admin key (ADMIN_API_KEYS); the credential sent is {presented}.",
        "{presented} is one of the errors.credential texts.",
    ),
}
CREDENTIALS: Final = {
    "api_key": Text("errors.credential.api_key", "an API key (VALID_API_KEYS)"),
    "admin_key": Text("errors.credential.admin_key", "an admin key (ADMIN_API_KEYS)"),
    "browser_token": Text("errors.credential.browser_token", "a browser token"),
}

# Limits.
BODY_TOO_LARGE = Text(
    "errors.payload_too_large.body", "Request body exceeds the limit of {limit} bytes."
)
BATCH_TOO_MANY = Text(
    "errors.payload_too_large.items",
    "A batch holds at most {maximum} items (BATCH_MAX_ITEMS); this one has {items}.",
    _QUOTE,
)
BATCH_TOO_COSTLY = Text(
    "errors.payload_too_large.cost",
    "A batch may cost at most {maximum} units (BATCH_MAX_COST); this one is estimated at "
    "{estimated_cost}. A PCOS item costs 1, cycle and symptom items more, by the cycles "
    "and logs they hold: split the batch.",
    _QUOTE,
)
RATE_LIMITED = Text(
    "errors.rate_limited",
    "Rate limit exceeded ({limit}); retry after the time in Retry-After.",
    "{limit} is the limit as configured, e.g. '60 per 1 minute'. Retry-After is a header.",
)
BUSY = Text("errors.busy", "The service is busy with other predictions; retry in a moment.")

# Routes, models and the ledger.
NOT_FOUND = Text("errors.not_found.route", "Not Found")
METHOD_NOT_ALLOWED = Text("errors.method_not_allowed", "Method Not Allowed")
REQUEST_FAILED = Text("errors.http_error", "Request failed.")
UNKNOWN_MODEL = Text(
    "errors.not_found.model", "Unknown model; models: {models}.", "{models}: names, as they are."
)
UNKNOWN_BATCH_MODEL = Text(
    "errors.invalid_input.model_name",
    "Unknown model_name; use one of: {models}.",
    "model_name is a field name; {models}: names, as they are.",
)
UNKNOWN_MODEL_DETAIL = Text("errors.invalid_input.model_name_detail", "unknown model")
UNKNOWN_PREDICTION = Text(
    "errors.not_found.prediction", "No live prediction has this id (unknown, expired or erased)."
)
MODEL_NOT_READY = Text("errors.model_not_ready", "The {model} model is not ready.")
RELOAD_REFUSED = Text(
    "errors.reload_refused",
    "The {model} model was not reloaded; the serving version is unchanged.",
)
OUTCOME_EXISTS = Text("errors.outcome_exists", "This prediction already has another outcome.")
LEDGER_OFF = Text(
    "errors.ledger_unavailable.disabled",
    "The prediction ledger is switched off (LEDGER_ENABLED=false).",
    _QUOTE,
)
LEDGER_DOWN = Text(
    "errors.ledger_unavailable.database",
    "The prediction ledger's database cannot be used now; retry later.",
)
INTERNAL = Text("errors.internal_error", "An internal error occurred.")
