from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PcosFeatureInfo")


@_attrs_define
class PcosFeatureInfo:
    """One input of POST /api/v1/predict/pcos, for building a form.

    Attributes:
        name (str): the input's name in requests; also the label's code
        label (str): in the answer's language
        unit (str): empty for a yes/no answer; in the answer's language
        unit_code (str): the unit's stable code: `years`, `days`, `count`, a symbol such as `kg/m²`, or empty for a
            yes/no answer
        type_ (str):
        required (bool):
        minimum (float | None):
        maximum (float | None):
        group (str):
        feeds_score (bool): whether the risk score reads it (else: flags only)
    """

    name: str
    label: str
    unit: str
    unit_code: str
    type_: str
    required: bool
    minimum: float | None
    maximum: float | None
    group: str
    feeds_score: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        label = self.label

        unit = self.unit

        unit_code = self.unit_code

        type_ = self.type_

        required = self.required

        minimum: float | None
        minimum = self.minimum

        maximum: float | None
        maximum = self.maximum

        group = self.group

        feeds_score = self.feeds_score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "label": label,
                "unit": unit,
                "unit_code": unit_code,
                "type": type_,
                "required": required,
                "minimum": minimum,
                "maximum": maximum,
                "group": group,
                "feeds_score": feeds_score,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        label = d.pop("label")

        unit = d.pop("unit")

        unit_code = d.pop("unit_code")

        type_ = d.pop("type")

        required = d.pop("required")

        def _parse_minimum(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        minimum = _parse_minimum(d.pop("minimum"))

        def _parse_maximum(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        maximum = _parse_maximum(d.pop("maximum"))

        group = d.pop("group")

        feeds_score = d.pop("feeds_score")

        pcos_feature_info = cls(
            name=name,
            label=label,
            unit=unit,
            unit_code=unit_code,
            type_=type_,
            required=required,
            minimum=minimum,
            maximum=maximum,
            group=group,
            feeds_score=feeds_score,
        )

        pcos_feature_info.additional_properties = d
        return pcos_feature_info

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
