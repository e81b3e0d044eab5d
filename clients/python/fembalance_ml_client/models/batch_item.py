from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.batch_item_input import BatchItemInput


T = TypeVar("T", bound="BatchItem")


@_attrs_define
class BatchItem:
    """One prediction request inside a batch.

    Attributes:
        model_name (str): pcos | cycle | symptoms
        input_ (BatchItemInput):
    """

    model_name: str
    input_: BatchItemInput

    def to_dict(self) -> dict[str, Any]:
        model_name = self.model_name

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
        from ..models.batch_item_input import BatchItemInput  # noqa: PLC0415

        d = dict(src_dict)
        model_name = d.pop("model_name")

        input_ = BatchItemInput.from_dict(d.pop("input"))

        batch_item = cls(
            model_name=model_name,
            input_=input_,
        )

        return batch_item
