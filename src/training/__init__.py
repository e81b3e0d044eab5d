"""Training commands: `python -m src.training <model>` rebuilds a model from DATA_DIR."""
