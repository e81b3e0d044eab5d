"""The PCOS inputs serving watches for drift (against metadata.json's `drift_reference`)."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel


def drift_inputs(request: Any) -> Mapping[str, float]:
    """Every numeric feature of a PCOS request that was sent (flags as 0/1).

    `request` is a PcosRequest, or the namespace a batch's columnar path builds for one.
    """
    features = getattr(request, "features", None)
    if not isinstance(features, BaseModel | SimpleNamespace):
        return {}
    return {
        name: float(value)
        for name, value in vars(features).items()
        if isinstance(value, bool | int | float)
    }
