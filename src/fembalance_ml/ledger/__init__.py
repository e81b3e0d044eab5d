"""The prediction ledger: every answer's id, model, version, group and headline, and outcomes.

Never the submitted inputs. SQLite under STATE_DIR by default, PostgreSQL via DATABASE_URL.
"""
