from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.fertile_window import FertileWindow


T = TypeVar("T", bound="UpcomingCycle")


@_attrs_define
class UpcomingCycle:
    """One forecast cycle.

    Attributes:
        start_date (datetime.date):
        ovulation_date (datetime.date):
        fertile_window (FertileWindow): Five days before ovulation and its day, widened by the estimate's uncertainty.
    """

    start_date: datetime.date
    ovulation_date: datetime.date
    fertile_window: FertileWindow
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start_date = self.start_date.isoformat()

        ovulation_date = self.ovulation_date.isoformat()

        fertile_window = self.fertile_window.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start_date": start_date,
                "ovulation_date": ovulation_date,
                "fertile_window": fertile_window,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fertile_window import FertileWindow  # noqa: PLC0415

        d = dict(src_dict)
        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        ovulation_date = datetime.date.fromisoformat(d.pop("ovulation_date"))

        fertile_window = FertileWindow.from_dict(d.pop("fertile_window"))

        upcoming_cycle = cls(
            start_date=start_date,
            ovulation_date=ovulation_date,
            fertile_window=fertile_window,
        )

        upcoming_cycle.additional_properties = d
        return upcoming_cycle

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
