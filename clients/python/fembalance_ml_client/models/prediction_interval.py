from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PredictionInterval")


@_attrs_define
class PredictionInterval:
    """Where the next period should start, with the stated probability.

    Attributes:
        level (float):
        earliest (datetime.date):
        latest (datetime.date):
    """

    level: float
    earliest: datetime.date
    latest: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        level = self.level

        earliest = self.earliest.isoformat()

        latest = self.latest.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "level": level,
                "earliest": earliest,
                "latest": latest,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = d.pop("level")

        earliest = datetime.date.fromisoformat(d.pop("earliest"))

        latest = datetime.date.fromisoformat(d.pop("latest"))

        prediction_interval = cls(
            level=level,
            earliest=earliest,
            latest=latest,
        )

        prediction_interval.additional_properties = d
        return prediction_interval

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
