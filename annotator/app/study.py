"""Study design: assigning documents to coders, blind coder packages, merging them back.

Owns: the assignment draw (every document to one coder, a seeded reliability sample to
several), what a coder package contains (that coder's documents, the codebook, and only
that coder's own work), and the all-or-nothing merge of packages into the lead's project.
Must not import: Qt, sqlite3 (the store does the SQL).
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.codebook import codebook_to_dict
from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.model import GOLD, Codebook
from annotator.store import Project

DEFAULT_ROUND = "main"
PACKAGE_SETTING = "package"
"""Setting of a coder package: JSON ``{coder, source, round, codebook, created}``."""
PROJECT_ID_SETTING = "project_id"
_COPIED_SETTINGS = ("suggestions_enabled", "suggest_model")


class StudyError(AnnotatorError):
    """A study operation that cannot be done (the message says why)."""


@dataclass
class AssignReport:
    """What :func:`assign` did."""

    round: str
    seed: int
    coders: list[str]
    documents: int
    reliability: list[str]
    per_coder: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One paragraph for the terminal."""
        per = ", ".join(f"{c} {n}" for c, n in self.per_coder.items())
        return (f"Round {self.round}: {self.documents} documents assigned to "
                f"{len(self.coders)} coders ({per}); reliability sample of "
                f"{len(self.reliability)} documents (seed {self.seed}).")


def assign(project: Project, coders: Sequence[str], overlap: float = 0.2,
           per_doc: int | None = None, seed: int = 1, round: str = DEFAULT_ROUND,
           by: str = "") -> AssignReport:
    """Assign every document to one coder and a reliability sample to several.

    The sample is ``round(overlap × documents)`` documents drawn with ``seed``; each of
    them goes to every coder (or to ``per_doc`` of them, those with the least work so
    far). The other documents are spread so that loads differ by at most one. The same
    documents, coders and seed always give the same assignment. Replaces the round's
    earlier assignment; records the round's codebook and design.

    Raises:
        StudyError: fewer than two coders, a bad overlap or ``per_doc``, no documents.
    """
    names = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if len(names) < 2:
        raise StudyError("name at least two coders (--coders a,b)")
    if GOLD in names:
        raise StudyError(f"{GOLD!r} is the adjudicated layer, not a coder")
    if not 0 <= overlap <= 1:
        raise StudyError(f"overlap must be between 0 and 1, not {overlap}")
    k = len(names) if per_doc is None else per_doc
    if not 2 <= k <= len(names):
        raise StudyError(f"per-doc must be between 2 and {len(names)}, not {per_doc}")
    if not round.strip():
        raise StudyError("a round needs a name")
    ids = project.document_ids()
    if not ids:
        raise StudyError("the project has no documents to assign")
    plan, sample = draw(ids, names, overlap, k, seed)
    design = {"coders": names, "overlap": overlap, "per_doc": k, "seed": seed,
              "documents": len(ids), "reliability": len(sample)}
    with project.atomic():
        for name in names:
            project.ensure_annotator(name)
        project.save_round(round, project.codebook(), design)
        project.replace_assignments(round, plan)
        project.log_event(by, "assign", None, {"round": round, **design})
    per = {n: sum(1 for _, who, _ in plan if who == n) for n in names}
    return AssignReport(round, seed, names, len(ids), sample, per)


def draw(ids: Sequence[str], coders: Sequence[str], overlap: float, per_doc: int,
         seed: int) -> tuple[list[tuple[str, str, bool]], list[str]]:
    """The assignment as ``(doc_id, coder, reliability)`` rows, and the sample (pure)."""
    rng = random.Random(seed)
    n_sample = min(len(ids), int(overlap * len(ids) + 0.5))
    order = {d: i for i, d in enumerate(ids)}
    sample = sorted(rng.sample(list(ids), n_sample), key=order.__getitem__)
    in_sample = set(sample)
    rest = [d for d in ids if d not in in_sample]
    rng.shuffle(rest)
    load = dict.fromkeys(coders, 0)
    rows: list[tuple[str, str, bool]] = []

    def lightest(n: int) -> list[str]:
        return sorted(coders, key=lambda c: (load[c], coders.index(c)))[:n]

    for doc in sample:
        for who in lightest(per_doc):
            rows.append((doc, who, True))
            load[who] += 1
    for doc in rest:
        who = lightest(1)[0]
        rows.append((doc, who, False))
        load[who] += 1
    rows.sort(key=lambda r: (order[r[0]], coders.index(r[1])))
    return rows, sample


# -- packages -------------------------------------------------------------------------
@dataclass
class PackageReport:
    """What :func:`package` wrote."""

    path: Path
    coder: str
    round: str
    documents: int
    annotations: int

    def summary(self) -> str:
        """One line for the terminal."""
        return (f"Wrote {self.path}: {self.documents} documents of round {self.round} for "
                f"{self.coder} ({self.annotations} of their own annotations).")


def project_id(project: Project) -> str:
    """The project's id (made on first use), so that packages know where they belong."""
    pid = project.setting(PROJECT_ID_SETTING)
    if pid is None:
        pid = uuid.uuid4().hex
        with project.atomic():
            project.set_setting(PROJECT_ID_SETTING, pid)
    return pid


