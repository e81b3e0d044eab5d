from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assumption import Assumption
    from ..models.cycle_status import CycleStatus
    from ..models.fertile_window import FertileWindow
    from ..models.flag_out import FlagOut
    from ..models.prediction_interval import PredictionInterval
    from ..models.upcoming_cycle import UpcomingCycle


T = TypeVar("T", bound="CycleResponse")


@_attrs_define
class CycleResponse:
    """The cycle forecast as API.md names it.

    Attributes:
        predicted_start_date (datetime.date | None):
        prediction_interval (None | PredictionInterval):
        predicted_cycle_length (float | None):
        ovulation_date (datetime.date | None):
        fertile_window (FertileWindow | None):
        upcoming (list[UpcomingCycle]):
        regularity (str):
        confidence (str):
        cycles_used (int):
        status (CycleStatus): Where the user is on `as_of`.
        flags (list[FlagOut]):
        assumptions (list[Assumption]):
        model_version (str):
        disclaimer_code (str): Stable code of the disclaimer (`pcos`, `cycle`, `symptoms`; more may come): its text is
            `common.disclaimer.<code>` in the catalogs.
        prediction_id (str): Opaque id of this answer: send it with POST /api/v1/outcomes.
        disclaimer (str | Unset):  Default: 'Cycle dates are estimates from your own history, not a medical assessment.
            They are not contraception: do not rely on them to prevent or plan a pregnancy.'.
        experiment_group (None | str | Unset):
    """

    predicted_start_date: datetime.date | None
    prediction_interval: None | PredictionInterval
    predicted_cycle_length: float | None
    ovulation_date: datetime.date | None
    fertile_window: FertileWindow | None
    upcoming: list[UpcomingCycle]
    regularity: str
    confidence: str
    cycles_used: int
    status: CycleStatus
    flags: list[FlagOut]
    assumptions: list[Assumption]
    model_version: str
    disclaimer_code: str
    prediction_id: str
    disclaimer: str | Unset = (
        "Cycle dates are estimates from your own history, not a medical assessment. They are not contraception: do not rely on them to prevent or plan a pregnancy."
    )
    experiment_group: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.fertile_window import FertileWindow  # noqa: PLC0415
        from ..models.prediction_interval import PredictionInterval  # noqa: PLC0415

        predicted_start_date: None | str
        if isinstance(self.predicted_start_date, datetime.date):
            predicted_start_date = self.predicted_start_date.isoformat()
        else:
            predicted_start_date = self.predicted_start_date

        prediction_interval: dict[str, Any] | None
        if isinstance(self.prediction_interval, PredictionInterval):
            prediction_interval = self.prediction_interval.to_dict()
        else:
            prediction_interval = self.prediction_interval

        predicted_cycle_length: float | None
        predicted_cycle_length = self.predicted_cycle_length

        ovulation_date: None | str
        if isinstance(self.ovulation_date, datetime.date):
            ovulation_date = self.ovulation_date.isoformat()
        else:
            ovulation_date = self.ovulation_date

        fertile_window: dict[str, Any] | None
        if isinstance(self.fertile_window, FertileWindow):
            fertile_window = self.fertile_window.to_dict()
        else:
            fertile_window = self.fertile_window

        upcoming = []
        for upcoming_item_data in self.upcoming:
            upcoming_item = upcoming_item_data.to_dict()
            upcoming.append(upcoming_item)

        regularity = self.regularity

        confidence = self.confidence

        cycles_used = self.cycles_used

        status = self.status.to_dict()

        flags = []
        for flags_item_data in self.flags:
            flags_item = flags_item_data.to_dict()
            flags.append(flags_item)

        assumptions = []
        for assumptions_item_data in self.assumptions:
            assumptions_item = assumptions_item_data.to_dict()
            assumptions.append(assumptions_item)

        model_version = self.model_version

        disclaimer_code = self.disclaimer_code

        prediction_id = self.prediction_id

        disclaimer = self.disclaimer

        experiment_group: None | str | Unset
        if isinstance(self.experiment_group, Unset):
            experiment_group = UNSET
        else:
            experiment_group = self.experiment_group

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "predicted_start_date": predicted_start_date,
                "prediction_interval": prediction_interval,
                "predicted_cycle_length": predicted_cycle_length,
                "ovulation_date": ovulation_date,
                "fertile_window": fertile_window,
                "upcoming": upcoming,
                "regularity": regularity,
                "confidence": confidence,
                "cycles_used": cycles_used,
                "status": status,
                "flags": flags,
                "assumptions": assumptions,
                "model_version": model_version,
                "disclaimer_code": disclaimer_code,
                "prediction_id": prediction_id,
            }
        )
        if disclaimer is not UNSET:
            field_dict["disclaimer"] = disclaimer
        if experiment_group is not UNSET:
            field_dict["experiment_group"] = experiment_group

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assumption import Assumption  # noqa: PLC0415
        from ..models.cycle_status import CycleStatus  # noqa: PLC0415
        from ..models.fertile_window import FertileWindow  # noqa: PLC0415
        from ..models.flag_out import FlagOut  # noqa: PLC0415
        from ..models.prediction_interval import PredictionInterval  # noqa: PLC0415
        from ..models.upcoming_cycle import UpcomingCycle  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_predicted_start_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                predicted_start_date_type_0 = datetime.date.fromisoformat(data)

                return predicted_start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        predicted_start_date = _parse_predicted_start_date(d.pop("predicted_start_date"))

        def _parse_prediction_interval(data: object) -> None | PredictionInterval:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                prediction_interval_type_0 = PredictionInterval.from_dict(data)

                return prediction_interval_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PredictionInterval, data)

        prediction_interval = _parse_prediction_interval(d.pop("prediction_interval"))

        def _parse_predicted_cycle_length(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        predicted_cycle_length = _parse_predicted_cycle_length(d.pop("predicted_cycle_length"))

        def _parse_ovulation_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ovulation_date_type_0 = datetime.date.fromisoformat(data)

                return ovulation_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ovulation_date = _parse_ovulation_date(d.pop("ovulation_date"))

        def _parse_fertile_window(data: object) -> FertileWindow | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fertile_window_type_0 = FertileWindow.from_dict(data)

                return fertile_window_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FertileWindow | None, data)

        fertile_window = _parse_fertile_window(d.pop("fertile_window"))

        upcoming = []
        _upcoming = d.pop("upcoming")
        for upcoming_item_data in _upcoming:
            upcoming_item = UpcomingCycle.from_dict(upcoming_item_data)

            upcoming.append(upcoming_item)

        regularity = d.pop("regularity")

        confidence = d.pop("confidence")

        cycles_used = d.pop("cycles_used")

        status = CycleStatus.from_dict(d.pop("status"))

        flags = []
        _flags = d.pop("flags")
        for flags_item_data in _flags:
            flags_item = FlagOut.from_dict(flags_item_data)

            flags.append(flags_item)

        assumptions = []
        _assumptions = d.pop("assumptions")
        for assumptions_item_data in _assumptions:
            assumptions_item = Assumption.from_dict(assumptions_item_data)

            assumptions.append(assumptions_item)

        model_version = d.pop("model_version")

        disclaimer_code = d.pop("disclaimer_code")

        prediction_id = d.pop("prediction_id")

        disclaimer = d.pop("disclaimer", UNSET)

        def _parse_experiment_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        experiment_group = _parse_experiment_group(d.pop("experiment_group", UNSET))

        cycle_response = cls(
            predicted_start_date=predicted_start_date,
            prediction_interval=prediction_interval,
            predicted_cycle_length=predicted_cycle_length,
            ovulation_date=ovulation_date,
            fertile_window=fertile_window,
            upcoming=upcoming,
            regularity=regularity,
            confidence=confidence,
            cycles_used=cycles_used,
            status=status,
            flags=flags,
            assumptions=assumptions,
            model_version=model_version,
            disclaimer_code=disclaimer_code,
            prediction_id=prediction_id,
            disclaimer=disclaimer,
            experiment_group=experiment_group,
        )

        cycle_response.additional_properties = d
        return cycle_response

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
