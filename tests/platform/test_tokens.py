"""Browser tokens: minted by the product's backend, checked by the service, short-lived."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.main import build_app
from fembalance_ml.security.tokens import MAX_LIFETIME_S, TokenVerifier, mint_token
from tests.conftest import body, make_settings

SIGNING_KEY = "browser-token-signing-key-for-tests-0123456789"
API_KEY = "backend-api-key-for-token-tests-0123456789ab"
ADMIN_KEY = "admin-api-key-for-token-tests-0123456789abcd"
NOW = 1_800_000_000.0


def test_a_fresh_token_names_its_subject() -> None:
    token = mint_token(SIGNING_KEY.encode(), "session-42", 300, now=NOW)
    assert token.startswith("fbt1.")
    assert TokenVerifier(SIGNING_KEY.encode()).subject_of(token, now=NOW + 10) == "session-42"


@pytest.mark.parametrize(
    ("token_at", "checked_at", "why"),
    [
        (NOW, NOW + 301, "expired"),
        (NOW + MAX_LIFETIME_S, NOW, "claims to live longer than the maximum"),
    ],
)
def test_dead_or_overlong_tokens_are_refused(token_at: float, checked_at: float, why: str) -> None:
    token = mint_token(SIGNING_KEY.encode(), "s", 300, now=token_at)
    assert TokenVerifier(SIGNING_KEY.encode()).subject_of(token, now=checked_at) is None, why


def test_tampered_or_foreign_tokens_are_refused() -> None:
    verifier = TokenVerifier(SIGNING_KEY.encode())
    token = mint_token(SIGNING_KEY.encode(), "alice", 300, now=NOW)
    prefix, expires, subject, signature = token.split(".")
    assert verifier.subject_of(f"{prefix}.{expires}.mallory.{signature}", now=NOW) is None
    assert (
        verifier.subject_of(f"{prefix}.{int(expires) + 60}.{subject}.{signature}", now=NOW) is None
    )
    other = mint_token(b"some-other-key-entirely-0123456789abcdef", "alice", 300, now=NOW)
    assert verifier.subject_of(other, now=NOW) is None
    assert verifier.subject_of("not a token", now=NOW) is None


def test_minting_refuses_personal_looking_subjects_and_long_lives() -> None:
    with pytest.raises(ValueError, match="subject"):
        mint_token(SIGNING_KEY.encode(), "jane@example.com", 60)
    with pytest.raises(ValueError, match="lifetime"):
        mint_token(SIGNING_KEY.encode(), "s", MAX_LIFETIME_S + 1)


@pytest.fixture(scope="module")
def app_client() -> Iterator[TestClient]:
    settings = make_settings(
        api_key_required=True,
        valid_api_keys=[API_KEY],
        admin_api_keys=[ADMIN_KEY],
        browser_token_key=SIGNING_KEY,
        model_watch_seconds=0,
    )
    with TestClient(build_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_a_browser_token_opens_predictions_but_not_admin(app_client: TestClient) -> None:
    token = mint_token(SIGNING_KEY.encode(), "browser-session-1", 120)
    headers = {"Authorization": f"Bearer {token}"}
    assert app_client.post("/api/v1/predict/pcos", json=body("pcos"), headers=headers).is_success
    assert app_client.get("/api/v1/symptoms", headers=headers).status_code == 200
    for method, path in (
        ("POST", "/api/v1/models/pcos/reload"),
        ("GET", "/api/v1/experiments/pcos"),
        ("DELETE", "/api/v1/users/someone/data"),
    ):
        refused = app_client.request(method, path, headers=headers)
        assert refused.status_code == 403, path
        assert refused.json()["error"]["code"] == "insufficient_scope"


def test_an_expired_token_gets_401(app_client: TestClient) -> None:
    token = mint_token(SIGNING_KEY.encode(), "browser-session-2", 60, now=NOW)
    answer = app_client.post(
        "/api/v1/predict/pcos", json=body("pcos"), headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"
