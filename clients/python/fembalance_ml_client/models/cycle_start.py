from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CycleStart")


@_attrs_define
class CycleStart:
    """A logged period start (a menses onset).

    Attributes:
        start_date (datetime.date):
        period_length_days (int | None | Unset):
    """

    start_date: datetime.date
    period_length_days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        start_date = self.start_date.isoformat()

        period_length_days: int | None | Unset
        if isinstance(self.period_length_days, Unset):
            period_length_days = UNSET
        else:
            period_length_days = self.period_length_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "start_date": start_date,
            }
        )
        if period_length_days is not UNSET:
            field_dict["period_length_days"] = period_length_days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        def _parse_period_length_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        period_length_days = _parse_period_length_days(d.pop("period_length_days", UNSET))

        cycle_start = cls(
            start_date=start_date,
            period_length_days=period_length_days,
        )

        return cycle_start
