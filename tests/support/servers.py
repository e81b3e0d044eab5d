"""Start real gunicorn, redis-server and nginx processes on free loopback ports for tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"
APP_PATH = "fembalance_ml.main:build_app()"
REDIS_SERVER = "/usr/bin/redis-server"
NGINX = "/usr/sbin/nginx"
# Gunicorn's graceful_timeout (gunicorn.conf.py) plus room for the master to reap workers.
STOP_TIMEOUT_S = 30.0
LOG_TAIL_CHARS = 4000


@dataclass(frozen=True)
class RunningServer:
    """A server process started by a helper, with where it listens and where it logs."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self) -> str:
        """The last few thousand characters the server wrote to stdout/stderr."""
        return _tail(self.log_path)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_http(
    url: str, timeout: float = 30.0, *, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Poll `url` until it answers with any HTTP status; raise on timeout or if `process` dies."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            code = process.returncode
            raise RuntimeError(f"server exited with code {code} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError as error:
            last_error = error
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s (last error: {last_error})")


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    """Wait until something accepts TCP connections on 127.0.0.1:`port`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((LOOPBACK, port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {LOOPBACK}:{port} after {timeout} s")


def gunicorn_command() -> list[str]:
    """The repository's gunicorn executable, or this interpreter's gunicorn module."""
    venv_gunicorn = REPO_ROOT / ".venv" / "bin" / "gunicorn"
    if venv_gunicorn.exists():
        return [str(venv_gunicorn)]
    return [sys.executable, "-m", "gunicorn"]


@contextmanager
def gunicorn_server(
    env: dict[str, str] | None = None,
    workers: int = 1,
    port: int | None = None,
    *,
    app: str = APP_PATH,
    command: Sequence[str] | None = None,
    cwd: Path = REPO_ROOT,
    startup_timeout: float = 90.0,
) -> Iterator[RunningServer]:
    """Run gunicorn with the repository's gunicorn.conf.py until the block ends."""
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="gunicorn-test-") as tmp:
        metrics_dir = Path(tmp) / "metrics"
        metrics_dir.mkdir()
        server_env = {
            **os.environ,
            "HOST": LOOPBACK,
            "PORT": str(port),
            "MAX_WORKERS": str(workers),
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
            **(env or {}),
        }
        if command is None:
            # This checkout's package first, whichever checkout the venv was installed from.
            source = str(REPO_ROOT / "src")
            server_env["PYTHONPATH"] = os.pathsep.join(
                filter(None, (source, server_env.get("PYTHONPATH")))
            )
        args = list(command) if command else [*gunicorn_command(), "-c", "gunicorn.conf.py", app]
        url = f"http://{LOOPBACK}:{port}"
        with _started(args, server_env, cwd, Path(tmp) / "server.log", url) as server:
            _await_start(server, f"{url}/health", startup_timeout)
            yield server


@contextmanager
def run_gunicorn(
    env: dict[str, str] | None = None, workers: int = 1, port: int | None = None
) -> Iterator[str]:
    """Run the real app under gunicorn on a free loopback port; yield its base URL."""
    with gunicorn_server(env, workers, port) as server:
        yield server.url


@contextmanager
def run_redis(port: int | None = None) -> Iterator[str]:
    """Run a throwaway redis-server (no persistence) on loopback; yield its redis:// URL."""
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="redis-test-") as tmp:
        args = [
            REDIS_SERVER,
            *("--port", str(port), "--bind", LOOPBACK, "--dir", tmp),
            *("--save", "", "--appendonly", "no", "--daemonize", "no"),
        ]
        url = f"redis://{LOOPBACK}:{port}/0"
        with _started(args, dict(os.environ), Path(tmp), Path(tmp) / "redis.log", url) as server:
            _await_redis(server, port)
            yield url


def nginx_main_config(http_block: str, prefix: Path) -> str:
    """A whole nginx.conf that runs in the foreground from `prefix` around `http_block`."""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx would switch workers to `nobody`, who cannot read the temp prefix.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} info;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n    access_log {prefix / 'access.log'};\n{temp_paths}\n{http_block}\n}}\n"
    )


def nginx_check(http_block: str) -> subprocess.CompletedProcess[str]:
    """Run `nginx -t` on `http_block` wrapped in a throwaway main config."""
    with tempfile.TemporaryDirectory(prefix="nginx-check-") as tmp:
        prefix = Path(tmp)
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_main_config(http_block, prefix))
        return subprocess.run(
            [NGINX, "-t", *_nginx_paths(prefix, conf)],
            capture_output=True,
            text=True,
            check=False,
        )


@contextmanager
def run_nginx(http_block: str, wait_ports: Sequence[int] = ()) -> Iterator[Path]:
    """Run nginx in the foreground with `http_block` as its http{} body; yield its prefix dir."""
    with tempfile.TemporaryDirectory(prefix="nginx-test-") as tmp:
        prefix = Path(tmp)
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_main_config(http_block, prefix))
        args = [NGINX, *_nginx_paths(prefix, conf)]
        with _started(args, dict(os.environ), prefix, prefix / "stderr.log", "nginx") as server:
            try:
                for port in wait_ports:
                    wait_for_port(port)
            except TimeoutError as error:
                raise RuntimeError(_explain(server, error, prefix / "error.log")) from error
            yield prefix


def _nginx_paths(prefix: Path, conf: Path) -> list[str]:
    return ["-p", f"{prefix}/", "-c", str(conf), "-e", str(prefix / "error.log")]


@contextmanager
def _started(
    args: Sequence[str], env: dict[str, str], cwd: Path, log_path: Path, url: str
) -> Iterator[RunningServer]:
    """Start `args` with output to `log_path`; stop it (TERM, then KILL) when the block ends."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = RunningServer(url=url, process=process, log_path=log_path)
    try:
        yield server
    except BaseException as error:
        error.add_note(f"server log ({' '.join(args[:3])} ...):\n{server.log_tail()}")
        raise
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT_S) -> int:
    """SIGTERM `process`, wait for it, SIGKILL it if it outlives `timeout`; return its code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def _await_start(server: RunningServer, health_url: str, timeout: float) -> None:
    try:
        wait_for_http(health_url, timeout, process=server.process)
    except (RuntimeError, TimeoutError) as error:
        raise RuntimeError(_explain(server, error, server.log_path)) from error


def _await_redis(server: RunningServer, port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((LOOPBACK, port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(_explain(server, TimeoutError("redis did not answer PING"), server.log_path))


def _explain(server: RunningServer, error: Exception, log_path: Path) -> str:
    return f"{server.url}: {error}\n--- {log_path.name} ---\n{_tail(log_path)}"


def _tail(path: Path) -> str:
    try:
        return path.read_text(errors="replace")[-LOG_TAIL_CHARS:]
    except OSError:
        return "(no log)"


def have_executable(path: str) -> bool:
    """Whether an executable exists at `path` or on PATH under that name."""
    return Path(path).exists() or shutil.which(Path(path).name) is not None
