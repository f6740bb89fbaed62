"""Io: importers and exporters as pure functions over core values."""
