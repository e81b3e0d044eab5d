"""Request-level numbers of a symptoms request, watched for drift against the training data.

The same function describes a served request and, at training, each training person's logs
as a request would carry them (`training_requests`), so that metadata.json's
`drift_reference` and the serving window measure the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from fembalance_ml.symptoms.schemas import CycleStart, SymptomLog, SymptomRequest
from fembalance_ml.symptoms.vocabulary import DRSP_ITEM_BY_NAME

if TYPE_CHECKING:
    import pandas as pd

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


def training_requests(frame: pd.DataFrame) -> Iterator[SymptomRequest]:
    """Each training person's dated logs, once per cycle count (after cycle 1, 1-2, ...).

    The app sends a person's whole history each time; a request after k cycles holds the
    first k onsets and the logs up to the k-th cycle's postmenstrual window.
    """
    from fembalance_ml.symptoms.dataset import dated_logs

    for subject in sorted(int(s) for s in frame["subject"].unique()):
        onsets, raw = dated_logs(frame, subject)
        logs = [SymptomLog.model_validate(log) for log in raw]
        for k in range(1, len(onsets) + 1):
            end = onsets[k] if k < len(onsets) else date.max
            yield SymptomRequest(
                cycles=[CycleStart(start_date=onset) for onset in onsets[:k]],
                logs=[log for log in logs if log.date < end],
                as_of=max([onsets[k - 1], *(log.date for log in logs if log.date < end)]),
            )


def training_columns(frame: pd.DataFrame) -> dict[str, list[float]]:
    """Each drift feature's values over the training requests (missing ones skipped)."""
    columns: dict[str, list[float]] = {name: [] for name in DRIFT_FEATURES}
    for request in training_requests(frame):
        for name, value in drift_inputs(request).items():
            columns[name].append(value)
    return columns
