"""The PCOS inputs serving watches for drift (against metadata.json's `drift_reference`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel


def drift_inputs(request: Any) -> Mapping[str, float]:
    """Every numeric feature of a PCOS request that was sent (flags as 0/1).

    `request` is a PcosRequest (the single route's or a batch item's).
    """
    features = getattr(request, "features", None)
    if not isinstance(features, BaseModel):
        return {}
    return {
        name: float(value)
        for name, value in vars(features).items()
        if isinstance(value, bool | int | float)
    }
