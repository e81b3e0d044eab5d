from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.recommendation_code_params import RecommendationCodeParams


T = TypeVar("T", bound="RecommendationCode")


@_attrs_define
class RecommendationCode:
    """The stable code and the values of one recommendation, at its position in
    `recommendations`: what a client needs to word it in its own language.

        Attributes:
            code (str): stable code, an open set: risk_level_high, risk_level_medium, risk_level_low, criteria_met,
                ovulatory_dysfunction, hyperandrogenism, polycystic_ovarian_morphology, self_reported_only, lifestyle, or the
                code of a flag the recommendation repeats
            params (RecommendationCodeParams):
    """

    code: str
    params: RecommendationCodeParams
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        params = self.params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "params": params,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recommendation_code_params import RecommendationCodeParams  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        params = RecommendationCodeParams.from_dict(d.pop("params"))

        recommendation_code = cls(
            code=code,
            params=params,
        )

        recommendation_code.additional_properties = d
        return recommendation_code

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
