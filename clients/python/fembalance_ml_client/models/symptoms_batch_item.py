from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.symptoms_batch_item_model_name import SymptomsBatchItemModelName

if TYPE_CHECKING:
    from ..models.symptom_request import SymptomRequest


T = TypeVar("T", bound="SymptomsBatchItem")


@_attrs_define
class SymptomsBatchItem:
    """
    Attributes:
        model_name (SymptomsBatchItemModelName):
        input_ (SymptomRequest): Period starts, daily symptom logs and the day the analysis is made for.
    """

    model_name: SymptomsBatchItemModelName
    input_: SymptomRequest

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
        from ..models.symptom_request import SymptomRequest  # noqa: PLC0415

        d = dict(src_dict)
        model_name = SymptomsBatchItemModelName(d.pop("model_name"))

        input_ = SymptomRequest.from_dict(d.pop("input"))

        symptoms_batch_item = cls(
            model_name=model_name,
            input_=input_,
        )

        return symptoms_batch_item
