"""The published spec's parts FastAPI cannot derive from the routes: tags, servers, the
bearer scheme, the typed batch, examples, request defaults and the HTTP conventions.

`complete_spec` wraps the app's `openapi()` once, so /openapi.json, `fembalance-ml spec`
and docs/openapi.json are the same document.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from fembalance_ml.api.batch_spec import batch_components, refresh_batch_fields
from fembalance_ml.api.conventions_spec import declare_conventions
from fembalance_ml.api.deps import BEARER_SCHEME
from fembalance_ml.api.examples import add_examples, declare_prediction_ids
from fembalance_ml.api.spec_inputs import free_request_defaults
from fembalance_ml.serving.registry import ModelRegistry

OPENAPI_TAGS = [
    {"name": "predictions", "description": "PCOS risk, cycle and symptom answers, one or many."},
    {"name": "models", "description": "Served versions, the symptom vocabulary, reloads."},
    {"name": "health", "description": "Liveness and readiness probes (no key)."},
    {"name": "metrics", "description": "Prometheus exposition (closed to the outside)."},
    {
        "name": "outcomes",
        "description": "What happened after a prediction, erasures, A/B verdicts.",
    },
]
# Relative: the spec describes the service wherever it is deployed (its public origin
# behind nginx); linters and generated clients want the list present and non-empty.
OPENAPI_SERVERS = [{"url": "/", "description": "This service, at the origin serving the spec."}]


def complete_spec(app: FastAPI, registry: ModelRegistry) -> None:
    """Add what FastAPI cannot derive to the spec: the bearer scheme that protected
    operations name (deps.BEARER), the typed batch items and answers (batch_spec), the
    examples (examples.py), and request defaults clients read as optional (spec_inputs)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {})
            schemas = components.setdefault("schemas", {})
            schemas.update(batch_components(registry))
            refresh_batch_fields(schemas, registry)
            declare_prediction_ids(schema, registry)
            add_examples(schema, registry)
            free_request_defaults(schema)
            declare_conventions(schema)
            components["securitySchemes"] = {
                BEARER_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key (services) or a short-lived browser token.",
                }
            }
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]
