"""Prometheus scrape endpoint (closed to the outside at nginx)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from fembalance_ml.api.deps import NO_CREDENTIAL, SettingsDep
from fembalance_ml.observability.metrics import render_metrics
from fembalance_ml.observability.tally import TALLY

router = APIRouter(tags=["metrics"])


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    operation_id="getMetrics",
    openapi_extra=NO_CREDENTIAL,
)
async def metrics(settings: SettingsDep) -> Response:
    """Every Gunicorn worker's metrics in the Prometheus text format."""
    TALLY.flush()  # this worker's counts of the answers it just sent
    body, content_type = render_metrics(settings.monitoring.prometheus_multiproc_dir)
    return Response(body, media_type=content_type)