def package_info(project: Project) -> dict[str, Any] | None:
    """The package setting of a coder package, or ``None`` for an ordinary project."""
    raw = project.setting(PACKAGE_SETTING)
    return json.loads(raw) if raw else None


def package(project: Project, coder: str, out_path: str | Path,
            round: str | None = None) -> PackageReport:
    """Write a blind coder package: a new project file for one coder.

    It holds the coder's assigned documents (of ``round``; default: the newest round the
    coder has documents in), the round's codebook, the coder's own annotations, status,
    suggestion decisions and events, the engine's suggestions, and a ``package`` setting.
    Nothing of any other coder, and no gold, is written.

    Raises:
        StudyError: an unknown coder or round, or a coder with no documents in it.
        ProjectError: ``out_path`` exists already.
    """
    out = Path(out_path)
    if out.exists():
        raise ProjectError(f"{out}: already exists; choose another name")
    rnd = _package_round(project, coder, round)
    ids = project.assigned_doc_ids(rnd, coder)
    if not ids:
        raise StudyError(f"{coder} has no documents in round {rnd!r}")
    info = project.round_info(rnd)
    codebook = (info and project.stored_codebook(info.codebook_name, info.codebook_version)
                ) or project.codebook()
    anns = project.coder_annotation_rows(ids, coder)
    target = Project.open(out, create=True)
    try:
        with target.atomic():
            _fill_package(target, project, coder, rnd, ids, codebook, anns)
    except BaseException:
        target.close()
        out.unlink(missing_ok=True)
        for extra in ("-wal", "-shm"):
            Path(str(out) + extra).unlink(missing_ok=True)
        raise
    target.close()
    return PackageReport(out, coder, rnd, len(ids), len(anns))


def _fill_package(target: Project, project: Project, coder: str, rnd: str,
                  ids: Sequence[str], codebook: Codebook, anns: Sequence[Any]) -> None:
    """Copy into ``target`` what ``coder``'s package holds (inside its transaction)."""
    target.save_codebook(codebook)
    for key in _COPIED_SETTINGS:
        value = project.setting(key)
        if value is not None:
            target.set_setting(key, value)
    target.set_setting(PACKAGE_SETTING, json.dumps(
        {"coder": coder, "source": project_id(project), "round": rnd,
         "codebook": [codebook.name, codebook.version], "created": int(time.time())}))
    documents = project.documents_by_id(ids)  # once: not once per document
    target.insert_documents(documents[d] for d in ids)
    target.put_token_rows(project.token_rows(ids))
    target.ensure_annotator(coder)
    target.save_round(rnd, codebook, {})
    target.replace_assignments(rnd, ((d, coder, False) for d in ids))
    target.put_coder_annotations(coder, anns)
    target.put_coder_status(coder, project.coder_status_rows(ids, coder))
    target.put_suggestion_rows(project.suggestion_rows(ids))
    target.put_coder_decisions(coder, project.coder_decision_rows(ids, coder))
    mine = set(ids)
    target.put_event_rows([e for e in project.coder_event_rows(coder) if e[3] in mine])


def _package_round(project: Project, coder: str, round: str | None) -> str:
    if coder == GOLD:
        raise StudyError(f"{GOLD!r} is the adjudicated layer, not a coder")
    if coder not in project.annotators():
        raise StudyError(f"unknown coder {coder!r} (the project has "
                         f"{', '.join(project.annotators()) or 'none yet'})")
    if round is not None:
        if project.round_info(round) is None:
            raise StudyError(f"no round {round!r} (run `annotator assign --round {round}`)")
        return round
    mine = {a.round for a in project.assignments(annotator=coder)}
    for info in reversed(project.rounds()):
        if info.name in mine:
            return info.name
    raise StudyError(f"{coder} has no assigned documents (run `annotator assign` first)")


def codebook_differences(ours: Codebook, theirs: Codebook) -> list[str]:
    """Labels that differ between two codebooks, as readable phrases (pure)."""
    a = {lab.name: codebook_to_dict(_only(ours, lab.name))["labels"][0] for lab in ours.labels}
    b = {lab.name: codebook_to_dict(_only(theirs, lab.name))["labels"][0]
         for lab in theirs.labels}
    out = [f"{name} only in the package" for name in b if name not in a]
    out += [f"{name} not in the package" for name in a if name not in b]
    out += [f"{name} defined differently" for name in a if name in b and a[name] != b[name]]
    return out


def _only(cb: Codebook, name: str) -> Codebook:
    return Codebook(cb.name, cb.version, tuple(lab for lab in cb.labels if lab.name == name))



def round_filter(project: Project, round: str, done: Mapping[str, list[str]]
                 ) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """Keep, of ``{doc_id: coders}``, the coders assigned to each document in ``round``.

    Returns the filtered mapping and the round's name, codebook and design.

    Raises:
        StudyError: no such round.
    """
    info = project.round_info(round)
    if info is None:
        have = ", ".join(r.name for r in project.rounds()) or "none yet"
        raise StudyError(f"no round {round!r} (the project has {have})")
    assigned: dict[str, set[str]] = {}
    for a in project.assignments(round):
        assigned.setdefault(a.doc_id, set()).add(a.annotator)
    kept = {d: [w for w in who if w in assigned[d]] for d, who in done.items() if d in assigned}
    return kept, {"name": info.name, "codebook": {"name": info.codebook_name,
                                                  "version": info.codebook_version},
                  "design": info.design}
