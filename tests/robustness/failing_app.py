"""The real app with every prediction failing, its error quoting the submitted user id.

Served by gunicorn in `test_input_attacks.py` (`tests.robustness.failing_app:failing_app()`,
the factory form production uses) to show an unhandled error stops at the app: one log
line, no traceback from uvicorn, nothing the client sent.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from fembalance_ml.main import build_app
from tests.support.specs import with_predict


def _fail(_model: object, request: Any, **_: object) -> Any:
    raise RuntimeError(f"forced failure for {getattr(request, 'user_id', None)}")


def failing_app() -> FastAPI:
    """The served models, each failing; settings from the environment, as in production."""
    return build_app(models=with_predict(_fail))
