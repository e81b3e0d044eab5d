"""Gunicorn worker classes for the ASGI app.

Requests are parsed by GuardedHttpToolsProtocol (http/http_limits.py): header size and
count limits and a read deadline, which uvicorn lacks when no nginx stands in front.

`uvicorn_worker.UvicornWorker` does not hand Gunicorn's graceful timeout to uvicorn, so on
SIGTERM uvicorn would wait for open connections with no limit and Gunicorn would SIGKILL
the worker mid-request when its own timeout ran out. This worker gives uvicorn a
deadline one second inside Gunicorn's, so in-flight requests finish and the worker exits
on its own before the master kills it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any, ClassVar

from gunicorn.arbiter import Arbiter
from uvicorn.server import Server
from uvicorn_worker import UvicornWorker

from fembalance_ml.http.http_limits import GuardedHttpToolsProtocol
from fembalance_ml.runtime.reload import announce_ready

STARTED_POLL_S = 0.05


def uvicorn_shutdown_timeout(graceful_timeout: float) -> int:
    """Seconds uvicorn may spend draining: just under Gunicorn's graceful timeout."""
    return max(1, int(graceful_timeout) - 1)


# uvicorn-worker ships no type information, so its class is Any to mypy.
class GracefulUvicornWorker(UvicornWorker):  # type: ignore[misc]
    """A UvicornWorker whose uvicorn server drains requests within Gunicorn's graceful timeout."""

    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {"loop": "auto", "http": GuardedHttpToolsProtocol}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config.timeout_graceful_shutdown = uvicorn_shutdown_timeout(self.cfg.graceful_timeout)

    async def _serve(self) -> None:
        """uvicorn_worker's _serve, plus telling the master when this worker serves.

        The master retires old workers on SIGHUP only after the new ones announce.
        """
        self.config.app = self.wsgi
        server = Server(config=self.config)
        self._install_sigquit_handler()
        announcer = asyncio.create_task(announce_when_started(server))
        try:
            await server.serve(sockets=self.sockets)
        finally:
            announcer.cancel()
        if not server.started:
            sys.exit(Arbiter.WORKER_BOOT_ERROR)


async def announce_when_started(server: Server) -> None:
    """Announce readiness once uvicorn has run the lifespan (models loaded) and listens."""
    while not server.started:
        if server.should_exit:
            return
        await asyncio.sleep(STARTED_POLL_S)
    announce_ready(os.getpid())
