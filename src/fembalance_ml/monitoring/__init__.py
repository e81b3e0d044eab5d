"""Watching the served models: input drift (PSI against the training distribution).

No database: `drift` is pure numpy (training writes references with it), `drift_monitor`
keeps the serving-side windows and gauges.
"""
