"""The served models: one line per model. A new model is its package's spec plus one line.

Everything that needs the list of models reads it here (see serving/spec.py for what a
spec declares): the app builds its routes, batch, cache, rate limits, drift watch and
metrics from it when it is created, and settings accept its names and aliases.

`register` adds a model at run time (a plugin, a test); it must happen before the settings
are read and the app is created, like a line here. Change the list only through
`register`, `unregister` and the `BY_*` mappings: lookups are indexed, and these keep the
indexes current.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import Any

from fembalance_ml.cycle.spec import SPEC as CYCLE
from fembalance_ml.pcos.spec import SPEC as PCOS
from fembalance_ml.serving.spec import AnySpec, DriftInputs
from fembalance_ml.symptoms.spec import SPEC as SYMPTOMS

# In the order of the contract: routes, batch schemas and metrics list them this way.
MODELS: list[AnySpec] = [
    PCOS,
    CYCLE,
    SYMPTOMS,
]


# Bumped on every change to MODELS, so the indexes below know when to rebuild.
_generation = 0


def _changed() -> None:
    global _generation
    _generation += 1


def specs() -> tuple[AnySpec, ...]:
    """Every served model, in registration order."""
    return tuple(MODELS)


def names() -> list[str]:
    """Every model's name (its models-tree folder)."""
    return [spec.name for spec in MODELS]


def find(key: str) -> AnySpec | None:
    """The model a name or route alias stands for (any case), or None."""
    wanted = key.strip().lower()
    for spec in MODELS:
        if wanted in spec.names:
            return spec
    return None


def canonical(key: str) -> str | None:
    """The model name for a name or alias, or None when no model has it."""
    spec = find(key)
    return spec.name if spec is not None else None


def register(spec: AnySpec) -> None:
    """Serve one more model; ValueError when a name or alias is taken already."""
    taken = {key for other in MODELS for key in other.names}
    clashing = sorted(set(spec.names) & taken)
    if clashing:
        raise ValueError(f"model names already registered: {clashing}")
    MODELS.append(spec)
    _changed()


def unregister(name: str) -> None:
    """Stop serving the model called `name` (KeyError when none is)."""
    for index, spec in enumerate(MODELS):
        if spec.name == name:
            del MODELS[index]
            _changed()
            return
    raise KeyError(name)


@contextmanager
def registered(spec: AnySpec) -> Iterator[AnySpec]:
    """`register(spec)` for the duration of a `with` block."""
    register(spec)
    try:
        yield spec
    finally:
        unregister(spec.name)


class SpecsBy(MutableMapping[str, AnySpec]):
    """The registry seen as a mapping by route alias or by name, always current.

    Setting an existing key replaces that model's spec in place (tests swap a model's
    predict this way); setting a new one registers it.
    """

    def __init__(self, attribute: str) -> None:
        self._attribute = attribute
        self._index: dict[str, AnySpec] = {}
        self._indexed = -1

    def _key(self, spec: AnySpec) -> str:
        key: str = getattr(spec, self._attribute)
        return key

    def _table(self) -> dict[str, AnySpec]:
        """The index, rebuilt after a change (a dict lookup per request otherwise)."""
        if self._indexed != _generation:
            self._index = {self._key(spec): spec for spec in MODELS}
            self._indexed = _generation
        return self._index

    def snapshot(self) -> dict[str, AnySpec]:
        """The current index as a plain dict, for a loop of lookups (do not modify it)."""
        return self._table()

    def __getitem__(self, key: str) -> AnySpec:
        return self._table()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._table()

    def get(self, key: str, default: Any = None) -> Any:
        return self._table().get(key, default)

    def __setitem__(self, key: str, spec: AnySpec) -> None:
        if self._key(spec) != key:
            raise ValueError(f"spec registered as {self._key(spec)!r}, not {key!r}")
        for index, known in enumerate(MODELS):
            if self._key(known) == key:
                MODELS[index] = spec
                _changed()
                return
        register(spec)

    def __delitem__(self, key: str) -> None:
        unregister(self[key].name)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._table()))

    def __len__(self) -> int:
        return len(self._table())


# The models by their public alias (URL segment, batch `model_name`) and by name.
BY_ROUTE: SpecsBy = SpecsBy("route")
BY_NAME: SpecsBy = SpecsBy("name")


class _DriftInputsByName(Mapping[str, DriftInputs]):
    """Each watched model's drift inputs by name; a model without them is not watched."""

    def __getitem__(self, key: str) -> DriftInputs:
        inputs = BY_NAME[key].drift_inputs
        if inputs is None:
            raise KeyError(key)
        return inputs

    def __iter__(self) -> Iterator[str]:
        return iter([spec.name for spec in MODELS if spec.drift_inputs is not None])

    def __len__(self) -> int:
        return sum(spec.drift_inputs is not None for spec in MODELS)


DRIFT_INPUTS: Mapping[str, DriftInputs] = _DriftInputsByName()
