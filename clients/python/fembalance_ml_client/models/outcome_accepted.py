from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OutcomeAccepted")


@_attrs_define
class OutcomeAccepted:
    """The outcome was stored and scored against this model version.

    Attributes:
        prediction_id (str):
        model (str):
        version (str):
        experiment_group (None | str):
    """

    prediction_id: str
    model: str
    version: str
    experiment_group: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prediction_id = self.prediction_id

        model = self.model

        version = self.version

        experiment_group: None | str
        experiment_group = self.experiment_group

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prediction_id": prediction_id,
                "model": model,
                "version": version,
                "experiment_group": experiment_group,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prediction_id = d.pop("prediction_id")

        model = d.pop("model")

        version = d.pop("version")

        def _parse_experiment_group(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        experiment_group = _parse_experiment_group(d.pop("experiment_group"))

        outcome_accepted = cls(
            prediction_id=prediction_id,
            model=model,
            version=version,
            experiment_group=experiment_group,
        )

        outcome_accepted.additional_properties = d
        return outcome_accepted

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
