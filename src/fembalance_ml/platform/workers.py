"""Gunicorn worker classes for the ASGI app.

Requests are parsed by GuardedHttpToolsProtocol (platform/http_limits.py): header size and
count limits and a read deadline, which uvicorn lacks when no nginx stands in front.

`uvicorn_worker.UvicornWorker` does not hand Gunicorn's graceful timeout to uvicorn, so on
SIGTERM uvicorn would wait for open connections with no limit and Gunicorn would SIGKILL
the worker mid-request when its own timeout ran out. This worker gives uvicorn a
deadline one second inside Gunicorn's, so in-flight requests finish and the worker exits
on its own before the master kills it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from uvicorn_worker import UvicornWorker

from fembalance_ml.platform.http_limits import GuardedHttpToolsProtocol


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
