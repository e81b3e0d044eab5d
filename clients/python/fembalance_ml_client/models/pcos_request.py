from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pcos_features import PcosFeatures
    from ..models.person_context import PersonContext


T = TypeVar("T", bound="PcosRequest")


@_attrs_define
class PcosRequest:
    """Body of POST /api/v1/predict/pcos.

    Attributes:
        features (PcosFeatures): Self-report answers (six required symptoms) and optional labs and ultrasound.
        user_id (None | str | Unset):
        context (None | PersonContext | Unset): the person's situation (pregnancy, birth, contraception, HRT, menopause,
            menarche); see docs/CLINICAL.md for what each state changes
    """

    features: PcosFeatures
    user_id: None | str | Unset = UNSET
    context: None | PersonContext | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.person_context import PersonContext  # noqa: PLC0415

        features = self.features.to_dict()

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        context: dict[str, Any] | None | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        elif isinstance(self.context, PersonContext):
            context = self.context.to_dict()
        else:
            context = self.context

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "features": features,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pcos_features import PcosFeatures  # noqa: PLC0415
        from ..models.person_context import PersonContext  # noqa: PLC0415

        d = dict(src_dict)
        features = PcosFeatures.from_dict(d.pop("features"))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        def _parse_context(data: object) -> None | PersonContext | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                context_type_0 = PersonContext.from_dict(data)

                return context_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonContext | Unset, data)

        context = _parse_context(d.pop("context", UNSET))

        pcos_request = cls(
            features=features,
            user_id=user_id,
            context=context,
        )

        return pcos_request
