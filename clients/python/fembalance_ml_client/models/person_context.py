from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.person_context_breastfeeding_type_0 import PersonContextBreastfeedingType0
from ..models.person_context_contraception_type_0 import PersonContextContraceptionType0
from ..models.person_context_hrt_type_0 import PersonContextHrtType0
from ..models.person_context_menopause_type_0 import PersonContextMenopauseType0
from ..models.person_context_pregnancy_type_0 import PersonContextPregnancyType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="PersonContext")


@_attrs_define
class PersonContext:
    """What the person has told the app about her situation; every field is optional.

    Attributes:
        pregnancy (None | PersonContextPregnancyType0 | Unset): `pregnant`, `possibly_pregnant` (e.g. unprotected sex
            since the last period) or `not_pregnant`; when absent, answers say they could not rule it out
        pregnancy_start_date (datetime.date | None | Unset): with `pregnant`: the first day of the last period before
            the pregnancy (how pregnancies are dated)
        delivery_date (datetime.date | None | Unset): the day of the most recent birth (postpartum)
        breastfeeding (None | PersonContextBreastfeedingType0 | Unset): `fully` (no other milk or food), `partially` or
            `no`
        contraception (None | PersonContextContraceptionType0 | Unset): the current method: `combined_hormonal` (pill,
            patch or ring), `progestogen_only_pill`, `implant`, `injection`, `hormonal_ius`, `copper_iud`, `none`
        contraception_start_date (datetime.date | None | Unset): the day the current method was started
        emergency_contraception_date (datetime.date | None | Unset): the day emergency contraception was last taken, if
            in this cycle
        hrt (None | PersonContextHrtType0 | Unset): hormone replacement therapy: `sequential` (a monthly bleed is
            expected), `continuous` (continuous combined or oestrogen only) or `none`
        menopause (None | PersonContextMenopauseType0 | Unset): `natural` (12 months without a period), `surgical` (both
            ovaries removed), `perimenopause`, or `no`
        menopause_date (datetime.date | None | Unset): with `natural`: the first day of the last natural period; with
            `surgical`: the day of the operation
        age_at_menarche (float | None | Unset): age in years at the first period
        never_menstruated (bool | None | Unset): true when the person has never had a period
    """

    pregnancy: None | PersonContextPregnancyType0 | Unset = UNSET
    pregnancy_start_date: datetime.date | None | Unset = UNSET
    delivery_date: datetime.date | None | Unset = UNSET
    breastfeeding: None | PersonContextBreastfeedingType0 | Unset = UNSET
    contraception: None | PersonContextContraceptionType0 | Unset = UNSET
    contraception_start_date: datetime.date | None | Unset = UNSET
    emergency_contraception_date: datetime.date | None | Unset = UNSET
    hrt: None | PersonContextHrtType0 | Unset = UNSET
    menopause: None | PersonContextMenopauseType0 | Unset = UNSET
    menopause_date: datetime.date | None | Unset = UNSET
    age_at_menarche: float | None | Unset = UNSET
    never_menstruated: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        pregnancy: None | str | Unset
        if isinstance(self.pregnancy, Unset):
            pregnancy = UNSET
        elif isinstance(self.pregnancy, PersonContextPregnancyType0):
            pregnancy = self.pregnancy.value
        else:
            pregnancy = self.pregnancy

        pregnancy_start_date: None | str | Unset
        if isinstance(self.pregnancy_start_date, Unset):
            pregnancy_start_date = UNSET
        elif isinstance(self.pregnancy_start_date, datetime.date):
            pregnancy_start_date = self.pregnancy_start_date.isoformat()
        else:
            pregnancy_start_date = self.pregnancy_start_date

        delivery_date: None | str | Unset
        if isinstance(self.delivery_date, Unset):
            delivery_date = UNSET
        elif isinstance(self.delivery_date, datetime.date):
            delivery_date = self.delivery_date.isoformat()
        else:
            delivery_date = self.delivery_date

        breastfeeding: None | str | Unset
        if isinstance(self.breastfeeding, Unset):
            breastfeeding = UNSET
        elif isinstance(self.breastfeeding, PersonContextBreastfeedingType0):
            breastfeeding = self.breastfeeding.value
        else:
            breastfeeding = self.breastfeeding

        contraception: None | str | Unset
        if isinstance(self.contraception, Unset):
            contraception = UNSET
        elif isinstance(self.contraception, PersonContextContraceptionType0):
            contraception = self.contraception.value
        else:
            contraception = self.contraception

        contraception_start_date: None | str | Unset
        if isinstance(self.contraception_start_date, Unset):
            contraception_start_date = UNSET
        elif isinstance(self.contraception_start_date, datetime.date):
            contraception_start_date = self.contraception_start_date.isoformat()
        else:
            contraception_start_date = self.contraception_start_date

        emergency_contraception_date: None | str | Unset
        if isinstance(self.emergency_contraception_date, Unset):
            emergency_contraception_date = UNSET
        elif isinstance(self.emergency_contraception_date, datetime.date):
            emergency_contraception_date = self.emergency_contraception_date.isoformat()
        else:
            emergency_contraception_date = self.emergency_contraception_date

        hrt: None | str | Unset
        if isinstance(self.hrt, Unset):
            hrt = UNSET
        elif isinstance(self.hrt, PersonContextHrtType0):
            hrt = self.hrt.value
        else:
            hrt = self.hrt

        menopause: None | str | Unset
        if isinstance(self.menopause, Unset):
            menopause = UNSET
        elif isinstance(self.menopause, PersonContextMenopauseType0):
            menopause = self.menopause.value
        else:
            menopause = self.menopause

        menopause_date: None | str | Unset
        if isinstance(self.menopause_date, Unset):
            menopause_date = UNSET
        elif isinstance(self.menopause_date, datetime.date):
            menopause_date = self.menopause_date.isoformat()
        else:
            menopause_date = self.menopause_date

        age_at_menarche: float | None | Unset
        if isinstance(self.age_at_menarche, Unset):
            age_at_menarche = UNSET
        else:
            age_at_menarche = self.age_at_menarche

        never_menstruated: bool | None | Unset
        if isinstance(self.never_menstruated, Unset):
            never_menstruated = UNSET
        else:
            never_menstruated = self.never_menstruated

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if pregnancy is not UNSET:
            field_dict["pregnancy"] = pregnancy
        if pregnancy_start_date is not UNSET:
            field_dict["pregnancy_start_date"] = pregnancy_start_date
        if delivery_date is not UNSET:
            field_dict["delivery_date"] = delivery_date
        if breastfeeding is not UNSET:
            field_dict["breastfeeding"] = breastfeeding
        if contraception is not UNSET:
            field_dict["contraception"] = contraception
        if contraception_start_date is not UNSET:
            field_dict["contraception_start_date"] = contraception_start_date
        if emergency_contraception_date is not UNSET:
            field_dict["emergency_contraception_date"] = emergency_contraception_date
        if hrt is not UNSET:
            field_dict["hrt"] = hrt
        if menopause is not UNSET:
            field_dict["menopause"] = menopause
        if menopause_date is not UNSET:
            field_dict["menopause_date"] = menopause_date
        if age_at_menarche is not UNSET:
            field_dict["age_at_menarche"] = age_at_menarche
        if never_menstruated is not UNSET:
            field_dict["never_menstruated"] = never_menstruated

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_pregnancy(data: object) -> None | PersonContextPregnancyType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pregnancy_type_0 = PersonContextPregnancyType0(data)

                return pregnancy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonContextPregnancyType0 | Unset, data)

        pregnancy = _parse_pregnancy(d.pop("pregnancy", UNSET))

        def _parse_pregnancy_start_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pregnancy_start_date_type_0 = datetime.date.fromisoformat(data)

                return pregnancy_start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        pregnancy_start_date = _parse_pregnancy_start_date(d.pop("pregnancy_start_date", UNSET))

        def _parse_delivery_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivery_date_type_0 = datetime.date.fromisoformat(data)

                return delivery_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        delivery_date = _parse_delivery_date(d.pop("delivery_date", UNSET))

        def _parse_breastfeeding(data: object) -> None | PersonContextBreastfeedingType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                breastfeeding_type_0 = PersonContextBreastfeedingType0(data)

                return breastfeeding_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonContextBreastfeedingType0 | Unset, data)

        breastfeeding = _parse_breastfeeding(d.pop("breastfeeding", UNSET))

        def _parse_contraception(data: object) -> None | PersonContextContraceptionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                contraception_type_0 = PersonContextContraceptionType0(data)

                return contraception_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonContextContraceptionType0 | Unset, data)

        contraception = _parse_contraception(d.pop("contraception", UNSET))

        def _parse_contraception_start_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                contraception_start_date_type_0 = datetime.date.fromisoformat(data)

                return contraception_start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        contraception_start_date = _parse_contraception_start_date(d.pop("contraception_start_date", UNSET))

        def _parse_emergency_contraception_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                emergency_contraception_date_type_0 = datetime.date.fromisoformat(data)

                return emergency_contraception_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        emergency_contraception_date = _parse_emergency_contraception_date(d.pop("emergency_contraception_date", UNSET))

        def _parse_hrt(data: object) -> None | PersonContextHrtType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                hrt_type_0 = PersonContextHrtType0(data)

                return hrt_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonContextHrtType0 | Unset, data)

        hrt = _parse_hrt(d.pop("hrt", UNSET))

        def _parse_menopause(data: object) -> None | PersonContextMenopauseType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                menopause_type_0 = PersonContextMenopauseType0(data)

                return menopause_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonContextMenopauseType0 | Unset, data)

        menopause = _parse_menopause(d.pop("menopause", UNSET))

        def _parse_menopause_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                menopause_date_type_0 = datetime.date.fromisoformat(data)

                return menopause_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        menopause_date = _parse_menopause_date(d.pop("menopause_date", UNSET))

        def _parse_age_at_menarche(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        age_at_menarche = _parse_age_at_menarche(d.pop("age_at_menarche", UNSET))

        def _parse_never_menstruated(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        never_menstruated = _parse_never_menstruated(d.pop("never_menstruated", UNSET))

        person_context = cls(
            pregnancy=pregnancy,
            pregnancy_start_date=pregnancy_start_date,
            delivery_date=delivery_date,
            breastfeeding=breastfeeding,
            contraception=contraception,
            contraception_start_date=contraception_start_date,
            emergency_contraception_date=emergency_contraception_date,
            hrt=hrt,
            menopause=menopause,
            menopause_date=menopause_date,
            age_at_menarche=age_at_menarche,
            never_menstruated=never_menstruated,
        )

        return person_context
