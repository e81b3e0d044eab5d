"""The real app with every prediction failing, its error quoting the submitted user id.

Served by gunicorn in `test_input_attacks.py` to show an unhandled error stops at the
app: one log line, no traceback from uvicorn, nothing the client sent.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from fembalance_ml.api.app import create_app
from fembalance_ml.api.served import PredictionService
from fembalance_ml.serving.artifacts import VerifiedArtifact
from fembalance_ml.serving.spec import AnySpec


def _fail(
    _served: AnySpec, _artifact: VerifiedArtifact, request: BaseModel, _today: date
) -> BaseModel:
    raise RuntimeError(f"forced failure for {getattr(request, 'user_id', None)}")


PredictionService._run = staticmethod(_fail)  # type: ignore[method-assign]
app = create_app()
