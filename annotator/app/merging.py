"""Merging coder packages back into the lead's project, all or nothing.

Owns: checking packages (that they come from this project, were coded under the round's
codebook, and hold the same texts) and bringing each coder's annotations, status,
suggestion decisions and events back. A package is the authority on its coder's work on
its documents: spans the coder deleted there are deleted here. Merging again changes
nothing.
Must not import: Qt, sqlite3 (the store does the SQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.app.study import (
    PROJECT_ID_SETTING,
    StudyError,
    codebook_differences,
    package_info,
)
from annotator.core.model import Codebook
from annotator.store import Project
from annotator.store.study import AnnRow, DecisionRow, EventRow, StatusRow


@dataclass
class MergeReport:
    """What merging one package changed."""

    path: Path
    coder: str
    round: str
    documents: int
    added: int = 0
    removed: int = 0
    updated: int = 0
    statuses: int = 0
    decisions: int = 0
    events: int = 0
    codebook_notes: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    """Other names that worked in the package (their work is not merged)."""

    @property
    def changed(self) -> bool:
        """Whether the merge changed anything."""
        return any((self.added, self.removed, self.updated, self.statuses, self.decisions,
                    self.events))

    def summary(self) -> str:
        """One line for the terminal."""
        if not self.changed:
            return f"{self.path}: {self.coder}, round {self.round}: nothing new."
        return (f"{self.path}: {self.coder}, round {self.round}, {self.documents} documents: "
                f"{self.added} spans added, {self.removed} removed, {self.updated} updated; "
                f"{self.statuses} statuses, {self.decisions} suggestion decisions.")


@dataclass
class _Package:
    report: MergeReport
    ids: list[str]
    anns: list[AnnRow]
    status: list[StatusRow]
    decisions: list[DecisionRow]
    events: list[EventRow]


def merge(project: Project, package_paths: Sequence[str | Path],
          accept_codebook: bool = False, by: str = "") -> list[MergeReport]:
    """Bring coder packages back into ``project`` in one transaction.

    Raises:
        StudyError: a file that is not a package of this project, a package coded under
            another codebook (listing the labels that differ) unless ``accept_codebook``,
            or a document whose text differs from the project's. Nothing is merged then.
        ProjectError: a package file that cannot be opened.
    """
    problems: list[str] = []
    packages = [_read(project, Path(p), accept_codebook, problems) for p in package_paths]
    if problems:
        raise StudyError("nothing was merged:\n  " + "\n  ".join(problems))
    with project.atomic():
        for pkg in packages:
            if pkg is not None:
                _apply(project, pkg)
        changed = [p.report for p in packages if p is not None and p.report.changed]
        if changed:
            project.log_event(by, "merge", None, [
                {"package": str(r.path), "coder": r.coder, "round": r.round,
                 "added": r.added, "removed": r.removed, "updated": r.updated}
                for r in changed])
    return [p.report for p in packages if p is not None]


def _read(project: Project, path: Path, accept_codebook: bool,
          problems: list[str]) -> _Package | None:
    pkg = Project.open(path)
    try:
        info = package_info(pkg)
        if info is None:
            problems.append(f"{path}: not a coder package (made by `annotator package`)")
            return None
        if info.get("source") != project.setting(PROJECT_ID_SETTING):
            problems.append(f"{path}: a package of another project")
            return None
        coder, rnd = info["coder"], info["round"]
        report = MergeReport(path, coder, rnd, pkg.count_documents())
        report.codebook_notes = _codebook_check(project, pkg.codebook(), rnd)
        report.ignored = sorted(set(pkg.progress_counts()) - {coder})
        if report.codebook_notes and not accept_codebook:
            problems.append(f"{path}: coded under another codebook version — "
                            + "; ".join(report.codebook_notes)
                            + " (merge with --accept-codebook to take it anyway)")
        ids = pkg.document_ids()
        problems += _text_problems(project, pkg, ids, path)
        return _Package(report, ids, pkg.coder_annotation_rows(ids, coder),
                        pkg.coder_status_rows(ids, coder),
                        pkg.coder_decision_rows(ids, coder),
                        pkg.coder_event_rows(coder))
    finally:
        pkg.close()


def _codebook_check(project: Project, theirs: Codebook, rnd: str) -> list[str]:
    info = project.round_info(rnd)
    ours = (info and project.stored_codebook(info.codebook_name, info.codebook_version)
            ) or project.codebook()
    notes = codebook_differences(ours, theirs)
    if (ours.name, ours.version) != (theirs.name, theirs.version):
        notes.insert(0, f"package {theirs.name} version {theirs.version}, round {rnd!r} "
                        f"{ours.name} version {ours.version}"
                        + ("" if notes else "; no label differs"))
    return notes


def _text_problems(project: Project, pkg: Project, ids: list[str], path: Path) -> list[str]:
    ours = project.documents_by_id(ids)
    theirs = pkg.documents_by_id(ids)
    out = []
    for doc_id in ids:
        title = theirs[doc_id].title or doc_id[:12]
        if doc_id not in ours:
            out.append(f"{path}: document {title!r} ({doc_id}) is not in the project")
        elif ours[doc_id].text != theirs[doc_id].text:
            out.append(f"{path}: the text of document {title!r} ({doc_id}) was changed; "
                       "refusing to merge spans onto a different text")
    return out


def _apply(project: Project, pkg: _Package) -> None:
    r, coder = pkg.report, pkg.report.coder
    project.ensure_annotator(coder)
    have = {row[:4]: row[4:9] for row in project.coder_annotation_rows(pkg.ids, coder)}
    want = {row[:4]: row for row in pkg.anns}
    gone = [k for k in have if k not in want]
    if gone:
        ids = project.annotation_ids_of(pkg.ids, coder)
        project.delete_annotations(ids[k] for k in gone)
    put = [row for k, row in want.items() if have.get(k) != row[4:9]]
    project.put_coder_annotations(coder, put)
    r.removed = len(gone)
    r.added = sum(1 for row in put if row[:4] not in have)
    r.updated = len(put) - r.added
    status_have = {row[0]: row[1:] for row in project.coder_status_rows(pkg.ids, coder)}
    status_put = [row for row in pkg.status if status_have.get(row[0]) != row[1:]]
    project.put_coder_status(coder, status_put)
    r.statuses = len(status_put)
    dec_have = {row[:5]: row[8:] for row in project.coder_decision_rows(pkg.ids, coder)}
    dec_put = [row for row in pkg.decisions if dec_have.get(row[:5]) != row[8:]]
    project.put_coder_decisions(coder, dec_put)
    r.decisions = len(dec_put)
    r.events = project.put_event_rows(pkg.events)
