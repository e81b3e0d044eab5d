from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.batch_item_error import BatchItemError
    from ..models.cycle_batch_answer import CycleBatchAnswer
    from ..models.pcos_batch_answer import PcosBatchAnswer
    from ..models.symptoms_batch_answer import SymptomsBatchAnswer


T = TypeVar("T", bound="BatchResponse")


@_attrs_define
class BatchResponse:
    """One answer or one error object per item, in request order.

    Attributes:
        predictions (list[BatchItemError | CycleBatchAnswer | PcosBatchAnswer | SymptomsBatchAnswer]):
    """

    predictions: list[BatchItemError | CycleBatchAnswer | PcosBatchAnswer | SymptomsBatchAnswer]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.cycle_batch_answer import CycleBatchAnswer  # noqa: PLC0415
        from ..models.pcos_batch_answer import PcosBatchAnswer  # noqa: PLC0415
        from ..models.symptoms_batch_answer import SymptomsBatchAnswer  # noqa: PLC0415

        predictions = []
        for predictions_item_data in self.predictions:
            predictions_item: dict[str, Any]
            if isinstance(predictions_item_data, PcosBatchAnswer):
                predictions_item = predictions_item_data.to_dict()
            elif isinstance(predictions_item_data, CycleBatchAnswer):
                predictions_item = predictions_item_data.to_dict()
            elif isinstance(predictions_item_data, SymptomsBatchAnswer):
                predictions_item = predictions_item_data.to_dict()
            else:
                predictions_item = predictions_item_data.to_dict()

            predictions.append(predictions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "predictions": predictions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_item_error import BatchItemError  # noqa: PLC0415
        from ..models.cycle_batch_answer import CycleBatchAnswer  # noqa: PLC0415
        from ..models.pcos_batch_answer import PcosBatchAnswer  # noqa: PLC0415
        from ..models.symptoms_batch_answer import SymptomsBatchAnswer  # noqa: PLC0415

        d = dict(src_dict)
        predictions = []
        _predictions = d.pop("predictions")
        for predictions_item_data in _predictions:

            def _parse_predictions_item(
                data: object,
            ) -> BatchItemError | CycleBatchAnswer | PcosBatchAnswer | SymptomsBatchAnswer:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    predictions_item_type_0 = PcosBatchAnswer.from_dict(data)

                    return predictions_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    predictions_item_type_1 = CycleBatchAnswer.from_dict(data)

                    return predictions_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    predictions_item_type_2 = SymptomsBatchAnswer.from_dict(data)

                    return predictions_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                predictions_item_type_3 = BatchItemError.from_dict(data)

                return predictions_item_type_3

            predictions_item = _parse_predictions_item(predictions_item_data)

            predictions.append(predictions_item)

        batch_response = cls(
            predictions=predictions,
        )

        batch_response.additional_properties = d
        return batch_response

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
