from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.cycle_batch_item import CycleBatchItem
    from ..models.pcos_batch_item import PcosBatchItem
    from ..models.symptoms_batch_item import SymptomsBatchItem


T = TypeVar("T", bound="BatchRequest")


@_attrs_define
class BatchRequest:
    """`{"requests": [...]}`, at most BATCH_MAX_ITEMS items.

    Attributes:
        requests (list[CycleBatchItem | PcosBatchItem | SymptomsBatchItem]):
    """

    requests: list[CycleBatchItem | PcosBatchItem | SymptomsBatchItem]

    def to_dict(self) -> dict[str, Any]:
        from ..models.cycle_batch_item import CycleBatchItem  # noqa: PLC0415
        from ..models.pcos_batch_item import PcosBatchItem  # noqa: PLC0415

        requests = []
        for requests_item_data in self.requests:
            requests_item: dict[str, Any]
            if isinstance(requests_item_data, PcosBatchItem):
                requests_item = requests_item_data.to_dict()
            elif isinstance(requests_item_data, CycleBatchItem):
                requests_item = requests_item_data.to_dict()
            else:
                requests_item = requests_item_data.to_dict()

            requests.append(requests_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "requests": requests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cycle_batch_item import CycleBatchItem  # noqa: PLC0415
        from ..models.pcos_batch_item import PcosBatchItem  # noqa: PLC0415
        from ..models.symptoms_batch_item import SymptomsBatchItem  # noqa: PLC0415

        d = dict(src_dict)
        requests = []
        _requests = d.pop("requests")
        for requests_item_data in _requests:

            def _parse_requests_item(data: object) -> CycleBatchItem | PcosBatchItem | SymptomsBatchItem:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    requests_item_type_0 = PcosBatchItem.from_dict(data)

                    return requests_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    requests_item_type_1 = CycleBatchItem.from_dict(data)

                    return requests_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                requests_item_type_2 = SymptomsBatchItem.from_dict(data)

                return requests_item_type_2

            requests_item = _parse_requests_item(requests_item_data)

            requests.append(requests_item)

        batch_request = cls(
            requests=requests,
        )

        return batch_request
