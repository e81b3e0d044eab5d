from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Contribution")


@_attrs_define
class Contribution:
    """One feature's additive share of the score, in log-odds against the average patient.

    A typed dict rather than a model: a response carries up to 24 of them, and building
    that many model objects per request is measurable on the hot path. (pydantic needs
    typing_extensions' TypedDict on Python 3.11.)

        Attributes:
            feature (str):
            value (float | None):
            contribution (float):
    """

    feature: str
    value: float | None
    contribution: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        feature = self.feature

        value: float | None
        value = self.value

        contribution = self.contribution

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "feature": feature,
                "value": value,
                "contribution": contribution,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        feature = d.pop("feature")

        def _parse_value(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        value = _parse_value(d.pop("value"))

        contribution = d.pop("contribution")

        contribution = cls(
            feature=feature,
            value=value,
            contribution=contribution,
        )

        contribution.additional_properties = d
        return contribution

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
