"""Which paths nginx/ml.conf and k8s/ingress.yaml route from outside, read from the files.

Each is evaluated with its own matching rules, on a path as the proxy sees it after
normalisation: nginx (the public `listen 443` server): an exact `location =` first, then
the longest prefix `location`, and the path goes to the app when that location has
`proxy_pass`; the Ingress: an Exact path, or a Prefix by whole `/` segments.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.support.access_table import documented_routes
from tests.support.servers import REPO_ROOT

ML_CONF = REPO_ROOT / "nginx" / "ml.conf"
INGRESS = REPO_ROOT / "k8s" / "ingress.yaml"
# A value for each path parameter, to turn a route template into a path.
PATH_VALUES = {"{name}": "pcos", "{user_id}": "someone"}
# Ways to reach a blocked route through a path the proxy normalises, or a near miss, sent as
# they are (tests/deploy: through a real nginx with ml.conf, and with the Ingress's rules).
ATTACK_PATHS = [
    "/metrics",
    "/metrics/",
    "//metrics",
    "/api/v1/models/pcos/reload",
    "/api/v1/models//pcos/reload",
    "/api/v1/models/",
    "/api/v1/predict/../models/pcos/reload",
    "/api/v1/predict/%2e%2e/models/pcos/reload",
    "/api/v1/predict/pcos/..%2F..%2Fmodels/pcos/reload",
    "/api/v1/predict/./../../metrics",
    "/health/../metrics",
    "/openapi.json",
    "/docs",
    "/api/v1/experiments/pcos",
    "/api/v1/predict/../experiments/pcos",
    "/api/v1/outcomes/../users/someone/data",
    "/api/v1/users/someone/data",
    "/api/v1/outcomes/x",
    "/api/v1/pcos/features/../../experiments/pcos",
]
# Paths as a proxy sees them after normalising: near misses of the allowlist.
NEAR_MISSES = [
    "/",
    "/metrics",
    "/healthz",
    "/health/",
    "/health/ready/",
    "/api/v1",
    "/api/v1/predictx",
    "/api/v1/models/",
    "/api/v1/models/pcos",
    "/api/v1/models/pcos/reload",
    "/api/v1/outcomes/",
    "/api/v1/outcomes/x",
    "/api/v1/pcos",
    "/api/v1/pcos/features/x",
    "/api/v1/symptoms/x",
    "/api/v1/experiments/pcos",
    "/api/v1/users/someone/data",
    "/openapi.json",
    "/docs",
]
_LOCATION = re.compile(r"^\s*location\s+(=\s+)?(\S+)\s*\{", re.MULTILINE)


def concrete(template: str) -> str:
    """`/api/v1/models/{name}/reload` -> `/api/v1/models/pcos/reload`."""
    for name, value in PATH_VALUES.items():
        template = template.replace(name, value)
    return template


def documented_public() -> dict[str, bool]:
    """Every route path of docs/API.md's table (filled in) -> whether it is public.

    A path listed with two methods must be public for both or for neither: both proxies
    route by path alone.
    """
    public: dict[str, bool] = {}
    for route in documented_routes().values():
        path = concrete(route.path)
        if public.setdefault(path, route.public) != route.public:
            raise ValueError(f"docs/API.md: {route.path} is public for one method only")
    return public


def _server_block(text: str, marker: str) -> str:
    """The `server { ... }` block of nginx config `text` that contains `marker`."""
    for match in re.finditer(r"^server\s*\{", text, re.MULTILINE):
        depth, index = 0, match.end() - 1
        for index in range(match.end() - 1, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                break
        block = text[match.start() : index + 1]
        if marker in block:
            return block
    raise ValueError(f"no server block with {marker!r}")


def nginx_locations() -> dict[tuple[bool, str], bool]:
    """The public server's locations: (exact?, path) -> whether it proxies to the app."""
    block = _server_block(ML_CONF.read_text(), "listen 443")
    if re.search(r"^\s*location\s+~", block, re.MULTILINE):
        raise ValueError("regex locations are not modelled here")
    starts = list(_LOCATION.finditer(block))
    locations = {}
    for here, after in zip(starts, [*starts[1:], None], strict=True):
        body = block[here.end() : after.start() if after else len(block)]
        locations[bool(here.group(1)), here.group(2)] = "proxy_pass" in body
    return locations


def nginx_routes(path: str) -> bool:
    """Whether nginx/ml.conf's public server sends `path` to the app."""
    locations = nginx_locations()
    if (True, path) in locations:
        return locations[True, path]
    prefixes = [prefix for exact, prefix in locations if not exact and path.startswith(prefix)]
    return bool(prefixes) and locations[False, max(prefixes, key=len)]


def ingress_rules() -> list[dict[str, Any]]:
    """Every path entry of the Ingress's rules."""
    documents = [doc for doc in yaml.safe_load_all(INGRESS.read_text()) if doc]
    (ingress,) = [doc for doc in documents if doc["kind"] == "Ingress"]
    return [entry for rule in ingress["spec"]["rules"] for entry in rule["http"]["paths"]]


def ingress_routes(path: str) -> bool:
    """Kubernetes Ingress path matching: Exact, or Prefix by whole `/` segments."""
    for entry in ingress_rules():
        if entry["pathType"] == "Exact" and path == entry["path"]:
            return True
        if entry["pathType"] == "Prefix":
            prefix = entry["path"].rstrip("/").split("/")
            if path.split("/")[: len(prefix)] == prefix:
                return True
    return False
