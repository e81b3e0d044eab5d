from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.pcos_batch_item_model_name import PcosBatchItemModelName

if TYPE_CHECKING:
    from ..models.pcos_request import PcosRequest


T = TypeVar("T", bound="PcosBatchItem")


@_attrs_define
class PcosBatchItem:
    """
    Attributes:
        model_name (PcosBatchItemModelName):
        input_ (PcosRequest): Body of POST /api/v1/predict/pcos.
    """

    model_name: PcosBatchItemModelName
    input_: PcosRequest

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
        from ..models.pcos_request import PcosRequest  # noqa: PLC0415

        d = dict(src_dict)
        model_name = PcosBatchItemModelName(d.pop("model_name"))

        input_ = PcosRequest.from_dict(d.pop("input"))

        pcos_batch_item = cls(
            model_name=model_name,
            input_=input_,
        )

        return pcos_batch_item
