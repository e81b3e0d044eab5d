"""Shared fixtures: the real cohort and a quickly trained model."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fembalance_ml.pcos.model import PcosModel
from fembalance_ml.training.pcos.dataset import load_pcos
from fembalance_ml.training.pcos.train import train


@pytest.fixture(scope="session")
def cohort(data_dir: Path) -> pd.DataFrame:
    """The cleaned PCOS cohort."""
    return load_pcos(data_dir)


@pytest.fixture(scope="session")
def model(cohort: pd.DataFrame) -> PcosModel:
    """A model trained with a quick protocol (3 folds, 1 repeat, no forest)."""
    return train(cohort, seed=7, folds=3, repeats=1, baseline=False, c_grid=(0.1,)).model
