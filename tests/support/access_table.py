"""docs/API.md's "Who may call what" table, read as data: the credential matrix and the
public allowlist that the access tests, the nginx config and the Ingress are checked against."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.support.servers import REPO_ROOT

API_MD = REPO_ROOT / "docs" / "API.md"
HEADING = "## Who may call what"
# The table's credential columns, in order, as the tests name them.
COLUMNS = ("none", "api_key", "admin_key", "browser_token")
_ROW = re.compile(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/[^`]*)` \|(.*)\|\s*$")


@dataclass(frozen=True)
class DocumentedRoute:
    """One row: what each credential gets (`yes`, `401`, `403`) and whether it is public."""

    method: str
    path: str
    answers: dict[str, str]
    public: bool


def documented_routes() -> dict[tuple[str, str], DocumentedRoute]:
    """Every row of the table, keyed by (method, path template); footnote marks dropped."""
    text = API_MD.read_text()
    start = text.index(HEADING)
    end = text.find("\n## ", start + len(HEADING))
    rows: dict[tuple[str, str], DocumentedRoute] = {}
    for line in text[start : end if end > 0 else None].splitlines():
        match = _ROW.match(line)
        if match is None:
            continue
        method, path, rest = match.groups()
        cells = [re.sub(r"[^a-z0-9]", "", cell.split()[0]) for cell in rest.split("|")]
        if len(cells) != len(COLUMNS) + 1 or cells[-1] not in ("yes", "no"):
            raise ValueError(f"docs/API.md: malformed access row {line!r}")
        if (method, path) in rows:
            raise ValueError(f"docs/API.md: {method} {path} is listed twice")
        answers = dict(zip(COLUMNS, cells[:-1], strict=True))
        rows[method, path] = DocumentedRoute(method, path, answers, cells[-1] == "yes")
    if not rows:
        raise ValueError(f"docs/API.md has no table under {HEADING!r}")
    return rows


def public_paths() -> set[str]:
    """The documented allowlist: path templates nginx and the Ingress route from outside."""
    return {route.path for route in documented_routes().values() if route.public}
