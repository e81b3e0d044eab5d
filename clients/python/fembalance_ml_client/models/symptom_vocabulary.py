from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.severity_scale import SeverityScale
    from ..models.symptom_term import SymptomTerm


T = TypeVar("T", bound="SymptomVocabulary")


@_attrs_define
class SymptomVocabulary:
    """Answer of GET /api/v1/symptoms.

    Attributes:
        symptoms (list[SymptomTerm]):
        severity_scale (SeverityScale): The 1-6 DRSP severity scale every log's `severity` is on.
    """

    symptoms: list[SymptomTerm]
    severity_scale: SeverityScale
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symptoms = []
        for symptoms_item_data in self.symptoms:
            symptoms_item = symptoms_item_data.to_dict()
            symptoms.append(symptoms_item)

        severity_scale = self.severity_scale.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symptoms": symptoms,
                "severity_scale": severity_scale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.severity_scale import SeverityScale  # noqa: PLC0415
        from ..models.symptom_term import SymptomTerm  # noqa: PLC0415

        d = dict(src_dict)
        symptoms = []
        _symptoms = d.pop("symptoms")
        for symptoms_item_data in _symptoms:
            symptoms_item = SymptomTerm.from_dict(symptoms_item_data)

            symptoms.append(symptoms_item)

        severity_scale = SeverityScale.from_dict(d.pop("severity_scale"))

        symptom_vocabulary = cls(
            symptoms=symptoms,
            severity_scale=severity_scale,
        )

        symptom_vocabulary.additional_properties = d
        return symptom_vocabulary

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
