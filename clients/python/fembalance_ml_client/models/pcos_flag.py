from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pcos_flag_params import PcosFlagParams


T = TypeVar("T", bound="PcosFlag")


@_attrs_define
class PcosFlag:
    """Something in the answers a clinician should look at, in plain language.

    `code` is stable; `params` holds the values the message names (the person's own
    values and the limits), so a client can word it in another language.

        Attributes:
            code (str):
            message (str):
            params (PcosFlagParams | Unset):
    """

    code: str
    message: str
    params: PcosFlagParams | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pcos_flag_params import PcosFlagParams  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        _params = d.pop("params", UNSET)
        params: PcosFlagParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = PcosFlagParams.from_dict(_params)

        pcos_flag = cls(
            code=code,
            message=message,
            params=params,
        )

        pcos_flag.additional_properties = d
        return pcos_flag

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
