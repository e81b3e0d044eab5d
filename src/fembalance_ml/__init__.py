"""FEMbalance ML API: PCOS risk, cycle prediction and symptom analysis served over HTTP."""

# The one version of the package, the HTTP API (OpenAPI `info.version`), the images and
# CHANGELOG.md; tests/test_version.py checks that they agree.
__version__ = "1.8.1"
