"""A tiny fourth model, packaged as a domain package is: types, a model, a service, a spec.

It exists to show that one more spec in the list an app is built with
(`build_app(settings, [*SERVED_MODELS, SPEC])`) is all a new model needs: its route, batch
`model_name`, settings key, metrics and cache follow, and its ledger headline and outcome
(`outcome.py`): POST /api/v1/outcomes takes its field, scores it and reports its
experiment loss. As in the served models, `model.py` answers with a result only; the spec
declares the response type and disclaimer, and the service adds version, disclaimer, group
and id.
"""
