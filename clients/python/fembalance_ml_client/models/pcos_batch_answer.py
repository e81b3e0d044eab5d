from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.pcos_batch_answer_model_name import PcosBatchAnswerModelName
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assumption import Assumption
    from ..models.contribution import Contribution
    from ..models.criteria import Criteria
    from ..models.pcos_flag import PcosFlag
    from ..models.recommendation_code import RecommendationCode


T = TypeVar("T", bound="PcosBatchAnswer")


@_attrs_define
class PcosBatchAnswer:
    """
    Attributes:
        risk_score (float): calibrated probability of PCOS
        risk_level (str):
        confidence (float):
        key_factors (list[str]):
        contributions (list[Contribution]):
        criteria (Criteria): Rotterdam criteria (2023 guideline); None when the answers cannot tell.
        criteria_met (int): criteria that could be assessed from the answers and are met
        flags (list[PcosFlag]):
        variant (str):
        missing_features (list[str]):
        recommendations (list[str]):
        model_version (str):
        disclaimer (str): Plain-language disclaimer, in the answer's language (Content-Language).
        disclaimer_code (str): Stable code of the disclaimer (`pcos`, `cycle`, `symptoms`; more may come): its text is
            `common.disclaimer.<code>` in the catalogs.
        prediction_id (str): Opaque id of this answer: send it with POST /api/v1/outcomes.
        model_name (PcosBatchAnswerModelName):
        recommendation_codes (list[RecommendationCode] | Unset): each recommendation's code and values, in the order of
            recommendations
        assumptions (list[Assumption] | Unset): what the answer took for granted where the request was silent
        experiment_group (None | str | Unset):
    """

    risk_score: float
    risk_level: str
    confidence: float
    key_factors: list[str]
    contributions: list[Contribution]
    criteria: Criteria
    criteria_met: int
    flags: list[PcosFlag]
    variant: str
    missing_features: list[str]
    recommendations: list[str]
    model_version: str
    disclaimer: str
    disclaimer_code: str
    prediction_id: str
    model_name: PcosBatchAnswerModelName
    recommendation_codes: list[RecommendationCode] | Unset = UNSET
    assumptions: list[Assumption] | Unset = UNSET
    experiment_group: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        risk_score = self.risk_score

        risk_level = self.risk_level

        confidence = self.confidence

        key_factors = self.key_factors

        contributions = []
        for contributions_item_data in self.contributions:
            contributions_item = contributions_item_data.to_dict()
            contributions.append(contributions_item)

        criteria = self.criteria.to_dict()

        criteria_met = self.criteria_met

        flags = []
        for flags_item_data in self.flags:
            flags_item = flags_item_data.to_dict()
            flags.append(flags_item)

        variant = self.variant

        missing_features = self.missing_features

        recommendations = self.recommendations

        model_version = self.model_version

        disclaimer = self.disclaimer

        disclaimer_code = self.disclaimer_code

        prediction_id = self.prediction_id

        model_name = self.model_name.value

        recommendation_codes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.recommendation_codes, Unset):
            recommendation_codes = []
            for recommendation_codes_item_data in self.recommendation_codes:
                recommendation_codes_item = recommendation_codes_item_data.to_dict()
                recommendation_codes.append(recommendation_codes_item)

        assumptions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.assumptions, Unset):
            assumptions = []
            for assumptions_item_data in self.assumptions:
                assumptions_item = assumptions_item_data.to_dict()
                assumptions.append(assumptions_item)

        experiment_group: None | str | Unset
        if isinstance(self.experiment_group, Unset):
            experiment_group = UNSET
        else:
            experiment_group = self.experiment_group

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "risk_score": risk_score,
                "risk_level": risk_level,
                "confidence": confidence,
                "key_factors": key_factors,
                "contributions": contributions,
                "criteria": criteria,
                "criteria_met": criteria_met,
                "flags": flags,
                "variant": variant,
                "missing_features": missing_features,
                "recommendations": recommendations,
                "model_version": model_version,
                "disclaimer": disclaimer,
                "disclaimer_code": disclaimer_code,
                "prediction_id": prediction_id,
                "model_name": model_name,
            }
        )
        if recommendation_codes is not UNSET:
            field_dict["recommendation_codes"] = recommendation_codes
        if assumptions is not UNSET:
            field_dict["assumptions"] = assumptions
        if experiment_group is not UNSET:
            field_dict["experiment_group"] = experiment_group

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assumption import Assumption  # noqa: PLC0415
        from ..models.contribution import Contribution  # noqa: PLC0415
        from ..models.criteria import Criteria  # noqa: PLC0415
        from ..models.pcos_flag import PcosFlag  # noqa: PLC0415
        from ..models.recommendation_code import RecommendationCode  # noqa: PLC0415

        d = dict(src_dict)
        risk_score = d.pop("risk_score")

        risk_level = d.pop("risk_level")

        confidence = d.pop("confidence")

        key_factors = cast(list[str], d.pop("key_factors"))

        contributions = []
        _contributions = d.pop("contributions")
        for contributions_item_data in _contributions:
            contributions_item = Contribution.from_dict(contributions_item_data)

            contributions.append(contributions_item)

        criteria = Criteria.from_dict(d.pop("criteria"))

        criteria_met = d.pop("criteria_met")

        flags = []
        _flags = d.pop("flags")
        for flags_item_data in _flags:
            flags_item = PcosFlag.from_dict(flags_item_data)

            flags.append(flags_item)

        variant = d.pop("variant")

        missing_features = cast(list[str], d.pop("missing_features"))

        recommendations = cast(list[str], d.pop("recommendations"))

        model_version = d.pop("model_version")

        disclaimer = d.pop("disclaimer")

        disclaimer_code = d.pop("disclaimer_code")

        prediction_id = d.pop("prediction_id")

        model_name = PcosBatchAnswerModelName(d.pop("model_name"))

        _recommendation_codes = d.pop("recommendation_codes", UNSET)
        recommendation_codes: list[RecommendationCode] | Unset = UNSET
        if _recommendation_codes is not UNSET:
            recommendation_codes = []
            for recommendation_codes_item_data in _recommendation_codes:
                recommendation_codes_item = RecommendationCode.from_dict(recommendation_codes_item_data)

                recommendation_codes.append(recommendation_codes_item)

        _assumptions = d.pop("assumptions", UNSET)
        assumptions: list[Assumption] | Unset = UNSET
        if _assumptions is not UNSET:
            assumptions = []
            for assumptions_item_data in _assumptions:
                assumptions_item = Assumption.from_dict(assumptions_item_data)

                assumptions.append(assumptions_item)

        def _parse_experiment_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        experiment_group = _parse_experiment_group(d.pop("experiment_group", UNSET))

        pcos_batch_answer = cls(
            risk_score=risk_score,
            risk_level=risk_level,
            confidence=confidence,
            key_factors=key_factors,
            contributions=contributions,
            criteria=criteria,
            criteria_met=criteria_met,
            flags=flags,
            variant=variant,
            missing_features=missing_features,
            recommendations=recommendations,
            model_version=model_version,
            disclaimer=disclaimer,
            disclaimer_code=disclaimer_code,
            prediction_id=prediction_id,
            model_name=model_name,
            recommendation_codes=recommendation_codes,
            assumptions=assumptions,
            experiment_group=experiment_group,
        )

        pcos_batch_answer.additional_properties = d
        return pcos_batch_answer

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
