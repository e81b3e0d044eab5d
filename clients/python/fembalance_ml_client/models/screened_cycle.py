from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ScreenedCycle")


@_attrs_define
class ScreenedCycle:
    """One menses onset with ratings around it, and its C-PASS cycle result.

    Attributes:
        start_date (datetime.date):
        included (bool):
        result (str):
        domains_met (int):
    """

    start_date: datetime.date
    included: bool
    result: str
    domains_met: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start_date = self.start_date.isoformat()

        included = self.included

        result = self.result

        domains_met = self.domains_met

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start_date": start_date,
                "included": included,
                "result": result,
                "domains_met": domains_met,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        included = d.pop("included")

        result = d.pop("result")

        domains_met = d.pop("domains_met")

        screened_cycle = cls(
            start_date=start_date,
            included=included,
            result=result,
            domains_met=domains_met,
        )

        screened_cycle.additional_properties = d
        return screened_cycle

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
