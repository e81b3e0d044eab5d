from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReportMethod")


@_attrs_define
class ReportMethod:
    """How the intervals were computed, and how long an answer is reused.

    Attributes:
        interval (str):
        bootstrap_samples (int):
        min_outcomes_per_arm (int):
        bootstrap_outcomes_cap (int):
        above_cap (str):
        cache_seconds (float):
    """

    interval: str
    bootstrap_samples: int
    min_outcomes_per_arm: int
    bootstrap_outcomes_cap: int
    above_cap: str
    cache_seconds: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        interval = self.interval

        bootstrap_samples = self.bootstrap_samples

        min_outcomes_per_arm = self.min_outcomes_per_arm

        bootstrap_outcomes_cap = self.bootstrap_outcomes_cap

        above_cap = self.above_cap

        cache_seconds = self.cache_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "interval": interval,
                "bootstrap_samples": bootstrap_samples,
                "min_outcomes_per_arm": min_outcomes_per_arm,
                "bootstrap_outcomes_cap": bootstrap_outcomes_cap,
                "above_cap": above_cap,
                "cache_seconds": cache_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        interval = d.pop("interval")

        bootstrap_samples = d.pop("bootstrap_samples")

        min_outcomes_per_arm = d.pop("min_outcomes_per_arm")

        bootstrap_outcomes_cap = d.pop("bootstrap_outcomes_cap")

        above_cap = d.pop("above_cap")

        cache_seconds = d.pop("cache_seconds")

        report_method = cls(
            interval=interval,
            bootstrap_samples=bootstrap_samples,
            min_outcomes_per_arm=min_outcomes_per_arm,
            bootstrap_outcomes_cap=bootstrap_outcomes_cap,
            above_cap=above_cap,
            cache_seconds=cache_seconds,
        )

        report_method.additional_properties = d
        return report_method

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
