from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.symptoms_batch_answer_model_name import SymptomsBatchAnswerModelName
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assumption import Assumption
    from ..models.forecast_entry import ForecastEntry
    from ..models.pmdd_screen import PmddScreen
    from ..models.red_flag import RedFlag
    from ..models.symptom_pattern import SymptomPattern


T = TypeVar("T", bound="SymptomsBatchAnswer")


@_attrs_define
class SymptomsBatchAnswer:
    """
    Attributes:
        pmdd_screen (PmddScreen): The C-PASS premenstrual screen over the logged DRSP items.
        patterns (list[SymptomPattern]):
        red_flags (list[RedFlag]):
        forecast (list[ForecastEntry]):
        model_version (str):
        disclaimer (str): Plain-language disclaimer, in the answer's language (Content-Language).
        disclaimer_code (str): Stable code of the disclaimer (`pcos`, `cycle`, `symptoms`; more may come): its text is
            `common.disclaimer.<code>` in the catalogs.
        prediction_id (str): Opaque id of this answer: send it with POST /api/v1/outcomes.
        model_name (SymptomsBatchAnswerModelName):
        assumptions (list[Assumption] | Unset): what the answer took for granted where the request was silent
            (`context_not_stated`, `age_not_stated`), and why there is no forecast when the context leaves no cycle to
            project (`no_symptom_forecast`)
        experiment_group (None | str | Unset):
    """

    pmdd_screen: PmddScreen
    patterns: list[SymptomPattern]
    red_flags: list[RedFlag]
    forecast: list[ForecastEntry]
    model_version: str
    disclaimer: str
    disclaimer_code: str
    prediction_id: str
    model_name: SymptomsBatchAnswerModelName
    assumptions: list[Assumption] | Unset = UNSET
    experiment_group: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pmdd_screen = self.pmdd_screen.to_dict()

        patterns = []
        for patterns_item_data in self.patterns:
            patterns_item = patterns_item_data.to_dict()
            patterns.append(patterns_item)

        red_flags = []
        for red_flags_item_data in self.red_flags:
            red_flags_item = red_flags_item_data.to_dict()
            red_flags.append(red_flags_item)

        forecast = []
        for forecast_item_data in self.forecast:
            forecast_item = forecast_item_data.to_dict()
            forecast.append(forecast_item)

        model_version = self.model_version

        disclaimer = self.disclaimer

        disclaimer_code = self.disclaimer_code

        prediction_id = self.prediction_id

        model_name = self.model_name.value

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
                "pmdd_screen": pmdd_screen,
                "patterns": patterns,
                "red_flags": red_flags,
                "forecast": forecast,
                "model_version": model_version,
                "disclaimer": disclaimer,
                "disclaimer_code": disclaimer_code,
                "prediction_id": prediction_id,
                "model_name": model_name,
            }
        )
        if assumptions is not UNSET:
            field_dict["assumptions"] = assumptions
        if experiment_group is not UNSET:
            field_dict["experiment_group"] = experiment_group

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assumption import Assumption  # noqa: PLC0415
        from ..models.forecast_entry import ForecastEntry  # noqa: PLC0415
        from ..models.pmdd_screen import PmddScreen  # noqa: PLC0415
        from ..models.red_flag import RedFlag  # noqa: PLC0415
        from ..models.symptom_pattern import SymptomPattern  # noqa: PLC0415

        d = dict(src_dict)
        pmdd_screen = PmddScreen.from_dict(d.pop("pmdd_screen"))

        patterns = []
        _patterns = d.pop("patterns")
        for patterns_item_data in _patterns:
            patterns_item = SymptomPattern.from_dict(patterns_item_data)

            patterns.append(patterns_item)

        red_flags = []
        _red_flags = d.pop("red_flags")
        for red_flags_item_data in _red_flags:
            red_flags_item = RedFlag.from_dict(red_flags_item_data)

            red_flags.append(red_flags_item)

        forecast = []
        _forecast = d.pop("forecast")
        for forecast_item_data in _forecast:
            forecast_item = ForecastEntry.from_dict(forecast_item_data)

            forecast.append(forecast_item)

        model_version = d.pop("model_version")

        disclaimer = d.pop("disclaimer")

        disclaimer_code = d.pop("disclaimer_code")

        prediction_id = d.pop("prediction_id")

        model_name = SymptomsBatchAnswerModelName(d.pop("model_name"))

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

        symptoms_batch_answer = cls(
            pmdd_screen=pmdd_screen,
            patterns=patterns,
            red_flags=red_flags,
            forecast=forecast,
            model_version=model_version,
            disclaimer=disclaimer,
            disclaimer_code=disclaimer_code,
            prediction_id=prediction_id,
            model_name=model_name,
            assumptions=assumptions,
            experiment_group=experiment_group,
        )

        symptoms_batch_answer.additional_properties = d
        return symptoms_batch_answer

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
