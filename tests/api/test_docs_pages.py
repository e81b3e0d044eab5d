"""/docs and /redoc load only the service's own files, under a strict CSP."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from fembalance_ml.api.docs_pages import CSP


class References(HTMLParser):
    """Every src and href of a page, and the text of any script element."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "spec-url", "data-spec-url") and value:
                self.urls.append(value)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


@pytest.mark.parametrize(
    ("page", "bundle"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")]
)
def test_page_references_only_local_assets_that_answer(
    client: TestClient, page: str, bundle: str
) -> None:
    answer = client.get(page)
    assert answer.status_code == 200
    assert answer.headers["content-security-policy"] == CSP
    assert "script-src 'self';" in CSP
    assert "unsafe-eval" not in CSP
    found = References()
    found.feed(answer.text)
    assert found.inline_scripts == []  # script-src 'self' would block them
    assert f"/docs/static/{bundle}" in found.urls
    for url in found.urls:
        assert url.startswith("/"), f"{page} loads {url} from another origin"
        assert not url.startswith("//")
        fetched = client.get(url)
        assert fetched.status_code == 200, url
        assert len(fetched.content) > 0


def test_assets_have_their_types_and_unknown_names_are_404(client: TestClient) -> None:
    script = client.get("/docs/static/swagger-init.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "SwaggerUIBundle" in script.text
    assert client.get("/docs/static/swagger-ui.css").headers["content-type"].startswith("text/css")
    for name in ("nope.js", "..%2F..%2Fmain.py", "docs_pages.py"):
        missing = client.get(f"/docs/static/{name}")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "not_found"
