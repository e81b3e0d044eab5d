"""Comparison apps served by the benchmark under the same gunicorn settings as the service."""
