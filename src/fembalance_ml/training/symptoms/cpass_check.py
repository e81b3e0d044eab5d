"""C-PASS on the 20 subjects of the cpass data, directly and through the service's dated logs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from fembalance_ml.symptoms.cpass import cpass
from fembalance_ml.symptoms.schemas import SymptomLog
from fembalance_ml.symptoms.screen import pmdd_screen
from fembalance_ml.training.symptoms.dataset import dated_logs

_SERVICE_NAMES = {"PMDD": "pmdd", "MRMD": "mrmd", "PME": "pme", "no diagnosis": "no_diagnosis"}


def _counts(values: pd.Series) -> dict[str, int]:
    return {str(key): int(count) for key, count in values.value_counts(dropna=False).items()}


def service_results(frame: pd.DataFrame) -> dict[int, str]:
    """Each subject's screen result when their ratings arrive as dated logs."""
    results: dict[int, str] = {}
    for subject in sorted(frame["subject"].unique()):
        onsets, raw_logs = dated_logs(frame, int(subject))
        logs = [
            SymptomLog(
                date=date.fromisoformat(r["date"]), symptom=r["symptom"], severity=r["severity"]
            )
            for r in raw_logs
        ]
        results[int(subject)] = pmdd_screen(onsets, logs).result
    return results


def cpass_summary(frame: pd.DataFrame) -> dict[str, Any]:
    """Subject- and cycle-level counts, agreement with the service, and the hard cases."""
    result = cpass(frame)
    subjects = result.subjects.assign(dx=result.subjects["dx"].fillna("insufficient data"))
    via_service = service_results(frame)
    dx_of = dict(zip(subjects["subject"].to_numpy(), subjects["dx"].to_numpy(), strict=True))
    expected = {
        int(subject): _SERVICE_NAMES.get(str(dx), "insufficient_data")
        for subject, dx in dx_of.items()
    }
    items = result.items
    nominal_30 = items[(items["percent_change"] - 30).abs() < 1e-9]
    return {
        "subjects": len(subjects),
        "cycles": len(result.cycles),
        "subject_level": _counts(subjects["dx"]),
        "cycle_level": _counts(result.cycles["dx"]),
        "service_matches_direct_run": via_service == expected,
        "service_subject_level": _counts(pd.Series(list(via_service.values()))),
        "subject_dx": {str(subject): str(dx) for subject, dx in dx_of.items()},
        "nominal_30_percent_items": [
            {
                "subject": int(row["subject"]),
                "cycle": int(row["cycle"]),
                "item": int(row["item"]),
                "percent_change": repr(float(row["percent_change"])),
                "meets_pmdd": bool(row["meets_pmdd"] == 1),
            }
            for row in nominal_30.to_dict("records")
        ],
        "cycle_domains": {
            f"{int(row['subject'])}/{int(row['cycle'])}": int(row["n_domains"])
            for row in result.cycles.to_dict("records")
        },
    }
