"""Training of the PCOS model: data, fits, evaluation, report, model card.

Never imported by the service (tests/test_serving_apart.py).
"""
