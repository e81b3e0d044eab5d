from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OutcomeRequest")


@_attrs_define
class OutcomeRequest:
    """What happened after one prediction: a period start (cycle) or a diagnosis (PCOS).

    Attributes:
        prediction_id (str):
        observed_start_date (datetime.date | None | Unset): cycle: the day the predicted period actually started
        pcos_diagnosed (bool | None | Unset): PCOS: whether a clinician diagnosed PCOS
    """

    prediction_id: str
    observed_start_date: datetime.date | None | Unset = UNSET
    pcos_diagnosed: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prediction_id = self.prediction_id

        observed_start_date: None | str | Unset
        if isinstance(self.observed_start_date, Unset):
            observed_start_date = UNSET
        elif isinstance(self.observed_start_date, datetime.date):
            observed_start_date = self.observed_start_date.isoformat()
        else:
            observed_start_date = self.observed_start_date

        pcos_diagnosed: bool | None | Unset
        if isinstance(self.pcos_diagnosed, Unset):
            pcos_diagnosed = UNSET
        else:
            pcos_diagnosed = self.pcos_diagnosed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prediction_id": prediction_id,
            }
        )
        if observed_start_date is not UNSET:
            field_dict["observed_start_date"] = observed_start_date
        if pcos_diagnosed is not UNSET:
            field_dict["pcos_diagnosed"] = pcos_diagnosed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prediction_id = d.pop("prediction_id")

        def _parse_observed_start_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                observed_start_date_type_0 = datetime.date.fromisoformat(data)

                return observed_start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        observed_start_date = _parse_observed_start_date(d.pop("observed_start_date", UNSET))

        def _parse_pcos_diagnosed(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        pcos_diagnosed = _parse_pcos_diagnosed(d.pop("pcos_diagnosed", UNSET))

        outcome_request = cls(
            prediction_id=prediction_id,
            observed_start_date=observed_start_date,
            pcos_diagnosed=pcos_diagnosed,
        )

        return outcome_request
