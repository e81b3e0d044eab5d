"""`fembalance-ml {serve,train,bench,check-models,migrate,mint-token,spec}`: the command line.

Every sub-command answers bad input (a wrong option, a missing file, an unset key, invalid
settings) with one line on standard error and a non-zero exit, never a traceback: see
cli_parser. DEBUG=true shows the traceback of an unexpected failure.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from fembalance_ml.cli_parser import (
    FAILURE_EXIT,
    USAGE_EXIT,
    CommandError,
    CommandParser,
    report,
)
from fembalance_ml.config import SettingsError, get_settings

PROG = "fembalance-ml"

# The app factory of the composition root, called once per worker (gunicorn's factory form).
APP = "fembalance_ml.main:build_app()"
GUNICORN_CONFIG = "python:fembalance_ml.gunicorn_conf"


def models_folder(value: str) -> Path:
    """A `--models` value: an existing folder, made absolute (workers may change directory)."""
    path = Path(value).expanduser().absolute()
    if not path.is_dir():
        raise CommandError("models_not_found", f"--models: no folder at {path}")
    return path


def serve(extra: Sequence[str]) -> int:
    """Serve the API under Gunicorn (`--models PATH`; other options go to Gunicorn)."""
    parser = CommandParser(
        prog=f"{PROG} serve",
        description="Serve the API under Gunicorn with the package's settings (HOST, PORT, "
        "MAX_WORKERS, ...). Options not listed here are passed on to Gunicorn.",
    )
    parser.add_argument(
        "--models",
        metavar="PATH",
        help="root of the models tree (<PATH>/<model>/<version>/); sets MODEL_PATH",
    )
    args, rest = parser.parse_known_args(list(extra))
    if args.models is not None:
        os.environ["MODEL_PATH"] = str(models_folder(args.models))
    get_settings()  # invalid settings stop here, as one line, not in every worker
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    os.execv(gunicorn, [gunicorn, "-c", GUNICORN_CONFIG, *rest, APP])
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

    parser = CommandParser(prog=f"{PROG} check-models", description=check_models.__doc__)
    settings = get_settings()
    parser.add_argument(
        "--models",
        "--models-dir",
        dest="models",
        metavar="PATH",
        default=str(settings.models.path),
        help="root of the models tree (default: MODEL_PATH)",
    )
    args = parser.parse_args(list(extra))
    root = Path(args.models).expanduser().absolute()
    backend = select_backend(settings.inference.backend, settings.inference.device)
    versions = settings.served_versions(served_registry())
    manager = ModelManager(root, versions, backend=backend)
    manager.load_all()
    print(f"models root: {root}")
    for status in manager.statuses():
        diagnosis = manager.diagnosis(status.name)
        state = f"ready {status.version}" if status.ready else f"NOT READY: {diagnosis}"
        print(f"{status.name}: {state}")
    return 0 if manager.ready else 1


def migrate(extra: Sequence[str]) -> int:
    """Bring the ledger's database (DATABASE_URL or the SQLite file) to the newest schema."""
    from fembalance_ml.ledger.database import make_engine
    from fembalance_ml.ledger.database import migrate as upgrade
    from fembalance_ml.ledger.setup import ledger_url

    CommandParser(prog=f"{PROG} migrate", description=migrate.__doc__).parse_args(list(extra))
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

    parser = CommandParser(prog=f"{PROG} mint-token", description=mint_token.__doc__)
    parser.add_argument("--subject", required=True, help="opaque session id, [A-Za-z0-9_-]")
    parser.add_argument("--lifetime", type=int, default=300, help=f"seconds, <= {MAX_LIFETIME_S}")
    args = parser.parse_args(list(extra))
    key = get_settings().security.browser_token_key
    if key is None:
        raise CommandError("browser_token_key_unset", "BROWSER_TOKEN_KEY is not set", 1)
    try:
        token = mint(key.get_secret_value().encode(), args.subject, args.lifetime)
    except ValueError as exc:  # the subject's or lifetime's bounds, in the message
        raise CommandError("invalid_argument", str(exc)) from None
    print(token)
    return 0


def spec(extra: Sequence[str]) -> int:
    """Print the OpenAPI document the service serves (docs/openapi.json is this output)."""
    import json

    from fembalance_ml.config import Settings
    from fembalance_ml.main import build_app

    parser = CommandParser(prog=f"{PROG} spec", description=spec.__doc__)
    parser.add_argument("--output", type=Path, default=None, help="default: standard output")
    args = parser.parse_args(list(extra))
    if args.output is not None and not args.output.absolute().parent.is_dir():
        raise CommandError("output_folder_missing", f"--output: no folder {args.output.parent}")
    # Development settings with no .env: the document must not depend on a deployment.
    document = build_app(Settings(_env_file=None, environment="development")).openapi()
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "serve": serve,
    "train": train,
    "bench": bench,
    "check-models": check_models,
    "migrate": migrate,
    "mint-token": mint_token,
    "spec": spec,
}


def usage() -> str:
    """The top-level help: every sub-command with the first line of its docstring."""
    lines = [f"usage: {PROG} <command> [options]   ({PROG} <command> --help for its options)", ""]
    lines.append("commands:")
    for name, command in COMMANDS.items():
        summary = (command.__doc__ or "").strip().splitlines()[0]
        lines.append(f"  {name:13} {summary}")
    lines += [
        "",
        "Models are read from MODEL_PATH (default: ./models of the working directory when",
        "installed with pip; the wheel carries none): `serve --models PATH` sets it.",
        "Without a command this help goes to standard error and the exit status is 2.",
    ]
    return "\n".join(lines)


def run(name: str, extra: Sequence[str]) -> int:
    """Run one sub-command; its bad input or failure is one line on standard error."""
    prog = f"{PROG} {name}"
    try:
        return COMMANDS[name](extra)
    except CommandError as exc:
        report(prog, exc.code, exc.message)
        return exc.status
    except SettingsError as exc:  # names the setting, never a secret's value
        report(prog, "invalid_settings", str(exc))
        return USAGE_EXIT
    except OSError as exc:  # a missing or unreadable file, a refused connection
        report(prog, "os_error", f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return FAILURE_EXIT
    except Exception as exc:
        if os.environ.get("DEBUG", "").lower() in ("1", "true", "yes"):
            raise
        report(prog, "failed", f"{type(exc).__name__}: {exc} (DEBUG=true shows the traceback)")
        return FAILURE_EXIT


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a sub-command; anything after it is passed on.

    `--help` (or `-h`, `help`) prints the commands and exits 0; no command prints the same
    help on standard error and exits 2, as an unknown command does with one line.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    if not args:
        print(usage(), file=sys.stderr)
        return USAGE_EXIT
    if args[0] not in COMMANDS:
        known = ", ".join(COMMANDS)
        report(PROG, "unknown_command", f"no command {args[0][:40]!r} (one of: {known})")
        return USAGE_EXIT
    return run(args[0], args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
