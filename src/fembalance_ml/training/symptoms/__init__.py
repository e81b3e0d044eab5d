"""Training of the symptom model: data, fits, evaluation, C-PASS check, model card.

Never imported by the service (tests/test_serving_apart.py).
"""
