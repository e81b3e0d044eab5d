"""Request schemas whose defaults generated clients read as "optional", as the server does.

openapi-typescript, with its default options, types a component property that has a
`default` as always present (right for an answer, which the server fills in; wrong for a
request, where a client may leave it out): a cycle request would need `horizon_cycles`.
So in the schemas only requests use, a default moves to `x-default` (and the description
says it); the property stays out of `required`, and every client may leave it out.
"""

from __future__ import annotations

import json
from typing import Any, Final

REF: Final = "#/components/schemas/"


def _referenced(node: object, schemas: dict[str, Any], found: set[str]) -> set[str]:
    """Every component schema `node` refers to, directly or through others."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF):
            name = ref.removeprefix(REF)
            if name not in found and name in schemas:
                found.add(name)
                _referenced(schemas[name], schemas, found)
        for key, value in node.items():
            if key != "$ref":
                _referenced(value, schemas, found)
    elif isinstance(node, list):
        for value in node:
            _referenced(value, schemas, found)
    return found


def request_only_schemas(spec: dict[str, Any]) -> set[str]:
    """The component schemas reachable from request bodies and never from an answer."""
    schemas = spec.get("components", {}).get("schemas", {})
    inputs: set[str] = set()
    outputs: set[str] = set()
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            _referenced(operation.get("requestBody", {}), schemas, inputs)
            _referenced(operation.get("responses", {}), schemas, outputs)
    return inputs - outputs


def free_request_defaults(spec: dict[str, Any]) -> None:
    """Move the defaults of optional request properties to `x-default`, in place."""
    schemas = spec.get("components", {}).get("schemas", {})
    for name in sorted(request_only_schemas(spec)):
        schema = schemas[name]
        required = set(schema.get("required", []))
        for field, prop in schema.get("properties", {}).items():
            if field in required or "default" not in prop:
                continue
            default = prop.pop("default")
            prop["x-default"] = default
            said = f"Left out: {json.dumps(default)}."
            prop["description"] = f"{prop['description']} {said}" if "description" in prop else said
