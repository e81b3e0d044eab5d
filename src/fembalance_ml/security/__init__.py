"""Who may call, and what leaves a request about a person: API keys, browser tokens,
keyed pseudonyms and self-proving prediction ids.
"""
