"""Training commands: `python -m fembalance_ml.training <model>` rebuilds a model from DATA_DIR."""
