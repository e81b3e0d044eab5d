from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SymptomPattern")


@_attrs_define
class SymptomPattern:
    """How one symptom varies across the cycle.

    Attributes:
        symptom (str):
        n_logs (int):
        premenstrual_mean (float | None):
        postmenstrual_mean (float | None):
        peak_phase (None | str):
        cyclical (bool):
    """

    symptom: str
    n_logs: int
    premenstrual_mean: float | None
    postmenstrual_mean: float | None
    peak_phase: None | str
    cyclical: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symptom = self.symptom

        n_logs = self.n_logs

        premenstrual_mean: float | None
        premenstrual_mean = self.premenstrual_mean

        postmenstrual_mean: float | None
        postmenstrual_mean = self.postmenstrual_mean

        peak_phase: None | str
        peak_phase = self.peak_phase

        cyclical = self.cyclical

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symptom": symptom,
                "n_logs": n_logs,
                "premenstrual_mean": premenstrual_mean,
                "postmenstrual_mean": postmenstrual_mean,
                "peak_phase": peak_phase,
                "cyclical": cyclical,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symptom = d.pop("symptom")

        n_logs = d.pop("n_logs")

        def _parse_premenstrual_mean(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        premenstrual_mean = _parse_premenstrual_mean(d.pop("premenstrual_mean"))

        def _parse_postmenstrual_mean(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        postmenstrual_mean = _parse_postmenstrual_mean(d.pop("postmenstrual_mean"))

        def _parse_peak_phase(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        peak_phase = _parse_peak_phase(d.pop("peak_phase"))

        cyclical = d.pop("cyclical")

        symptom_pattern = cls(
            symptom=symptom,
            n_logs=n_logs,
            premenstrual_mean=premenstrual_mean,
            postmenstrual_mean=postmenstrual_mean,
            peak_phase=peak_phase,
            cyclical=cyclical,
        )

        symptom_pattern.additional_properties = d
        return symptom_pattern

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
