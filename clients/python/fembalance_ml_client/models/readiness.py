from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ledger_readiness import LedgerReadiness
    from ..models.readiness_models import ReadinessModels


T = TypeVar("T", bound="Readiness")


@_attrs_define
class Readiness:
    """Every configured model, by its models-tree name, and the ledger.

    Attributes:
        status (str):
        models (ReadinessModels):
        ledger (LedgerReadiness): Whether this worker's prediction ledger is writing, and why not (a code).

            Informational: predictions are served either way, so it never makes the worker unready.
    """

    status: str
    models: ReadinessModels
    ledger: LedgerReadiness
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        models = self.models.to_dict()

        ledger = self.ledger.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "models": models,
                "ledger": ledger,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ledger_readiness import LedgerReadiness  # noqa: PLC0415
        from ..models.readiness_models import ReadinessModels  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status")

        models = ReadinessModels.from_dict(d.pop("models"))

        ledger = LedgerReadiness.from_dict(d.pop("ledger"))

        readiness = cls(
            status=status,
            models=models,
            ledger=ledger,
        )

        readiness.additional_properties = d
        return readiness

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
