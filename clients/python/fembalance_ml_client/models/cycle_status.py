from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CycleStatus")


@_attrs_define
class CycleStatus:
    """Where the user is on `as_of`.

    Attributes:
        current_phase (str):
        cycle_day (int):
        days_late (int | None | Unset):
    """

    current_phase: str
    cycle_day: int
    days_late: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current_phase = self.current_phase

        cycle_day = self.cycle_day

        days_late: int | None | Unset
        if isinstance(self.days_late, Unset):
            days_late = UNSET
        else:
            days_late = self.days_late

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current_phase": current_phase,
                "cycle_day": cycle_day,
            }
        )
        if days_late is not UNSET:
            field_dict["days_late"] = days_late

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        current_phase = d.pop("current_phase")

        cycle_day = d.pop("cycle_day")

        def _parse_days_late(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        days_late = _parse_days_late(d.pop("days_late", UNSET))

        cycle_status = cls(
            current_phase=current_phase,
            cycle_day=cycle_day,
            days_late=days_late,
        )

        cycle_status.additional_properties = d
        return cycle_status

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
