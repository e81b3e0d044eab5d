from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.symptom_log_symptom import SymptomLogSymptom

T = TypeVar("T", bound="SymptomLog")


@_attrs_define
class SymptomLog:
    """One day's rating of one symptom, 1 (not at all) to 6 (extreme).

    Attributes:
        date (datetime.date):
        symptom (SymptomLogSymptom):
        severity (int):
    """

    date: datetime.date
    symptom: SymptomLogSymptom
    severity: int

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        symptom = self.symptom.value

        severity = self.severity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "date": date,
                "symptom": symptom,
                "severity": severity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        symptom = SymptomLogSymptom(d.pop("symptom"))

        severity = d.pop("severity")

        symptom_log = cls(
            date=date,
            symptom=symptom,
            severity=severity,
        )

        return symptom_log
