from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.arm_report_figures import ArmReportFigures


T = TypeVar("T", bound="ArmReport")


@_attrs_define
class ArmReport:
    """One arm's predictions, outcomes and figures (named by the model's outcome).

    Attributes:
        version (str):
        group (None | str):
        predictions (int):
        outcomes (int):
        figures (ArmReportFigures):
    """

    version: str
    group: None | str
    predictions: int
    outcomes: int
    figures: ArmReportFigures
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        group: None | str
        group = self.group

        predictions = self.predictions

        outcomes = self.outcomes

        figures = self.figures.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "group": group,
                "predictions": predictions,
                "outcomes": outcomes,
                "figures": figures,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.arm_report_figures import ArmReportFigures  # noqa: PLC0415

        d = dict(src_dict)
        version = d.pop("version")

        def _parse_group(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        group = _parse_group(d.pop("group"))

        predictions = d.pop("predictions")

        outcomes = d.pop("outcomes")

        figures = ArmReportFigures.from_dict(d.pop("figures"))

        arm_report = cls(
            version=version,
            group=group,
            predictions=predictions,
            outcomes=outcomes,
            figures=figures,
        )

        arm_report.additional_properties = d
        return arm_report

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
