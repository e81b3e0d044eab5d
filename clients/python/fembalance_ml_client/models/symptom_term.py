from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SymptomTerm")


@_attrs_define
class SymptomTerm:
    """One loggable symptom: its name in requests, a label, its DRSP item and domain.

    Attributes:
        name (str):
        label (str):
        kind (str):
        drsp_item (int | None): DRSP item number (1-21); null for physical
        domain (None | str): DSM-5 PMDD domain of a DRSP item; null otherwise
    """

    name: str
    label: str
    kind: str
    drsp_item: int | None
    domain: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        label = self.label

        kind = self.kind

        drsp_item: int | None
        drsp_item = self.drsp_item

        domain: None | str
        domain = self.domain

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "label": label,
                "kind": kind,
                "drsp_item": drsp_item,
                "domain": domain,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        label = d.pop("label")

        kind = d.pop("kind")

        def _parse_drsp_item(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        drsp_item = _parse_drsp_item(d.pop("drsp_item"))

        def _parse_domain(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        domain = _parse_domain(d.pop("domain"))

        symptom_term = cls(
            name=name,
            label=label,
            kind=kind,
            drsp_item=drsp_item,
            domain=domain,
        )

        symptom_term.additional_properties = d
        return symptom_term

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
