from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.red_flag_params import RedFlagParams


T = TypeVar("T", bound="RedFlag")


@_attrs_define
class RedFlag:
    """A pattern that guidelines say merits a clinician's view.

    Attributes:
        code (str):
        evidence (list[str]):
        guidance (str):
        source (str):
        params (RedFlagParams | Unset): the values the evidence and guidance name (dates, counts, thresholds); for a
            code several rules raise (`urgent_care`, `crisis_support`), `rules` names those that fired and each rule's
            values are under `<rule>.<name>`
    """

    code: str
    evidence: list[str]
    guidance: str
    source: str
    params: RedFlagParams | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        evidence = self.evidence

        guidance = self.guidance

        source = self.source

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "evidence": evidence,
                "guidance": guidance,
                "source": source,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.red_flag_params import RedFlagParams  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        evidence = cast(list[str], d.pop("evidence"))

        guidance = d.pop("guidance")

        source = d.pop("source")

        _params = d.pop("params", UNSET)
        params: RedFlagParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = RedFlagParams.from_dict(_params)

        red_flag = cls(
            code=code,
            evidence=evidence,
            guidance=guidance,
            source=source,
            params=params,
        )

        red_flag.additional_properties = d
        return red_flag

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
