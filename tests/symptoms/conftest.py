"""Shared fixtures: the real DRSP ratings and a forecast model fitted on them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fembalance_ml.symptoms.forecast import SymptomForecastModel
from fembalance_ml.symptoms.forecast_fit import fit_prior
from fembalance_ml.symptoms.ordinal import Hyperparameters, OrdinalForecastModel
from fembalance_ml.training.symptoms.dataset import load_cpass_data
from fembalance_ml.training.symptoms.ordinal_fit import Ratings, fit_tables

TEST_HYPERPARAMETERS = Hyperparameters(alpha=16.0, lam=0.4, beta=50.0, tau=3.0)


@pytest.fixture(scope="session")
def data(data_dir: Path) -> pd.DataFrame:
    """The cpass example ratings (20 people, 37 cycles)."""
    return load_cpass_data(data_dir)


@pytest.fixture(scope="session")
def model(data: pd.DataFrame) -> SymptomForecastModel:
    """The forecast model fitted on every person."""
    return SymptomForecastModel(fit_prior(data))


@pytest.fixture(scope="session")
def ordinal_model(data: pd.DataFrame) -> OrdinalForecastModel:
    """The v1.3 forecast on every person, at fixed hyperparameters (no grid search: fast)."""
    return OrdinalForecastModel(fit_tables(Ratings.from_frame(data)), TEST_HYPERPARAMETERS)


@pytest.fixture(scope="session", params=["v1.2", "v1.3"])
def any_model(
    request: pytest.FixtureRequest,
    model: SymptomForecastModel,
    ordinal_model: OrdinalForecastModel,
) -> SymptomForecastModel | OrdinalForecastModel:
    """Each forecast model in turn: the safety limits hold for both."""
    return model if request.param == "v1.2" else ordinal_model
