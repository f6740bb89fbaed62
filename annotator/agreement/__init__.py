"""Intercoder agreement (pure functions; no Qt, SQLite or spaCy)."""
