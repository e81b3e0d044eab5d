from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_model_name import BatchModelName

if TYPE_CHECKING:
    from ..models.error_body import ErrorBody


T = TypeVar("T", bound="BatchItemError")


@_attrs_define
class BatchItemError:
    """The error of one batch item; the other items still answer.

    Attributes:
        model_name (BatchModelName | None): The item's model, or null when it named no known model.
        error (ErrorBody): The inside of the envelope.
    """

    model_name: BatchModelName | None
    error: ErrorBody
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model_name: None | str
        if isinstance(self.model_name, BatchModelName):
            model_name = self.model_name.value
        else:
            model_name = self.model_name

        error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model_name": model_name,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_body import ErrorBody  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_model_name(data: object) -> BatchModelName | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_name_type_0 = BatchModelName(data)

                return model_name_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchModelName | None, data)

        model_name = _parse_model_name(d.pop("model_name"))

        error = ErrorBody.from_dict(d.pop("error"))

        batch_item_error = cls(
            model_name=model_name,
            error=error,
        )

        batch_item_error.additional_properties = d
        return batch_item_error

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
