from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pcos_features import PcosFeatures


T = TypeVar("T", bound="PcosRequest")


@_attrs_define
class PcosRequest:
    """Body of POST /api/v1/predict/pcos.

    Attributes:
        features (PcosFeatures): Self-report answers (six required symptoms) and optional labs and ultrasound.
        user_id (None | str | Unset):
    """

    features: PcosFeatures
    user_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        features = self.features.to_dict()

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "features": features,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pcos_features import PcosFeatures  # noqa: PLC0415

        d = dict(src_dict)
        features = PcosFeatures.from_dict(d.pop("features"))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        pcos_request = cls(
            features=features,
            user_id=user_id,
        )

        return pcos_request
