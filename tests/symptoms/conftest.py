"""Shared fixtures: the real DRSP ratings and a forecast model fitted on them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fembalance_ml.symptoms.dataset import load_cpass_data
from fembalance_ml.symptoms.forecast import SymptomForecastModel
from fembalance_ml.symptoms.forecast_fit import fit_prior


@pytest.fixture(scope="session")
def data(data_dir: Path) -> pd.DataFrame:
    """The cpass example ratings (20 people, 37 cycles)."""
    return load_cpass_data(data_dir)


@pytest.fixture(scope="session")
def model(data: pd.DataFrame) -> SymptomForecastModel:
    """The forecast model fitted on every person."""
    return SymptomForecastModel(fit_prior(data))
