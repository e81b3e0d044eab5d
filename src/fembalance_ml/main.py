"""The composition root: which models this service serves, and the app built from them.

The one module on the serving side that names the domain packages. Everything below it
(api, serving, ledger, platform, config) receives the list of models instead of importing
it. Nothing is built at import: gunicorn and uvicorn call the factory once per worker,
after the fork:

    gunicorn -c gunicorn.conf.py 'fembalance_ml.main:build_app()'
    uvicorn --factory fembalance_ml.main:build_app

A new model is its package's spec plus one line in SERVED_MODELS.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from fastapi import FastAPI

from fembalance_ml.api.app import create_app
from fembalance_ml.config import Settings, get_settings
from fembalance_ml.cycle.spec import SPEC as CYCLE
from fembalance_ml.pcos.spec import SPEC as PCOS
from fembalance_ml.serving.registry import ModelRegistry
from fembalance_ml.serving.spec import AnySpec
from fembalance_ml.symptoms.spec import SPEC as SYMPTOMS

# In the order of the contract: routes, batch schemas and metrics list them this way.
SERVED_MODELS: Final[tuple[AnySpec, ...]] = (
    PCOS,
    CYCLE,
    SYMPTOMS,
)


def served_registry() -> ModelRegistry:
    """A registry of the served models (for the command line's model checks)."""
    return ModelRegistry(SERVED_MODELS)


def build_app(settings: Settings | None = None, models: Sequence[AnySpec] | None = None) -> FastAPI:
    """The app over `models` (the served ones unless given) under `settings` (the
    environment's unless given). SettingsError when a setting names a model not served."""
    return create_app(
        get_settings() if settings is None else settings,
        SERVED_MODELS if models is None else models,
    )
