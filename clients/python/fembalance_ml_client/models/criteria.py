from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Criteria")


@_attrs_define
class Criteria:
    """Rotterdam criteria (2023 guideline); None when the answers cannot tell.

    Attributes:
        ovulatory_dysfunction (bool | None):
        hyperandrogenism (bool | None):
        polycystic_ovarian_morphology (bool | None):
    """

    ovulatory_dysfunction: bool | None
    hyperandrogenism: bool | None
    polycystic_ovarian_morphology: bool | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ovulatory_dysfunction: bool | None
        ovulatory_dysfunction = self.ovulatory_dysfunction

        hyperandrogenism: bool | None
        hyperandrogenism = self.hyperandrogenism

        polycystic_ovarian_morphology: bool | None
        polycystic_ovarian_morphology = self.polycystic_ovarian_morphology

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ovulatory_dysfunction": ovulatory_dysfunction,
                "hyperandrogenism": hyperandrogenism,
                "polycystic_ovarian_morphology": polycystic_ovarian_morphology,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_ovulatory_dysfunction(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        ovulatory_dysfunction = _parse_ovulatory_dysfunction(d.pop("ovulatory_dysfunction"))

        def _parse_hyperandrogenism(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        hyperandrogenism = _parse_hyperandrogenism(d.pop("hyperandrogenism"))

        def _parse_polycystic_ovarian_morphology(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        polycystic_ovarian_morphology = _parse_polycystic_ovarian_morphology(d.pop("polycystic_ovarian_morphology"))

        criteria = cls(
            ovulatory_dysfunction=ovulatory_dysfunction,
            hyperandrogenism=hyperandrogenism,
            polycystic_ovarian_morphology=polycystic_ovarian_morphology,
        )

        criteria.additional_properties = d
        return criteria

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
