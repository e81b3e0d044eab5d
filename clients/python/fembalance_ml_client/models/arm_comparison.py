from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.arm_id import ArmId
    from ..models.figure import Figure


T = TypeVar("T", bound="ArmComparison")


@_attrs_define
class ArmComparison:
    """A challenger against the control on the model's loss (lower is better).

    Attributes:
        challenger (ArmId): A served version in an experiment group (null group: not in an A/B test).
        control (ArmId): A served version in an experiment group (null group: not in an A/B test).
        loss_difference (Figure): A statistic and its 95% bootstrap interval; null without outcomes.
        verdict (str):
        outcomes_still_needed (int | None):
    """

    challenger: ArmId
    control: ArmId
    loss_difference: Figure
    verdict: str
    outcomes_still_needed: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        challenger = self.challenger.to_dict()

        control = self.control.to_dict()

        loss_difference = self.loss_difference.to_dict()

        verdict = self.verdict

        outcomes_still_needed: int | None
        outcomes_still_needed = self.outcomes_still_needed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "challenger": challenger,
                "control": control,
                "loss_difference": loss_difference,
                "verdict": verdict,
                "outcomes_still_needed": outcomes_still_needed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.arm_id import ArmId  # noqa: PLC0415
        from ..models.figure import Figure  # noqa: PLC0415

        d = dict(src_dict)
        challenger = ArmId.from_dict(d.pop("challenger"))

        control = ArmId.from_dict(d.pop("control"))

        loss_difference = Figure.from_dict(d.pop("loss_difference"))

        verdict = d.pop("verdict")

        def _parse_outcomes_still_needed(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        outcomes_still_needed = _parse_outcomes_still_needed(d.pop("outcomes_still_needed"))

        arm_comparison = cls(
            challenger=challenger,
            control=control,
            loss_difference=loss_difference,
            verdict=verdict,
            outcomes_still_needed=outcomes_still_needed,
        )

        arm_comparison.additional_properties = d
        return arm_comparison

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
