"""Gunicorn settings from a checkout:
`gunicorn -c gunicorn.conf.py 'fembalance_ml.main:build_app()'` (the app factory, called in
each worker).

The settings live in the package (fembalance_ml/gunicorn_conf.py) so an installed package
serves without this file (`fembalance-ml serve`); this file re-exports them for the
deployment recipes that name it.
"""

from fembalance_ml.gunicorn_conf import *  # noqa: F403
