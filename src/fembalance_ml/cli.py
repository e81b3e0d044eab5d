"""`fembalance-ml {serve,train,bench,check-models,migrate,mint-token,spec}`: the command line."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from fembalance_ml.config import get_settings

# The app factory of the composition root, called once per worker (gunicorn's factory form).
APP = "fembalance_ml.main:build_app()"
GUNICORN_CONFIG = "python:fembalance_ml.gunicorn_conf"


def serve(extra: Sequence[str]) -> int:
    """Replace this process with Gunicorn serving the app under the package's settings."""
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    os.execv(gunicorn, [gunicorn, "-c", GUNICORN_CONFIG, *extra, APP])
    return 1  # pragma: no cover - execv does not return


def train(extra: Sequence[str]) -> int:
    """Retrain models from DATA_DIR (`train pcos|cycle|symptoms|all [options]`)."""
    from fembalance_ml.training.__main__ import main

    return main(list(extra))


def bench(extra: Sequence[str]) -> int:
    """Time each model's compiled parts on every backend (`--device cpu|cuda`)."""
    from fembalance_ml.serving.backends.bench import main

    return main(list(extra))


def check_models(extra: Sequence[str]) -> int:
    """Verify, load and warm every configured model; exit 1 if any is not ready."""
    from fembalance_ml.main import served_registry
    from fembalance_ml.serving.backends import select_backend
    from fembalance_ml.serving.manager import ModelManager

    parser = argparse.ArgumentParser(prog="fembalance-ml check-models")
    settings = get_settings()
    parser.add_argument("--models-dir", type=Path, default=settings.models.path)
    args = parser.parse_args(list(extra))
    backend = select_backend(settings.inference.backend, settings.inference.device)
    versions = settings.served_versions(served_registry())
    manager = ModelManager(args.models_dir, versions, backend=backend)
    manager.load_all()
    for status in manager.statuses():
        state = f"ready {status.version}" if status.ready else f"NOT READY: {status.reason}"
        print(f"{status.name}: {state}")
    return 0 if manager.ready else 1


def migrate(extra: Sequence[str]) -> int:
    """Bring the ledger's database (DATABASE_URL or the SQLite file) to the newest schema."""
    from fembalance_ml.ledger.database import make_engine
    from fembalance_ml.ledger.database import migrate as upgrade
    from fembalance_ml.ledger.setup import ledger_url

    argparse.ArgumentParser(prog="fembalance-ml migrate").parse_args(list(extra))
    engine = make_engine(ledger_url(get_settings()))
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    print("ledger schema at head")
    return 0


def mint_token(extra: Sequence[str]) -> int:
    """Print a browser token signed with BROWSER_TOKEN_KEY (for trials; backends mint their own)."""
    from fembalance_ml.security.tokens import MAX_LIFETIME_S
    from fembalance_ml.security.tokens import mint_token as mint

    parser = argparse.ArgumentParser(prog="fembalance-ml mint-token")
    parser.add_argument("--subject", required=True, help="opaque session id, [A-Za-z0-9_-]")
    parser.add_argument("--lifetime", type=int, default=300, help=f"seconds, <= {MAX_LIFETIME_S}")
    args = parser.parse_args(list(extra))
    key = get_settings().security.browser_token_key
    if key is None:
        print("BROWSER_TOKEN_KEY is not set", file=sys.stderr)
        return 1
    print(mint(key.get_secret_value().encode(), args.subject, args.lifetime))
    return 0


def spec(extra: Sequence[str]) -> int:
    """Print the OpenAPI document the service serves (docs/openapi.json is this output)."""
    import json

    from fembalance_ml.config import Settings
    from fembalance_ml.main import build_app

    parser = argparse.ArgumentParser(prog="fembalance-ml spec")
    parser.add_argument("--output", type=Path, default=None, help="default: standard output")
    args = parser.parse_args(list(extra))
    # Development settings with no .env: the document must not depend on a deployment.
    document = build_app(Settings(_env_file=None, environment="development")).openapi()
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


COMMANDS = {
    "serve": serve,
    "train": train,
    "bench": bench,
    "check-models": check_models,
    "migrate": migrate,
    "mint-token": mint_token,
    "spec": spec,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a sub-command; anything after it is passed on."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in COMMANDS:
        print(f"usage: fembalance-ml {{{','.join(COMMANDS)}}} [options]", file=sys.stderr)
        return 2
    return COMMANDS[args[0]](args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
