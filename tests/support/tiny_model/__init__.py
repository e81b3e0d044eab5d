"""A tiny fourth model, packaged as a domain package is: schemas, a model, a service, a spec.

It exists to show that one registration (`serving.registry.register(SPEC)`) is all a new
model needs: its route, batch `model_name`, settings key, metrics and cache follow.
"""
