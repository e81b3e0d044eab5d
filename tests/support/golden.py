"""Golden answers: a seeded corpus of requests, answered once and kept, compared forever.

A domain's corpus generator (tests/<domain>/golden_corpus.py) builds request bodies from
a seed; `answers` validates and answers each one with a served model version, exactly as
the route would (pydantic validation, then the spec's `predict` with a fixed `today`),
and writes the answer's JSON bytes, or what refused it. The golden file keeps the seed,
the count and, per model version, every answer (xz'd JSON: the answers repeat each
other's words and differ in a few numbers, so whole answers cost about what a digest
each would), so that a failing test shows the old answer beside the new one, not only
that a digest changed. A domain may shorten what is kept (see `Golden`).
`mismatches` reports the requests whose answers differ now, with both answers.

The file is written by `python -m tests.<domain>.golden_corpus --write` with the code
whose answers it pins; a deliberate change of answers rewrites it in the same commit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from fembalance_ml.config import get_settings
from fembalance_ml.domain_errors import InvalidQuestion
from fembalance_ml.serving.artifacts import VerifiedArtifact, load_verified
from fembalance_ml.serving.backends import compile_model
from fembalance_ml.serving.backends.select import select_backend
from fembalance_ml.serving.spec import ModelSpec

FORMAT = 1
SHOWN_MISMATCHES = 3


def load_served(name: str, version: str) -> VerifiedArtifact:
    """A committed model version with the kernels the service would install (auto backend)."""
    artifact = load_verified(get_settings().models.path / name, version)
    compile_model(artifact.model, select_backend(), label=f"golden/{name}/{version}")
    return artifact


def answer_bytes(
    spec: ModelSpec[Any, Any, Any], model: Any, raw: dict[str, Any], today: date
) -> bytes:
    """The answer's JSON as the route encodes the result, or the refusal, as bytes."""
    try:
        request: BaseModel = spec.request_type.model_validate(raw)
    except ValidationError as exc:
        errors = [{key: error[key] for key in ("type", "loc", "msg")} for error in exc.errors()]
        return b"invalid " + orjson.dumps(errors)
    try:
        result: BaseModel = spec.predict(model, request, today=today)
    except InvalidQuestion as exc:
        where = getattr(exc, "locations", None)
        return b"refused " + orjson.dumps([type(exc).__name__, str(exc), repr(where)])
    return bytes(result.__pydantic_serializer__.to_json(result))


def answers(
    spec: ModelSpec[Any, Any, Any], model: Any, corpus: Iterable[dict[str, Any]], today: date
) -> list[bytes]:
    """Every request of the corpus answered by one model, in order."""
    return [answer_bytes(spec, model, raw, today) for raw in corpus]


# How a domain keeps an answer: the full text; or [text with its bulky, incompressible
# parts replaced by their digests, the full answer's digest]; or [the digest] alone.
Kept = str | list[str]
Shorten = Callable[[str], str]


