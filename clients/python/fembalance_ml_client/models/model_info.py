from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.model_info_backends import ModelInfoBackends
    from ..models.model_info_experiment_type_0 import ModelInfoExperimentType0
    from ..models.model_info_metadata_type_0 import ModelInfoMetadataType0
    from ..models.model_info_versions_metadata import ModelInfoVersionsMetadata


T = TypeVar("T", bound="ModelInfo")


@_attrs_define
class ModelInfo:
    """One configured model: what is asked, what serves, and each loaded version's
    metadata.json (free objects: a model's metadata is its trainer's).

        Attributes:
            name (str):
            requested_version (str):
            ready (bool):
            version (None | str):
            reason (None | str):
            load_seconds (float | None):
            available_versions (list[str]):
            loaded_versions (list[str]):
            experiment (ModelInfoExperimentType0 | None): the model's A/B test, if any
            backends (ModelInfoBackends): inference backend per version
            metadata (ModelInfoMetadataType0 | None): the serving version's metadata.json
            versions_metadata (ModelInfoVersionsMetadata):
    """

    name: str
    requested_version: str
    ready: bool
    version: None | str
    reason: None | str
    load_seconds: float | None
    available_versions: list[str]
    loaded_versions: list[str]
    experiment: ModelInfoExperimentType0 | None
    backends: ModelInfoBackends
    metadata: ModelInfoMetadataType0 | None
    versions_metadata: ModelInfoVersionsMetadata
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.model_info_experiment_type_0 import ModelInfoExperimentType0  # noqa: PLC0415
        from ..models.model_info_metadata_type_0 import ModelInfoMetadataType0  # noqa: PLC0415

        name = self.name

        requested_version = self.requested_version

        ready = self.ready

        version: None | str
        version = self.version

        reason: None | str
        reason = self.reason

        load_seconds: float | None
        load_seconds = self.load_seconds

        available_versions = self.available_versions

        loaded_versions = self.loaded_versions

        experiment: dict[str, Any] | None
        if isinstance(self.experiment, ModelInfoExperimentType0):
            experiment = self.experiment.to_dict()
        else:
            experiment = self.experiment

        backends = self.backends.to_dict()

        metadata: dict[str, Any] | None
        if isinstance(self.metadata, ModelInfoMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        versions_metadata = self.versions_metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "requested_version": requested_version,
                "ready": ready,
                "version": version,
                "reason": reason,
                "load_seconds": load_seconds,
                "available_versions": available_versions,
                "loaded_versions": loaded_versions,
                "experiment": experiment,
                "backends": backends,
                "metadata": metadata,
                "versions_metadata": versions_metadata,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_info_backends import ModelInfoBackends  # noqa: PLC0415
        from ..models.model_info_experiment_type_0 import ModelInfoExperimentType0  # noqa: PLC0415
        from ..models.model_info_metadata_type_0 import ModelInfoMetadataType0  # noqa: PLC0415
        from ..models.model_info_versions_metadata import ModelInfoVersionsMetadata  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        requested_version = d.pop("requested_version")

        ready = d.pop("ready")

        def _parse_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        version = _parse_version(d.pop("version"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_load_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        load_seconds = _parse_load_seconds(d.pop("load_seconds"))

        available_versions = cast(list[str], d.pop("available_versions"))

        loaded_versions = cast(list[str], d.pop("loaded_versions"))

        def _parse_experiment(data: object) -> ModelInfoExperimentType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                experiment_type_0 = ModelInfoExperimentType0.from_dict(data)

                return experiment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelInfoExperimentType0 | None, data)

        experiment = _parse_experiment(d.pop("experiment"))

        backends = ModelInfoBackends.from_dict(d.pop("backends"))

        def _parse_metadata(data: object) -> ModelInfoMetadataType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = ModelInfoMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelInfoMetadataType0 | None, data)

        metadata = _parse_metadata(d.pop("metadata"))

        versions_metadata = ModelInfoVersionsMetadata.from_dict(d.pop("versions_metadata"))

        model_info = cls(
            name=name,
            requested_version=requested_version,
            ready=ready,
            version=version,
            reason=reason,
            load_seconds=load_seconds,
            available_versions=available_versions,
            loaded_versions=loaded_versions,
            experiment=experiment,
            backends=backends,
            metadata=metadata,
            versions_metadata=versions_metadata,
        )

        model_info.additional_properties = d
        return model_info

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
