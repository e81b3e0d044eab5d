from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.cycle_batch_item_model_name import CycleBatchItemModelName

if TYPE_CHECKING:
    from ..models.cycle_request import CycleRequest


T = TypeVar("T", bound="CycleBatchItem")


@_attrs_define
class CycleBatchItem:
    """
    Attributes:
        model_name (CycleBatchItemModelName):
        input_ (CycleRequest): Logged period starts (any order, duplicates merged) and what to forecast.
    """

    model_name: CycleBatchItemModelName
    input_: CycleRequest

    def to_dict(self) -> dict[str, Any]:
        model_name = self.model_name.value

        input_ = self.input_.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model_name": model_name,
                "input": input_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cycle_request import CycleRequest  # noqa: PLC0415

        d = dict(src_dict)
        model_name = CycleBatchItemModelName(d.pop("model_name"))

        input_ = CycleRequest.from_dict(d.pop("input"))

        cycle_batch_item = cls(
            model_name=model_name,
            input_=input_,
        )

        return cycle_batch_item
