"""The process around the app: Gunicorn worker classes, reloads without a gap, and the
circuit breaker for optional dependencies (Redis).
"""
