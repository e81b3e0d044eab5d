"""German over HTTP: `Accept-Language: de` answers in German and says so.

Predictions, errors (as the envelope and as problem details) and the disclaimers; the
pseudo-language test (tests/i18n/test_pseudo_http.py) covers every text. The English
wording of the same requests is unchanged (the golden corpora prove it byte for byte).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from fembalance_ml import disclaimers
from fembalance_ml.i18n.catalogs import translations
from fembalance_ml.main import build_app
from tests.conftest import body
from tests.i18n.http_cases import AUTH, adolescent_cycle, app_settings

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
CYCLE = "/api/v1/predict/cycle"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = app_settings(tmp_path_factory.mktemp("state"))
    with TestClient(build_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def _says_german(response: httpx.Response) -> None:
    assert response.headers["content-language"] == "de"
    assert "Accept-Language" in response.headers["vary"]


def test_a_prediction_in_german(client: TestClient) -> None:
    answer = client.post(CYCLE, json=adolescent_cycle(), headers={**AUTH, **GERMAN})
    assert answer.status_code == 200, answer.text
    _says_german(answer)
    result = answer.json()
    german = translations("de")
    assert german is not None
    assert result["disclaimer"] == german.pgettext(
        disclaimers.CYCLE_TEXT.key, disclaimers.CYCLE_TEXT.template
    )
    assert result["disclaimer"].startswith("Die Zyklusdaten sind Schätzungen")
    assert result["disclaimer_code"] == "cycle"
    messages = [flag["message"] for flag in result["flags"]]
    assert any(
        m.startswith("2 Ihrer erfassten Perioden dauerten länger als 7 Tage") for m in messages
    )
    flag = next(f for f in result["flags"] if f["code"] == "prolonged_menstruation")
    assert flag["params"] == {"count": 2, "limit_days": 7, "longest_days": 9}
    (assumed,) = result["assumptions"]
    assert assumed["message"].startswith("Die Anfrage hat nicht angegeben, ob Sie verhüten")


def test_an_english_request_is_unchanged_and_says_english(client: TestClient) -> None:
    answer = client.post(CYCLE, json=body("cycle"), headers=AUTH)
    assert answer.headers["content-language"] == "en"
    assert answer.json()["disclaimer"] == disclaimers.CYCLE
    refused = client.post(CYCLE, json={"cycles": []}, headers=AUTH)
    assert refused.json()["error"]["message"] == (
        "Invalid request: `cycles`: List should have at least 1 item after validation, not 0."
    )


def test_the_cache_keeps_each_language_apart(client: TestClient) -> None:
    request = body("cycle") | {"horizon_cycles": 1}  # asked nowhere else in this module
    english = client.post(CYCLE, json=request, headers=AUTH)
    german = client.post(CYCLE, json=request, headers={**AUTH, **GERMAN})
    again = client.post(CYCLE, json=request, headers={**AUTH, **GERMAN})
    english_again = client.post(CYCLE, json=request, headers=AUTH)
    assert english.headers["x-cache"] == "miss"
    assert german.headers["x-cache"] == "miss"
    assert german.json()["disclaimer"].startswith("Die Zyklusdaten sind Schätzungen")
    assert again.headers["x-cache"] == "hit"
    assert again.json()["disclaimer"] == german.json()["disclaimer"]
    assert english_again.headers["x-cache"] == "hit"
    assert english_again.json()["disclaimer"] == disclaimers.CYCLE


@pytest.mark.parametrize(
    ("request_args", "status", "starts"),
    [
        ({"json": body("cycle")}, 401, "Ein gültiger API-Schlüssel (VALID_API_KEYS)"),
        ({"json": {"cycles": []}, "headers": AUTH}, 422, "Ungültige Anfrage: `cycles`: Die Liste"),
        ({"content": b"a=1", "headers": AUTH}, 415, "Der Body muss JSON sein"),
    ],
)
def test_errors_in_german(
    client: TestClient, request_args: dict[str, object], status: int, starts: str
) -> None:
    headers = {**GERMAN, **dict(request_args.pop("headers", {}))}  # type: ignore[call-overload]
    refused = client.post(CYCLE, headers=headers, **request_args)  # type: ignore[arg-type]
    assert refused.status_code == status
    _says_german(refused)
    assert refused.json()["error"]["message"].startswith(starts)


def test_validation_details_carry_their_values_as_params(client: TestClient) -> None:
    refused = client.post(CYCLE, json=body("cycle") | {"age": 300}, headers={**AUTH, **GERMAN})
    (detail,) = refused.json()["error"]["details"]
    assert detail["type"] == "less_than_equal"
    assert detail["params"] == {"le": 70}
    assert detail["message"] == "Der Wert muss kleiner oder gleich 70 sein"


def test_an_unknown_or_malformed_language_is_answered_in_english(client: TestClient) -> None:
    for header in ("xx", "de;q=abc", "*;q=0", "de" * 400, ";;,,", "fr-CA, en;q=0.1"):
        answer = client.post(
            CYCLE, json={"cycles": []}, headers={**AUTH, "Accept-Language": header}
        )
        assert answer.status_code == 422, header
        assert answer.headers["content-language"] == "en", header
        assert answer.json()["error"]["message"].startswith("Invalid request"), header


def test_the_pseudo_language_needs_its_setting(client: TestClient) -> None:
    answer = client.post(CYCLE, json=body("cycle"), headers={**AUTH, "Accept-Language": "en-XA"})
    assert answer.headers["content-language"] == "en"
    assert answer.json()["disclaimer"] == disclaimers.CYCLE


def test_every_cache_of_rendered_text_keeps_languages_apart(client: TestClient) -> None:
    """The PCOS rules' table (pcos/rules.py) and the envelopes keep one entry per language:
    a German answer never reaches an English request, nor the other way round."""
    request = body("pcos") | {"user_id": "tables-by-language"}
    url = "/api/v1/predict/pcos"
    german = client.post(url, json=request, headers={**AUTH, **GERMAN}).json()
    english = client.post(url, json=request, headers=AUTH).json()
    german_again = client.post(url, json=request, headers={**AUTH, **GERMAN}).json()
    assert german["assumptions"][0]["message"].startswith("Die Anfrage hat nicht angegeben")
    assert english["assumptions"][0]["message"].startswith("The request did not say")
    assert german_again["assumptions"] == german["assumptions"]
    assert english["disclaimer"] == disclaimers.PCOS


def test_problem_details_in_german(client: TestClient) -> None:
    """The problem's `title` is a text of its own (per code), `detail` the envelope's message."""
    headers = {**AUTH, **GERMAN, "Accept": "application/problem+json"}
    refused = client.post("/api/v1/predict/pcos", json={"features": {"age": 300}}, headers=headers)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    _says_german(refused)
    problem = refused.json()
    assert problem["title"] == "Ungültige Eingabe"
    assert problem["detail"].startswith("Ungültige Anfrage: `features.irregular_periods`")
    english = client.post(
        "/api/v1/predict/pcos", json={}, headers={**AUTH, "Accept": "application/problem+json"}
    )
    assert english.json()["title"] == "Invalid input"
