"""Gunicorn settings for every deployment: make run, Procfile, Dockerfiles, systemd.

Usage: gunicorn -c python:fembalance_ml.gunicorn_conf 'fembalance_ml.main:build_app()'
(or -c gunicorn.conf.py from a checkout; `fembalance-ml serve` does the same). The app is
the composition root's factory (fembalance_ml/main.py), called in each worker after the
fork; `wsgi_app` below names it for a command line that does not.

Values come from the one Settings object (HOST, PORT, MAX_WORKERS, WORKER_TIMEOUT,
KEEP_ALIVE, LOG_LEVEL, PROMETHEUS_MULTIPROC_DIR). The only environment variable written
here is PROMETHEUS_MULTIPROC_DIR, which prometheus_client itself reads in every worker.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from fembalance_ml.config import get_settings
from fembalance_ml.runtime import reload as _reload  # not `reload`: a gunicorn setting

_settings = get_settings()

# prometheus_client reads the variable itself in every worker, so a value from a .env file
# (seen by Settings only) is exported here, before any worker starts. When none is given,
# one folder per port, so two servers on one host do not empty each other's files.
_default_metrics_dir = (
    Path(tempfile.gettempdir()) / f"fembalance-ml-metrics-{_settings.server.port}"
)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(
    _settings.monitoring.prometheus_multiproc_dir or _default_metrics_dir
)
# Workers inherit the master's cached settings: re-read them so they see the directory.
get_settings.cache_clear()
_settings = get_settings()

# The app when the command line names none: the factory, called once per worker. A string,
# so that the master imports no model code (each worker loads its own, after the fork).
wsgi_app = "fembalance_ml.main:build_app()"
bind = [f"{_settings.server.host}:{_settings.server.port}"]
workers = _settings.server.max_workers
worker_class = "fembalance_ml.runtime.workers.GracefulUvicornWorker"
timeout = _settings.server.worker_timeout
keepalive = _settings.server.keep_alive
# Kubernetes' terminationGracePeriodSeconds (k8s/deployment.yaml) must exceed this plus
# the preStop pause; Heroku allows 30 s after SIGTERM.
graceful_timeout = 20
# Each worker loads its own models after fork: no state shared by copy-on-write surprises.
# SIGHUP keeps serving all the same: old workers go once the new ones serve (on_reload).
preload_app = False
# The app logs every request itself (structured, with the request id).
accesslog = None
errorlog = "-"
loglevel = _settings.server.log_level.lower()
proc_name = "fembalance-ml"
# Gunicorn 25+ opens a control socket under $HOME: unwritable with a read-only root
# filesystem, and shared by every server a user runs. Nothing here uses gunicornc.
control_socket_disable = True


def on_starting(server: Any) -> None:
    """Empty the Prometheus multiprocess directory so old workers' samples are dropped."""
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    # Only the client's own *.db files: a misconfigured dir (say /tmp) must survive this.
    for stale in directory.glob("*.db"):
        stale.unlink(missing_ok=True)


def when_ready(server: Any) -> None:
    """Make reloads wait for new workers before retiring old ones (runtime/reload.py)."""
    _reload.install(server)


def on_reload(server: Any) -> None:
    """SIGHUP: remember the old workers, so they serve until the new ones do."""
    _reload.reload_started(server)


def child_exit(server: Any, worker: Any) -> None:
    """Drop a dead worker's live gauges and its readiness announcement."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
    _reload.forget(worker.pid)


def on_exit(server: Any) -> None:
    """Remove the readiness folder."""
    _reload.cleanup()
