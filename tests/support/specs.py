"""The served models with one model's predict swapped: how a test gets a failing or slow
model. The app is built with the list (`build_app(settings, models)`); nothing global
changes, so no other test sees the swap."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from fembalance_ml.main import SERVED_MODELS
from fembalance_ml.serving.registry import AnySpec


def with_predict(predict: Callable[..., Any], *routes: str) -> list[AnySpec]:
    """The served models, those of `routes` (every one when none is named) answering
    through `predict(model, request, *, today)` instead of their own."""
    return [
        dataclasses.replace(spec, predict=predict) if not routes or spec.route in routes else spec
        for spec in SERVED_MODELS
    ]


def spec_of(route: str) -> AnySpec:
    """The served model whose route alias is `route`."""
    (spec,) = [spec for spec in SERVED_MODELS if spec.route == route]
    return spec
