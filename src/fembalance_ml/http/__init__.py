"""The HTTP edge below the routes: CORS, request-head limits, rate limits and the
per-request context.
"""
