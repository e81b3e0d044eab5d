"""What the service tells its operators: JSON logs, Prometheus metrics, Sentry reports
without health data, and the cheap clock the log line uses.
"""
