"""SQLite persistence of projects (the only package that imports sqlite3/sqlite-utils)."""

from __future__ import annotations

from annotator.store.project import ProjectBase
from annotator.store.records import (
    ExportQueriesMixin,
    RecordsMixin,
    annotation_row,
    raw_annotation_row,
)
from annotator.store.study import Assignment, RoundInfo, StudyMixin
from annotator.store.suggestions import ReplaceCounts, RuleCounts, SuggestionsMixin
from annotator.store.tokencache import TokenCacheMixin


class Project(ProjectBase, RecordsMixin, ExportQueriesMixin, TokenCacheMixin,
              SuggestionsMixin, StudyMixin):
    """An open project file: settings, codebook, documents, annotations, tokens, suggestions."""


__all__ = ["Assignment", "Project", "ReplaceCounts", "RoundInfo", "RuleCounts",
           "annotation_row", "raw_annotation_row"]
