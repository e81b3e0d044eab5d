from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LedgerReadiness")


@_attrs_define
class LedgerReadiness:
    """Whether this worker's prediction ledger is writing, and why not (a code).

    Informational: predictions are served either way, so it never makes the worker unready.

        Attributes:
            enabled (bool):
            writing (bool):
            reason (None | str):
            queued (int):
    """

    enabled: bool
    writing: bool
    reason: None | str
    queued: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        writing = self.writing

        reason: None | str
        reason = self.reason

        queued = self.queued

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enabled": enabled,
                "writing": writing,
                "reason": reason,
                "queued": queued,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled")

        writing = d.pop("writing")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        queued = d.pop("queued")

        ledger_readiness = cls(
            enabled=enabled,
            writing=writing,
            reason=reason,
            queued=queued,
        )

        ledger_readiness.additional_properties = d
        return ledger_readiness

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
