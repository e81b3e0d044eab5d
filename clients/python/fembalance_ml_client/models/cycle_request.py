from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cycle_entry import CycleEntry
    from ..models.person_context import PersonContext


T = TypeVar("T", bound="CycleRequest")


@_attrs_define
class CycleRequest:
    """Logged period starts (any order, duplicates merged) and what to forecast.

    Attributes:
        cycles (list[CycleEntry]):
        user_id (None | str | Unset):
        age (float | None | Unset):
        as_of (datetime.date | None | Unset):
        horizon_cycles (int | Unset): Left out: 3.
        context (None | PersonContext | Unset): the person's situation (pregnancy, birth, contraception, HRT, menopause,
            menarche); see docs/CLINICAL.md for what each state changes
    """

    cycles: list[CycleEntry]
    user_id: None | str | Unset = UNSET
    age: float | None | Unset = UNSET
    as_of: datetime.date | None | Unset = UNSET
    horizon_cycles: int | Unset = UNSET
    context: None | PersonContext | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.person_context import PersonContext  # noqa: PLC0415

        cycles = []
        for cycles_item_data in self.cycles:
            cycles_item = cycles_item_data.to_dict()
            cycles.append(cycles_item)

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        age: float | None | Unset
        if isinstance(self.age, Unset):
            age = UNSET
        else:
            age = self.age

        as_of: None | str | Unset
        if isinstance(self.as_of, Unset):
            as_of = UNSET
        elif isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        horizon_cycles = self.horizon_cycles

        context: dict[str, Any] | None | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        elif isinstance(self.context, PersonContext):
            context = self.context.to_dict()
        else:
            context = self.context

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cycles": cycles,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if age is not UNSET:
            field_dict["age"] = age
        if as_of is not UNSET:
            field_dict["as_of"] = as_of
        if horizon_cycles is not UNSET:
            field_dict["horizon_cycles"] = horizon_cycles
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cycle_entry import CycleEntry  # noqa: PLC0415
        from ..models.person_context import PersonContext  # noqa: PLC0415

        d = dict(src_dict)
        cycles = []
        _cycles = d.pop("cycles")
        for cycles_item_data in _cycles:
            cycles_item = CycleEntry.from_dict(cycles_item_data)

            cycles.append(cycles_item)

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        def _parse_age(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        age = _parse_age(d.pop("age", UNSET))

        def _parse_as_of(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.date.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        as_of = _parse_as_of(d.pop("as_of", UNSET))

        horizon_cycles = d.pop("horizon_cycles", UNSET)

        def _parse_context(data: object) -> None | PersonContext | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                context_type_0 = PersonContext.from_dict(data)

                return context_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonContext | Unset, data)

        context = _parse_context(d.pop("context", UNSET))

        cycle_request = cls(
            cycles=cycles,
            user_id=user_id,
            age=age,
            as_of=as_of,
            horizon_cycles=horizon_cycles,
            context=context,
        )

        return cycle_request
