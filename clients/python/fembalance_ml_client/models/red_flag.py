from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.red_flag_params import RedFlagParams
    from ..models.text_part import TextPart


T = TypeVar("T", bound="RedFlag")


@_attrs_define
class RedFlag:
    """A pattern that guidelines say merits a clinician's view.

    Attributes:
        code (str):
        evidence (list[str]):
        guidance (str):
        source (str):
        params (RedFlagParams | Unset): the values the evidence and guidance name (dates, counts, thresholds); for a
            code several rules raise (`urgent_care`, `crisis_support`), `rules` names those that fired and each rule's
            values are under `<rule>.<name>`
        evidence_codes (list[TextPart] | Unset): `evidence` line by line (same order and length), each a code
            (`evidence.<name>`) with the values it names
        guidance_codes (list[TextPart] | Unset): the sentences of `guidance`, in order, each a code with its params
            (`<flag code>[.<rule>][.<variant>]`; a bleeding rule's, from the rules /cycle shares, has the shared rule's
            code)
    """

    code: str
    evidence: list[str]
    guidance: str
    source: str
    params: RedFlagParams | Unset = UNSET
    evidence_codes: list[TextPart] | Unset = UNSET
    guidance_codes: list[TextPart] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        evidence = self.evidence

        guidance = self.guidance

        source = self.source

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        evidence_codes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence_codes, Unset):
            evidence_codes = []
            for evidence_codes_item_data in self.evidence_codes:
                evidence_codes_item = evidence_codes_item_data.to_dict()
                evidence_codes.append(evidence_codes_item)

        guidance_codes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.guidance_codes, Unset):
            guidance_codes = []
            for guidance_codes_item_data in self.guidance_codes:
                guidance_codes_item = guidance_codes_item_data.to_dict()
                guidance_codes.append(guidance_codes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "evidence": evidence,
                "guidance": guidance,
                "source": source,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params
        if evidence_codes is not UNSET:
            field_dict["evidence_codes"] = evidence_codes
        if guidance_codes is not UNSET:
            field_dict["guidance_codes"] = guidance_codes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.red_flag_params import RedFlagParams  # noqa: PLC0415
        from ..models.text_part import TextPart  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        evidence = cast(list[str], d.pop("evidence"))

        guidance = d.pop("guidance")

        source = d.pop("source")

        _params = d.pop("params", UNSET)
        params: RedFlagParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = RedFlagParams.from_dict(_params)

        _evidence_codes = d.pop("evidence_codes", UNSET)
        evidence_codes: list[TextPart] | Unset = UNSET
        if _evidence_codes is not UNSET:
            evidence_codes = []
            for evidence_codes_item_data in _evidence_codes:
                evidence_codes_item = TextPart.from_dict(evidence_codes_item_data)

                evidence_codes.append(evidence_codes_item)

        _guidance_codes = d.pop("guidance_codes", UNSET)
        guidance_codes: list[TextPart] | Unset = UNSET
        if _guidance_codes is not UNSET:
            guidance_codes = []
            for guidance_codes_item_data in _guidance_codes:
                guidance_codes_item = TextPart.from_dict(guidance_codes_item_data)

                guidance_codes.append(guidance_codes_item)

        red_flag = cls(
            code=code,
            evidence=evidence,
            guidance=guidance,
            source=source,
            params=params,
            evidence_codes=evidence_codes,
            guidance_codes=guidance_codes,
        )

        red_flag.additional_properties = d
        return red_flag

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
