"""Clients built today survive what v1 adds later: a code they have never seen, a new field.

Real answers of each route, each open code (`x-extensible-enum` in the spec, see
schema_types.OpenCode) replaced by `new_flag_added_later` and an unknown field added, are
parsed by the generated Python client (clients/python) and type-checked by tsc against
the generated TypeScript types, as committed and as openapi-typescript's default options
write them. Request enums stay closed, and the test shows it can tell: a closed one fails.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import body
from tests.support.servers import REPO_ROOT

SPEC = REPO_ROOT / "docs" / "openapi.json"
TYPESCRIPT = REPO_ROOT / "clients" / "typescript"
NEW_CODE = "new_flag_added_later"
NEW_FIELD = "field_added_later"
BAD_DATE = {"cycles": [{"start_date": "2026-01-03"}, {"start_date": "2026-13-01"}]}

# Route, request, and the schema of its answer (a client model of the same name).
ROUTES: list[tuple[str, str, Any, str]] = [
    ("POST", "/api/v1/predict/pcos", body("pcos"), "PcosResponse"),
    ("POST", "/api/v1/predict/cycle", body("cycle"), "CycleResponse"),
    ("POST", "/api/v1/predict/symptoms", body("symptoms"), "SymptomResponse"),
    (
        "POST",
        "/api/v1/predict/batch",
        {"requests": [{"model_name": n, "input": body(n)} for n in ("pcos", "cycle", "symptoms")]},
        "BatchResponse",
    ),
    ("GET", "/health", None, "Liveness"),
    ("GET", "/health/ready", None, "Readiness"),
    ("GET", "/api/v1/models", None, "ModelListing"),
    ("GET", "/api/v1/symptoms", None, "SymptomVocabulary"),
    ("GET", "/api/v1/pcos/features", None, "PcosFeatureListing"),
    ("POST", "/api/v1/predict/cycle", BAD_DATE, "ErrorEnvelope"),
]


def open_code_fields(node: object) -> set[str]:
    """The names of every property the spec publishes as an open code."""
    found: set[str] = set()
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if "x-extensible-enum" in json.dumps(prop):
                found.add(name)
        for value in node.values():
            found |= open_code_fields(value)
    elif isinstance(node, list):
        for value in node:
            found |= open_code_fields(value)
    return found


def evolved(answer: Any, codes: set[str], replaced: set[str]) -> Any:
    """The answer as a later v1 server could give it: every open code (a string, or null
    where it may be) replaced by NEW_CODE, and NEW_FIELD added to the answer and to each object in a list."""
    if isinstance(answer, list):
        return [_with_new_field(evolved(item, codes, replaced)) for item in answer]
    if not isinstance(answer, dict):
        return answer
    changed = {}
    for key, value in answer.items():
        if key in codes and (value is None or isinstance(value, str)):
            replaced.add(key)
            changed[key] = NEW_CODE
        else:
            changed[key] = evolved(value, codes, replaced)
    return changed


def _with_new_field(item: Any) -> Any:
    return {**item, NEW_FIELD: {"nested": [1, "two"]}} if isinstance(item, dict) else item


@pytest.fixture(scope="module")
def answers(client: TestClient) -> dict[str, dict[str, Any]]:
    """Each route's real answer, evolved, by the name of its schema."""
    codes = open_code_fields(json.loads(SPEC.read_text())["components"])
    replaced: set[str] = set()
    found = {}
    for method, path, request, schema in ROUTES:
        answer = client.request(method, path, json=request)
        assert answer.status_code < 500, answer.text
        found[schema] = {**evolved(answer.json(), codes, replaced), NEW_FIELD: True}
    # Every open code the spec declares was fed a new value, but the experiment report's
    # `verdict` (its route needs a ledger with outcomes in two arms).
    assert codes - replaced <= {"verdict"}, codes - replaced
    return found


def test_the_python_client_parses_answers_with_new_codes_and_fields(
    answers: dict[str, dict[str, Any]],
) -> None:
    """from_dict accepts each evolved answer and keeps the new code and the new field."""
    from fembalance_ml_client import models

    for schema, answer in answers.items():
        parsed = getattr(models, schema).from_dict(copy.deepcopy(answer))
        again = json.dumps(parsed.to_dict(), default=str)
        assert again.count(NEW_CODE) == json.dumps(answer).count(NEW_CODE), schema
        assert parsed.additional_properties[NEW_FIELD] is True, schema
    flags = models.PcosResponse.from_dict(answers["PcosResponse"]).flags
    assert flags and {flag.code for flag in flags} == {NEW_CODE}


def test_request_enums_stay_closed_in_the_python_client() -> None:
    """The control: a closed enum (a symptom name the server refuses) still raises."""
    from fembalance_ml_client import models

    with pytest.raises(ValueError, match=NEW_CODE):
        models.SymptomLog.from_dict({"date": "2026-01-01", "symptom": NEW_CODE, "severity": 2})


def _typescript_checks(answers: dict[str, dict[str, Any]]) -> str:
    """A TypeScript file that assigns each evolved answer to its generated type."""
    lines = [
        'import type { components } from "./schema";',
        "type S = components['schemas'];",
        "type Frozen<T> = T extends (infer U)[] ? readonly Frozen<U>[]",
        "  : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;",
    ]
    for index, (schema, answer) in enumerate(answers.items()):
        # `as const` keeps each code a literal type (a closed enum would refuse it); raw is
        # not a fresh literal, so the unknown field is allowed, as for a fetched answer.
        lines.append(f"const raw{index} = {json.dumps(answer)} as const;")
        lines.append(f"export const answer{index}: Frozen<S['{schema}']> = raw{index};")
    lines += [
        "// A request leaves out what has a default (horizon_cycles) with the default flags too.",
        "export const cycle: S['CycleRequest'] = { cycles: [{ start_date: '2026-01-03' }] };",
        "const closed = { symptom: 'new_flag_added_later' } as const;",
        "// @ts-expect-error: request enums stay closed, so this check can fail",
        "export const refused: S['SymptomLog']['symptom'] = closed.symptom;",
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("flags", [["--default-non-nullable", "false"], []], ids=["committed", "default"])
def test_typescript_types_accept_answers_with_new_codes_and_fields(
    answers: dict[str, dict[str, Any]], tmp_path: Path, flags: list[str]
) -> None:
    """tsc compiles the evolved answers against the types openapi-typescript generates,
    with the committed options and with its defaults."""
    if not (TYPESCRIPT / "node_modules" / ".bin" / "tsc").exists():
        pytest.fail(f"{TYPESCRIPT}/node_modules is missing: `make client-tools` installs it")
    npx = shutil.which("npx") or "npx"
    generated = subprocess.run(
        [npx, "--no-install", "openapi-typescript", str(SPEC), *flags, "-o", str(tmp_path / "schema.d.ts")],
        cwd=TYPESCRIPT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    (tmp_path / "forward.ts").write_text(_typescript_checks(answers), encoding="utf-8")
    options = {"strict": True, "noEmit": True, "target": "ES2022", "module": "ES2022", "moduleResolution": "bundler"}
    (tmp_path / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "include": ["*.ts"]}))
    compiled = subprocess.run(
        [npx, "--no-install", "tsc", "-p", str(tmp_path)],
        cwd=TYPESCRIPT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
