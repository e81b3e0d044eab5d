from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assumption import Assumption
    from ..models.screened_cycle import ScreenedCycle
    from ..models.text_part import TextPart


T = TypeVar("T", bound="PmddScreen")


@_attrs_define
class PmddScreen:
    """The C-PASS premenstrual screen over the logged DRSP items.

    Attributes:
        result (str):
        cycles_evaluated (int):
        cycles (list[ScreenedCycle]):
        symptoms_meeting_criteria (list[str]): DRSP items meeting the PMDD item criterion in at least one evaluated
            cycle
        method (str | Unset):  Default: 'C-PASS'.
        message (None | str | Unset):
        notes (list[Assumption] | Unset): what the person's context changes in reading the screen (pregnancy, hormonal
            contraception), each a stable `code` with its `params`; also said in `message`
        message_codes (list[TextPart] | Unset): the sentences of `message`, in order, each a code with its params: the
            result's (`pmdd_screen.<result>`, `pmdd_screen.insufficient_cycles`, `pmdd_screen.core_items_missing`) then each
            note's (the codes of `notes`)
    """

    result: str
    cycles_evaluated: int
    cycles: list[ScreenedCycle]
    symptoms_meeting_criteria: list[str]
    method: str | Unset = "C-PASS"
    message: None | str | Unset = UNSET
    notes: list[Assumption] | Unset = UNSET
    message_codes: list[TextPart] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result = self.result

        cycles_evaluated = self.cycles_evaluated

        cycles = []
        for cycles_item_data in self.cycles:
            cycles_item = cycles_item_data.to_dict()
            cycles.append(cycles_item)

        symptoms_meeting_criteria = self.symptoms_meeting_criteria

        method = self.method

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        notes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.notes, Unset):
            notes = []
            for notes_item_data in self.notes:
                notes_item = notes_item_data.to_dict()
                notes.append(notes_item)

        message_codes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.message_codes, Unset):
            message_codes = []
            for message_codes_item_data in self.message_codes:
                message_codes_item = message_codes_item_data.to_dict()
                message_codes.append(message_codes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "result": result,
                "cycles_evaluated": cycles_evaluated,
                "cycles": cycles,
                "symptoms_meeting_criteria": symptoms_meeting_criteria,
            }
        )
        if method is not UNSET:
            field_dict["method"] = method
        if message is not UNSET:
            field_dict["message"] = message
        if notes is not UNSET:
            field_dict["notes"] = notes
        if message_codes is not UNSET:
            field_dict["message_codes"] = message_codes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assumption import Assumption  # noqa: PLC0415
        from ..models.screened_cycle import ScreenedCycle  # noqa: PLC0415
        from ..models.text_part import TextPart  # noqa: PLC0415

        d = dict(src_dict)
        result = d.pop("result")

        cycles_evaluated = d.pop("cycles_evaluated")

        cycles = []
        _cycles = d.pop("cycles")
        for cycles_item_data in _cycles:
            cycles_item = ScreenedCycle.from_dict(cycles_item_data)

            cycles.append(cycles_item)

        symptoms_meeting_criteria = cast(list[str], d.pop("symptoms_meeting_criteria"))

        method = d.pop("method", UNSET)

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        _notes = d.pop("notes", UNSET)
        notes: list[Assumption] | Unset = UNSET
        if _notes is not UNSET:
            notes = []
            for notes_item_data in _notes:
                notes_item = Assumption.from_dict(notes_item_data)

                notes.append(notes_item)

        _message_codes = d.pop("message_codes", UNSET)
        message_codes: list[TextPart] | Unset = UNSET
        if _message_codes is not UNSET:
            message_codes = []
            for message_codes_item_data in _message_codes:
                message_codes_item = TextPart.from_dict(message_codes_item_data)

                message_codes.append(message_codes_item)

        pmdd_screen = cls(
            result=result,
            cycles_evaluated=cycles_evaluated,
            cycles=cycles,
            symptoms_meeting_criteria=symptoms_meeting_criteria,
            method=method,
            message=message,
            notes=notes,
            message_codes=message_codes,
        )

        pmdd_screen.additional_properties = d
        return pmdd_screen

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
