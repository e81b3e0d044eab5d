"""One-off experiments and measurements (research/README.md).

Not part of the service or the build.
"""
