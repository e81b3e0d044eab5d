from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.severity_scale_labels import SeverityScaleLabels


T = TypeVar("T", bound="SeverityScale")


@_attrs_define
class SeverityScale:
    """The 1-6 DRSP severity scale every log's `severity` is on.

    Attributes:
        min_ (int):
        max_ (int):
        labels (SeverityScaleLabels): each level, as a string, to its wording
        source (str):
    """

    min_: int
    max_: int
    labels: SeverityScaleLabels
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        min_ = self.min_

        max_ = self.max_

        labels = self.labels.to_dict()

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "min": min_,
                "max": max_,
                "labels": labels,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.severity_scale_labels import SeverityScaleLabels  # noqa: PLC0415

        d = dict(src_dict)
        min_ = d.pop("min")

        max_ = d.pop("max")

        labels = SeverityScaleLabels.from_dict(d.pop("labels"))

        source = d.pop("source")

        severity_scale = cls(
            min_=min_,
            max_=max_,
            labels=labels,
            source=source,
        )

        severity_scale.additional_properties = d
        return severity_scale

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
