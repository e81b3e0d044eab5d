"""Start servers pinned to one core on free loopback ports; always stop them again."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"
SERVER_CORE = "0"
STOP_TIMEOUT_S = 30.0
LOG_TAIL_CHARS = 3000


@dataclass(frozen=True)
class Server:
    """A running server: its base URL, process and the file its stderr goes to."""

    name: str
    url: str
    ready_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self) -> str:
        """The end of what the server wrote to stderr."""
        try:
            return self.log_path.read_text(errors="replace")[-LOG_TAIL_CHARS:]
        except OSError:
            return "(no log)"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def workers_of(master: int) -> list[int]:
    """The pids of a gunicorn master's children (its workers)."""
    found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def pinned(args: Sequence[str], core: str = SERVER_CORE) -> list[str]:
    """`args` run under taskset on `core` (children inherit the affinity)."""
    return ["taskset", "-c", core, *args]


@contextlib.contextmanager
def started(
    name: str,
    args: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path,
    log_path: Path,
    url: str,
    ready_path: str,
    startup_timeout: float,
) -> Iterator[Server]:
    """Run `args` (stdout to /dev/null, stderr to `log_path`) until the block ends."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        # A session of its own, so stopping it reaches every worker it forked.
        process = subprocess.Popen(
            list(args),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    server = Server(
        name=name, url=url, ready_url=url + ready_path, process=process, log_path=log_path
    )
    try:
        wait_ready(server, startup_timeout)
        yield server
    finally:
        stop(process)


def wait_ready(server: Server, timeout: float) -> None:
    """Poll the ready URL until it answers 200; raise with the log if it dies or times out.

    Also used after a load run: a worker still busy with requests whose clients left
    answers the probe only once that backlog is done.
    """
    url = server.ready_url
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            wait = max(1.0, min(30.0, deadline - time.monotonic()))
            with urllib.request.urlopen(url, timeout=wait) as response:
                if response.status == 200:
                    return
                last = response.status
        except urllib.error.HTTPError as error:
            last = error.code
        except OSError as error:
            last = error
        time.sleep(0.2)
    raise TimeoutError(
        f"{server.name}: {url} not ready in {timeout} s ({last})\n{server.log_tail()}"
    )


def stop(process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM the process group we started, then SIGKILL it if it outlives `timeout`."""
    if process.poll() is not None:
        _signal_group(process.pid, signal.SIGKILL)  # orphaned workers, if any
        return
    _signal_group(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal_group(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    _signal_group(process.pid, signal.SIGKILL)


def _signal_group(pid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)
