"""The PCOS inputs serving watches for drift (against metadata.json's `drift_reference`)."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel


def drift_inputs(request: BaseModel) -> Mapping[str, float]:
    """Every numeric feature of a PCOS request that was sent (flags as 0/1)."""
    features = getattr(request, "features", None)
    if not isinstance(features, BaseModel):
        return {}
    return {
        name: float(value)
        for name, value in vars(features).items()
        if isinstance(value, bool | int | float)
    }
