from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ForecastEntry")


@_attrs_define
class ForecastEntry:
    """One likely symptom on one of the 7 days after as_of.

    Attributes:
        date (datetime.date):
        symptom (str):
        probability (float):
        expected_severity (float): the point forecast of the rating (from v1.3.0: the predictive median)
        mean_severity (float | None | Unset): the mean of the predictive distribution (from v1.3.0)
    """

    date: datetime.date
    symptom: str
    probability: float
    expected_severity: float
    mean_severity: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        symptom = self.symptom

        probability = self.probability

        expected_severity = self.expected_severity

        mean_severity: float | None | Unset
        if isinstance(self.mean_severity, Unset):
            mean_severity = UNSET
        else:
            mean_severity = self.mean_severity

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
        if mean_severity is not UNSET:
            field_dict["mean_severity"] = mean_severity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        symptom = d.pop("symptom")

        probability = d.pop("probability")

        expected_severity = d.pop("expected_severity")

        def _parse_mean_severity(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        mean_severity = _parse_mean_severity(d.pop("mean_severity", UNSET))

        forecast_entry = cls(
            date=date,
            symptom=symptom,
            probability=probability,
            expected_severity=expected_severity,
            mean_severity=mean_severity,
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
