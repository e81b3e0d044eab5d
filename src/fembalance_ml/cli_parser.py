"""Argument parsing for every `fembalance-ml` sub-command: bad input is one line, never a trace.

argparse's own error prints the whole usage block and a second line; an operator scripting
the commands (or reading a CI log) wants one line that names the command, a stable code and
what was wrong, and a non-zero exit. `CommandError` is what a command raises for bad input it
finds after parsing (a missing file, an unset key); `cli.main` prints it the same way.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

# Exit statuses: 2 for input the command refuses (argparse's own), 1 for a failure while running.
USAGE_EXIT = 2
FAILURE_EXIT = 1
# A message is cut here: an exception's text may quote a whole file line.
MAX_MESSAGE = 300


class CommandError(Exception):
    """Bad input a command found itself: printed as one line with `code`, exit `status`."""

    def __init__(self, code: str, message: str, status: int = USAGE_EXIT) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def error_line(prog: str, code: str, message: str) -> str:
    """`fembalance-ml mint-token: error [invalid_argument]: ...`, on one line, bounded."""
    text = " ".join(message.split())
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 3] + "..."
    return f"{prog}: error [{code}]: {text}"


def report(prog: str, code: str, message: str) -> None:
    """Write the one-line error to standard error."""
    print(error_line(prog, code, message), file=sys.stderr)


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (`--help` still prints the full usage)."""

    def error(self, message: str) -> NoReturn:
        """Print `<prog>: error [usage]: <message> (see --help)` and exit 2."""
        report(self.prog, "usage", f"{message} (see --help)")
        raise SystemExit(USAGE_EXIT)
