"""nginx/ml.conf and k8s/ingress.yaml expose the same allowlist: docs/API.md's public routes.

Read from the files with each proxy's own matching rules (tests/support/allowlist.py); the
same through a real nginx: tests/deploy/test_behind_nginx.py (ml.conf) and
tests/deploy/test_k8s.py (the Ingress's rules as ingress-nginx renders them).
"""

from __future__ import annotations

import pytest

from tests.support.allowlist import (
    NEAR_MISSES,
    documented_public,
    ingress_routes,
    nginx_locations,
    nginx_routes,
)

DOCUMENTED = documented_public()


def test_the_allowlist_is_what_browsers_and_the_backend_call_from_outside() -> None:
    """Predictions, outcomes, the listings and health; never metrics, admin or erasure."""
    public = {path for path, is_public in DOCUMENTED.items() if is_public}
    assert public == {
        "/api/v1/predict/pcos",
        "/api/v1/predict/cycle",
        "/api/v1/predict/symptoms",
        "/api/v1/predict/batch",
        "/api/v1/outcomes",
        "/api/v1/models",
        "/api/v1/symptoms",
        "/api/v1/pcos/features",
        "/health",
        "/health/ready",
    }


@pytest.mark.parametrize("path", sorted(DOCUMENTED))
def test_nginx_and_the_ingress_route_each_documented_path_as_documented(path: str) -> None:
    assert (nginx_routes(path), ingress_routes(path)) == (DOCUMENTED[path], DOCUMENTED[path])


@pytest.mark.parametrize("path", NEAR_MISSES)
def test_neither_routes_a_near_miss(path: str) -> None:
    assert (nginx_routes(path), ingress_routes(path)) == (False, False)


def test_nginx_answers_every_other_path_itself() -> None:
    """The public server's catch-all location returns 404 instead of proxying."""
    locations = nginx_locations()
    assert locations[False, "/"] is False
    assert sum(locations.values()) == len(locations) - 1
