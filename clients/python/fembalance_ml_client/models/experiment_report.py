from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.arm_comparison import ArmComparison
    from ..models.arm_report import ArmReport
    from ..models.report_method import ReportMethod


T = TypeVar("T", bound="ExperimentReport")


@_attrs_define
class ExperimentReport:
    """Answer of GET /api/v1/experiments/{name}.

    Attributes:
        model (str):
        loss (None | str): the loss the verdicts compare; null: no outcome
        computed_at (str): UTC, ISO 8601 with a Z
        method (ReportMethod): How the intervals were computed, and how long an answer is reused.
        arms (list[ArmReport]):
        comparisons (list[ArmComparison]):
    """

    model: str
    loss: None | str
    computed_at: str
    method: ReportMethod
    arms: list[ArmReport]
    comparisons: list[ArmComparison]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        loss: None | str
        loss = self.loss

        computed_at = self.computed_at

        method = self.method.to_dict()

        arms = []
        for arms_item_data in self.arms:
            arms_item = arms_item_data.to_dict()
            arms.append(arms_item)

        comparisons = []
        for comparisons_item_data in self.comparisons:
            comparisons_item = comparisons_item_data.to_dict()
            comparisons.append(comparisons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "loss": loss,
                "computed_at": computed_at,
                "method": method,
                "arms": arms,
                "comparisons": comparisons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.arm_comparison import ArmComparison  # noqa: PLC0415
        from ..models.arm_report import ArmReport  # noqa: PLC0415
        from ..models.report_method import ReportMethod  # noqa: PLC0415

        d = dict(src_dict)
        model = d.pop("model")

        def _parse_loss(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        loss = _parse_loss(d.pop("loss"))

        computed_at = d.pop("computed_at")

        method = ReportMethod.from_dict(d.pop("method"))

        arms = []
        _arms = d.pop("arms")
        for arms_item_data in _arms:
            arms_item = ArmReport.from_dict(arms_item_data)

            arms.append(arms_item)

        comparisons = []
        _comparisons = d.pop("comparisons")
        for comparisons_item_data in _comparisons:
            comparisons_item = ArmComparison.from_dict(comparisons_item_data)

            comparisons.append(comparisons_item)

        experiment_report = cls(
            model=model,
            loss=loss,
            computed_at=computed_at,
            method=method,
            arms=arms,
            comparisons=comparisons,
        )

        experiment_report.additional_properties = d
        return experiment_report

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