def digest(text: str) -> str:
    """A 64-bit SHA-256 prefix of an answer's text: ample to tell two answers apart."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def keep(answer: str, shorten: Shorten | None, text: bool = True) -> Kept:
    """What the golden file keeps of one answer (`shorten`: the domain's, or none;
    `text`: False keeps the digest alone)."""
    if not text:
        return [digest(answer)]
    short = answer if shorten is None else shorten(answer)
    return answer if short == answer else [short, digest(answer)]


def matches(kept: Kept, now: str) -> bool:
    """Whether the answer now is the one kept, byte for byte (by digest when shortened)."""
    return kept == now if isinstance(kept, str) else kept[-1] == digest(now)


def _shown(kept: Kept) -> str:
    if isinstance(kept, str):
        return kept
    if len(kept) == 1:
        return f"(only its digest was kept: sha256 {kept[0]}; see the latest version's answer)"
    return f"{kept[0]}\n  (whole answer: sha256 {kept[1]})"


@dataclass(frozen=True)
class Golden:
    """A golden file's content: how the corpus was made, and each version's kept answers.

    Each answer is kept whole, unless the domain shortens it (the symptom forecast's
    probabilities are most of an answer and compress badly): then the shortened text
    and the whole answer's digest, so a change anywhere still fails the comparison.
    Versions whose text would add little (older ones, beside the latest's) may keep
    digests alone.
    """

    seed: int
    count: int
    today: date
    answers: dict[str, list[Kept]]

    def write(self, path: Path) -> None:
        """Write the file deterministically (the same answers give the same bytes)."""
        payload = {
            "format": FORMAT,
            "seed": self.seed,
            "count": self.count,
            "today": self.today.isoformat(),
            "answers": self.answers,
        }
        text = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        path.write_bytes(lzma.compress(text, preset=9 | lzma.PRESET_EXTREME))

    @classmethod
    def read(cls, path: Path) -> Golden:
        """The file `write` wrote (xz checks its own integrity)."""
        payload = json.loads(lzma.decompress(path.read_bytes()))
        if payload["format"] != FORMAT:
            raise ValueError(f"{path}: golden format {payload['format']}, expected {FORMAT}")
        return cls(
            payload["seed"],
            payload["count"],
            date.fromisoformat(payload["today"]),
            payload["answers"],
        )


def mismatches(
    kept: Sequence[Kept],
    now: Sequence[bytes],
    corpus: Sequence[dict[str, Any]],
    shorten: Shorten | None = None,
) -> list[str]:
    """A report of each request whose answer differs: its index, the request, both answers."""
    if len(kept) != len(now):
        return [f"{len(now)} answers now, {len(kept)} kept"]
    texts = [answer.decode() for answer in now]
    found = [
        i for i, (old, new) in enumerate(zip(kept, texts, strict=True)) if not matches(old, new)
    ]
    reports = []
    for i in found[:SHOWN_MISMATCHES]:
        old, new = kept[i], texts[i]
        short = new if isinstance(old, str) or shorten is None else shorten(new)
        reports.append(
            f"request {i} of {len(now)}: {json.dumps(corpus[i], sort_keys=True)}\n"
            f"  kept: {_shown(old)}\n  now:  {short}"
            + ("" if short == new else f"\n  now, whole: {new}")
        )
    if len(found) > SHOWN_MISMATCHES:
        reports.append(f"... and {len(found) - SHOWN_MISMATCHES} more of {len(now)} differ")
    return reports


def build(
    spec: ModelSpec[Any, Any, Any],
    versions: Sequence[str],
    corpus_of: Callable[[int, int], list[dict[str, Any]]],
    seed: int,
    count: int,
    today: date,
    shorten: Shorten | None = None,
    digests_only: Sequence[str] = (),
) -> Golden:
    """Answer a fresh corpus with each version: the content of a new golden file.

    `digests_only` names the versions whose answers are kept as digests alone.
    """
    corpus = corpus_of(seed, count)
    got = {}
    for version in versions:
        model = load_served(spec.name, version).model
        text = version not in digests_only
        got[version] = [
            keep(a.decode(), shorten, text) for a in answers(spec, model, corpus, today)
        ]
    return Golden(seed, count, today, got)


def unchanged(
    spec: ModelSpec[Any, Any, Any],
    version: str,
    golden: Golden,
    corpus_of: Callable[[int, int], list[dict[str, Any]]],
    shorten: Shorten | None = None,
) -> list[str]:
    """`mismatches` of `version`'s answers now against those the golden file kept."""
    corpus = corpus_of(golden.seed, golden.count)
    model = load_served(spec.name, version).model
    now = answers(spec, model, corpus, golden.today)
    return mismatches(golden.answers[version], now, corpus, shorten)


def record_main(description: str, path: Path, make: Callable[[], Golden]) -> int:
    """A corpus module's command line: answer the corpus, say what each version answered,
    and rewrite `path` with `--write`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--write", action="store_true", help=f"rewrite {path.name}")
    args = parser.parse_args()
    golden = make()
    for version, got in golden.answers.items():
        # Text kept whole, or shortened beside its digest; digests alone say nothing here.
        texts = [a if isinstance(a, str) else a[0] for a in got if isinstance(a, str) or len(a) > 1]
        kinds = {kind: sum(a.startswith(kind) for a in texts) for kind in ("invalid", "refused")}
        print(f"{version}: {len(got)} answers, {len(set(map(str, got)))} distinct, {kinds}")
    if args.write:
        golden.write(path)
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0
