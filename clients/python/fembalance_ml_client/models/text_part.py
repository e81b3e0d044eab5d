from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.text_part_params import TextPartParams


T = TypeVar("T", bound="TextPart")


@_attrs_define
class TextPart:
    """One sentence of a text field as a stable code and the values it names.

    The code is the sentence's catalog key without its domain (`symptoms.`); `params`
    holds what the sentence says as data (ISO dates, counts, codes), so a client can word
    the sentence itself instead of showing the rendered one.

        Attributes:
            code (str): the sentence's stable code (open: new codes may appear)
            params (TextPartParams | Unset):
    """

    code: str
    params: TextPartParams | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.text_part_params import TextPartParams  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        _params = d.pop("params", UNSET)
        params: TextPartParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = TextPartParams.from_dict(_params)

        text_part = cls(
            code=code,
            params=params,
        )

        text_part.additional_properties = d
        return text_part

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
