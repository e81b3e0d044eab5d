"""Shared fixtures: the real cycle data and a small model trained on part of it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fembalance_ml.cycle.model import CycleModel
from fembalance_ml.training.cycle.data import load_all
from fembalance_ml.training.cycle.fitting import Examples, build_examples, fit_cycle_model


@pytest.fixture(scope="session")
def cycles(data_dir: Path) -> pd.DataFrame:
    """Both real data sets in the common format."""
    return load_all(data_dir)


@pytest.fixture(scope="session")
def examples(cycles: pd.DataFrame) -> Examples:
    """Forecasting examples from both data sets."""
    return build_examples(cycles)


@pytest.fixture(scope="session")
def small_model(examples: Examples) -> CycleModel:
    """A model fitted on every second woman: quick, and good enough for behaviour tests."""
    women = np.unique(examples.woman_id)
    chosen = np.isin(examples.woman_id, women[::2])
    return fit_cycle_model(examples.subset(chosen), seed=7)
