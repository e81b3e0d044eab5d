"""`python -m fembalance_ml.training {pcos,cycle,symptoms,all} [options]`: retrain from DATA_DIR."""

from __future__ import annotations

import importlib
import sys

from fembalance_ml.cli_parser import USAGE_EXIT, report

TRAINERS = {
    "pcos": "fembalance_ml.training.pcos.train",
    "cycle": "fembalance_ml.training.cycle.train",
    "symptoms": "fembalance_ml.training.symptoms.train",
}


def main(argv: list[str]) -> int:
    """Dispatch to the named model's training module; `all` runs each in turn."""
    if not argv or argv[0] not in (*TRAINERS, "all"):
        known = ",".join(TRAINERS)
        report("fembalance-ml train", "usage", f"name a model: {{{known},all}} [options]")
        return USAGE_EXIT
    names = list(TRAINERS) if argv[0] == "all" else [argv[0]]
    for name in names:
        module = importlib.import_module(TRAINERS[name])
        status: int = module.main(argv[1:])
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
