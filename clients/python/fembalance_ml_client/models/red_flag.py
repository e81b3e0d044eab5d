from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RedFlag")


@_attrs_define
class RedFlag:
    """A pattern that guidelines say merits a clinician's view.

    Attributes:
        code (str):
        evidence (list[str]):
        guidance (str):
        source (str):
    """

    code: str
    evidence: list[str]
    guidance: str
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        evidence = self.evidence

        guidance = self.guidance

        source = self.source

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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        evidence = cast(list[str], d.pop("evidence"))

        guidance = d.pop("guidance")

        source = d.pop("source")

        red_flag = cls(
            code=code,
            evidence=evidence,
            guidance=guidance,
            source=source,
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
