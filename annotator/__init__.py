"""Annotator: annotate hedges and unnamed sources in news, with several coders."""

from __future__ import annotations

__version__ = "0.1.0"
