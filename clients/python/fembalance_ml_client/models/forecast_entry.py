from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ForecastEntry")


@_attrs_define
class ForecastEntry:
    """One likely symptom on one of the 7 days after as_of.

    Attributes:
        date (datetime.date):
        symptom (str):
        probability (float):
        expected_severity (float):
    """

    date: datetime.date
    symptom: str
    probability: float
    expected_severity: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        symptom = self.symptom

        probability = self.probability

        expected_severity = self.expected_severity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "symptom": symptom,
                "probability": probability,
                "expected_severity": expected_severity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        symptom = d.pop("symptom")

        probability = d.pop("probability")

        expected_severity = d.pop("expected_severity")

        forecast_entry = cls(
            date=date,
            symptom=symptom,
            probability=probability,
            expected_severity=expected_severity,
        )

        forecast_entry.additional_properties = d
        return forecast_entry

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
