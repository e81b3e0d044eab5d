"""Error reports to Sentry with no health data: no bodies, no locals, scrubbed events.

sentry-sdk attaches JSON request bodies and local variables by default, so every data
category is switched off explicitly (`data_collection`, `max_request_body_size`,
`include_local_variables`), and `before_send` strips anything else that could carry a
person's data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sentry_sdk
from sentry_sdk.integrations.threading import ThreadingIntegration

if TYPE_CHECKING:
    from sentry_sdk._types import DataCollectionUserOptions

_KEPT_REQUEST_FIELDS = ("method", "url")
_KEPT_HEADERS = {"x-request-id", "user-agent", "content-type"}


# sentry-sdk's data-collection switches, every category that could carry health data off.
NO_PERSONAL_DATA: DataCollectionUserOptions = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "allowlist", "terms": sorted(_KEPT_HEADERS)}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
    "frame_context_lines": 0,
}


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Keep only what is needed to find a bug: route, method, request id, stack (no vars)."""
    request = event.get("request")
    if isinstance(request, dict):
        headers = request.get("headers") or {}
        kept = {k: v for k, v in headers.items() if k.lower() in _KEPT_HEADERS}
        url = str(request.get("url", "")).split("?", 1)[0]
        event["request"] = {
            **{k: request[k] for k in _KEPT_REQUEST_FIELDS if k in request},
            "url": url,
            "headers": kept,
        }
    event.pop("user", None)
    event.pop("extra", None)
    for exception in (event.get("exception") or {}).get("values", []):
        # Validation errors quote the offending input in their message.
        exception["value"] = "[scrubbed]"
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = []
    return event


def init_sentry(dsn: str, environment: str, release: str, transport: Any | None = None) -> None:
    """Start the SDK with bodies, locals and PII off and the scrubber installed."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        data_collection=NO_PERSONAL_DATA,
        max_request_body_size="never",
        include_local_variables=False,
        include_source_context=False,
        before_send=scrub_event,  # type: ignore[arg-type]
        before_send_transaction=scrub_event,  # type: ignore[arg-type]
        traces_sample_rate=0.0,
        # The Starlette/FastAPI integrations wrap every middleware on every request; the
        # app's own last-resort handler reports errors instead (report_error).
        auto_enabling_integrations=False,
        # A prediction handed to the worker pool raises back on the event loop, where
        # report_error scopes it: copying the scopes into each pool call (the default)
        # cost every cycle and symptoms request two scope forks for nothing (issue 24).
        integrations=[ThreadingIntegration(propagate_scope=False)],
        transport=transport,
    )


def report_error(exc: BaseException, request_id: str | None, route: str) -> None:
    """Send an unhandled error with its request id and route, nothing from the request."""
    with sentry_sdk.new_scope() as scope:
        scope.set_tag("request_id", request_id or "")
        scope.set_tag("route", route)
        sentry_sdk.capture_exception(exc)
