"""Swagger UI (/docs) and ReDoc (/redoc) from files the package installs, not a CDN.

FastAPI's own pages load their scripts from a CDN: blank offline, and blocked by any strict
Content-Security-Policy. These pages load Swagger UI's and ReDoc's distribution files as
shipped by the `fastapi-offline` package (MIT; its licence is in its dist-info) and one
start-up script of ours, all under /docs/static, with no inline script, and answer with a
CSP that allows nothing from another origin. Production serves neither page (app.py).
"""

from __future__ import annotations

import html
from importlib.resources import files
from pathlib import Path
from typing import Final

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response

from fembalance_ml.api.errors import NotFoundError

STATIC_PREFIX: Final = "/docs/static"
# Nothing from another origin; no inline or evaluated script. Inline styles stay allowed:
# both bundles set style attributes, and ReDoc inserts <style> elements at run time;
# ReDoc's search runs in a Web Worker made from a blob.
CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS: Final = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
MEDIA_TYPES: Final = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


def asset_files() -> dict[str, Path]:
    """The files served under /docs/static, by name: the vendored bundles and our script."""
    vendored = Path(str(files("fastapi_offline") / "static"))
    ours = Path(str(files("fembalance_ml.api") / "static"))
    names = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")
    return {name: vendored / name for name in names} | {"swagger-init.js": ours / "swagger-init.js"}


def swagger_page(title: str, spec_url: str) -> str:
    """Swagger UI's page: the bundle, its style sheet and swagger-init.js, all local."""
    title, spec_url = html.escape(title), html.escape(spec_url)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="{STATIC_PREFIX}/favicon.png">
<link rel="stylesheet" href="{STATIC_PREFIX}/swagger-ui.css"></head>
<body><div id="swagger-ui" data-spec-url="{spec_url}"></div>
<script src="{STATIC_PREFIX}/swagger-ui-bundle.js"></script>
<script src="{STATIC_PREFIX}/swagger-init.js"></script></body></html>
"""


def redoc_page(title: str, spec_url: str) -> str:
    """ReDoc's page: its standalone bundle renders the <redoc> element, no inline script."""
    title, spec_url = html.escape(title), html.escape(spec_url)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="{STATIC_PREFIX}/favicon.png"></head>
<body><redoc spec-url="{spec_url}"></redoc>
<script src="{STATIC_PREFIX}/redoc.standalone.js"></script></body></html>
"""


def install_docs_pages(app: FastAPI, spec_url: str) -> None:
    """Serve /docs, /redoc and their assets (none of them in the spec)."""
    assets = asset_files()

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return HTMLResponse(swagger_page(f"{app.title} - Swagger UI", spec_url), 200, PAGE_HEADERS)

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return HTMLResponse(redoc_page(f"{app.title} - ReDoc", spec_url), 200, PAGE_HEADERS)

    @app.get(STATIC_PREFIX + "/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        path = assets.get(name)
        if path is None:
            raise NotFoundError("No documentation asset has this name.")
        headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
        return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers=headers)
