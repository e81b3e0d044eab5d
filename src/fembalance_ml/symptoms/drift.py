"""Request-level numbers of a symptoms request, watched for drift against the training data.

The same function describes a served request and, at training, each training person's logs
as a request would carry them (training/symptoms/dataset.py: `training_requests`), so that
metadata.json's `drift_reference` and the serving window measure the same thing.
"""

from __future__ import annotations

from fembalance_ml.symptoms.schemas import SymptomRequest
from fembalance_ml.symptoms.vocabulary import DRSP_ITEM_BY_NAME

HIGH_SEVERITY = 4
DRIFT_FEATURES = ("n_logs", "n_cycles", "n_symptoms", "logs_per_day", "mean_severity", "share_high")


def drift_inputs(request: SymptomRequest) -> dict[str, float]:
    """How much is logged, over how many cycles and symptoms, and how severe.

    - n_logs, n_cycles: entries of the request; n_symptoms: distinct symptoms logged;
    - logs_per_day: logs per distinct logged day (how many symptoms a day is rated);
    - mean_severity, share_high: over the DRSP items only, the part the training data
      covers (left out when the request has no DRSP log).
    """
    logs = request.logs
    inputs: dict[str, float] = {
        "n_logs": float(len(logs)),
        "n_cycles": float(len(request.cycles)),
        "n_symptoms": float(len({log.symptom for log in logs})),
    }
    days = {log.date for log in logs}
    if days:
        inputs["logs_per_day"] = len(logs) / len(days)
    drsp = [log.severity for log in logs if log.symptom in DRSP_ITEM_BY_NAME]
    if drsp:
        inputs["mean_severity"] = sum(drsp) / len(drsp)
        inputs["share_high"] = sum(1 for value in drsp if value >= HIGH_SEVERITY) / len(drsp)
    return inputs
