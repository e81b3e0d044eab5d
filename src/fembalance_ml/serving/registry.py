"""The models one app serves: a plain, immutable object built from the specs it is given.

The composition root (fembalance_ml/main.py) names the served models; `create_app`
builds a `ModelRegistry` of them and hands it to everything that needs the list of
models (see serving/spec.py for what a spec declares): the routes, batch, cache, rate
limits, drift watch, metrics and the ledger; settings check their model names and aliases
against it. Nothing here is global: two apps built with different specs share no model.
A test that needs another model, or a model that fails, builds its app with another list
(`dataclasses.replace(spec, predict=...)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from fembalance_ml.serving.spec import AnySpec, DriftInputs, ItemCost


class ModelRegistry:
    """Served models in the order given (the contract's: routes, batch schemas, metrics),
    indexed by name, by route alias and by every key settings accept.

    Satisfies config.ModelCatalogue, so settings can check the models they name.
    """

    def __init__(self, specs: Iterable[AnySpec]) -> None:
        """ValueError when two specs share a name or an alias (the message names them)."""
        ordered = tuple(specs)
        by_key: dict[str, AnySpec] = {}
        for spec in ordered:
            clashing = sorted(key for key in spec.names if key in by_key)
            if clashing:
                raise ValueError(f"model names already registered: {clashing}")
            by_key.update(dict.fromkeys(spec.names, spec))
        self._specs = ordered
        self._by_key = by_key
        # Plain dicts (read on every request and batch item), typed read-only: an app's
        # models never change once it is built.
        self.by_name: Mapping[str, AnySpec] = {s.name: s for s in ordered}
        self.by_route: Mapping[str, AnySpec] = {s.route: s for s in ordered}
        # Each watched model's drift inputs by name; a model without them is not watched.
        self.drift_inputs: Mapping[str, DriftInputs] = {
            s.name: s.drift_inputs for s in ordered if s.drift_inputs is not None
        }
        # Each model's batch item cost by batch `model_name` (api/batch_cost.py).
        self.costs: Mapping[str, ItemCost] = {s.route: s.cost for s in ordered}

    def specs(self) -> tuple[AnySpec, ...]:
        """Every served model, in the order given."""
        return self._specs

    def names(self) -> list[str]:
        """Every model's name (its models-tree folder)."""
        return [spec.name for spec in self._specs]

    def routes(self) -> list[str]:
        """Every model's route alias (URL segment, batch `model_name`)."""
        return [spec.route for spec in self._specs]

    def find(self, key: str) -> AnySpec | None:
        """The model a name or route alias stands for (any case, spaces ignored), or None."""
        return self._by_key.get(key.strip().lower())

    def canonical(self, key: str) -> str | None:
        """The model name for a name or alias, or None when no model has it."""
        spec = self.find(key)
        return spec.name if spec is not None else None

    def __iter__(self) -> Iterator[AnySpec]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __repr__(self) -> str:
        return f"ModelRegistry({self.names()!r})"
