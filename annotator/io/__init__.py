"""Importers and exporters as pure functions over core values.

Owns: reading documents (and the annotations they carry) from txt, JSONL, CSV and brat
files, and writing annotations as JSONL, CSV and brat.
Must not import: Qt, sqlite3, spaCy — only the standard library, ``annotator.core`` and
``annotator.io``.
"""
