from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cycle_start import CycleStart
    from ..models.person_context import PersonContext
    from ..models.symptom_log import SymptomLog


T = TypeVar("T", bound="SymptomRequest")


@_attrs_define
class SymptomRequest:
    """Period starts, daily symptom logs and the day the analysis is made for.

    Attributes:
        cycles (list[CycleStart]):
        user_id (None | str | Unset):
        logs (list[SymptomLog] | Unset):
        as_of (datetime.date | None | Unset):
        age (float | None | Unset): years; selects adolescent (ACOG CO 651) or adult (FIGO 2018) limits
        context (None | PersonContext | Unset): the person's situation (pregnancy, birth, contraception, HRT, menopause,
            menarche); see docs/CLINICAL.md for what each state changes
    """

    cycles: list[CycleStart]
    user_id: None | str | Unset = UNSET
    logs: list[SymptomLog] | Unset = UNSET
    as_of: datetime.date | None | Unset = UNSET
    age: float | None | Unset = UNSET
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

        logs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.logs, Unset):
            logs = []
            for logs_item_data in self.logs:
                logs_item = logs_item_data.to_dict()
                logs.append(logs_item)

        as_of: None | str | Unset
        if isinstance(self.as_of, Unset):
            as_of = UNSET
        elif isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        age: float | None | Unset
        if isinstance(self.age, Unset):
            age = UNSET
        else:
            age = self.age

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
        if logs is not UNSET:
            field_dict["logs"] = logs
        if as_of is not UNSET:
            field_dict["as_of"] = as_of
        if age is not UNSET:
            field_dict["age"] = age
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cycle_start import CycleStart  # noqa: PLC0415
        from ..models.person_context import PersonContext  # noqa: PLC0415
        from ..models.symptom_log import SymptomLog  # noqa: PLC0415

        d = dict(src_dict)
        cycles = []
        _cycles = d.pop("cycles")
        for cycles_item_data in _cycles:
            cycles_item = CycleStart.from_dict(cycles_item_data)

            cycles.append(cycles_item)

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        _logs = d.pop("logs", UNSET)
        logs: list[SymptomLog] | Unset = UNSET
        if _logs is not UNSET:
            logs = []
            for logs_item_data in _logs:
                logs_item = SymptomLog.from_dict(logs_item_data)

                logs.append(logs_item)

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

        def _parse_age(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        age = _parse_age(d.pop("age", UNSET))

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

        symptom_request = cls(
            cycles=cycles,
            user_id=user_id,
            logs=logs,
            as_of=as_of,
            age=age,
            context=context,
        )

        return symptom_request
