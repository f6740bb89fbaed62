"""Project statistics: documents, coders, progress, spans per label, time spent, rules.

Owns: the stats value shown by ``annotator stats`` and the window, and the per-rule
acceptance of suggestions (how often coders accepted what each engine rule proposed).
Must not import: Qt.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from annotator.store import Project, RuleCounts


@dataclass
class CoderProgress:
    """One coder's progress."""

    annotator: str
    done: int = 0
    in_progress: int = 0
    skipped: int = 0
    spans: int = 0
    seconds: float = 0.0


class RuleStats(RuleCounts):
    """How coders received one rule's suggestions (decisions of every coder count).

    ``pending`` counts suggestions nobody has decided on yet.
    """

    __slots__ = ()

    @property
    def acceptance(self) -> float | None:
        """``accepted / (accepted + rejected)``, or ``None`` before any decision."""
        decided = self.accepted + self.rejected
        return self.accepted / decided if decided else None


def rule_stats(project: Project, annotator: str | None = None) -> list[RuleStats]:
    """Per rule and label: suggested, accepted, rejected, pending and acceptance.

    Args:
        project: the project.
        annotator: count only this coder's decisions (pending: not decided by them).

    Returns:
        One row per rule and label, sorted by label and rule.
    """
    return [RuleStats(*row) for row in project.rule_counts(annotator)]


@dataclass
class Stats:
    """What ``annotator stats`` reports."""

    documents: int
    codebook: dict[str, str]
    annotators: list[CoderProgress] = field(default_factory=list)
    labels: dict[str, dict[str, int]] = field(default_factory=dict)
    rules: list[RuleStats] = field(default_factory=list)
    assignments: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    """Per coder and study round: documents assigned, in the reliability sample, done."""

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` form."""
        data = asdict(self)
        for coder in data["annotators"]:
            coder["seconds"] = round(coder["seconds"], 1)
        data["spans_per_label"] = {lab: sum(v.values()) for lab, v in self.labels.items()}
        data["rules"] = [{**rule._asdict(), "acceptance": None if rule.acceptance is None
                          else round(rule.acceptance, 4)} for rule in self.rules]
        return data


def project_stats(project: Project) -> Stats:
    """Collect the statistics of a project (read-only)."""
    counts = project.progress_counts()
    coders = [CoderProgress(name, **{k: int(v) if k != "seconds" else float(v)
                                     for k, v in counts.get(name, {}).items()})
              for name in project.annotators()]
    cb = project.codebook()
    labels = {name: {} for name in cb.label_names}
    labels.update(project.label_counts())
    return Stats(project.count_documents(), {"name": cb.name, "version": cb.version},
                 coders, labels, rule_stats(project), project.assignment_counts())


def format_duration(seconds: float) -> str:
    """``3725`` → ``1 h 02 min``; ``95`` → ``1 min 35 s``."""
    s = round(seconds)
    if s >= 3600:
        return f"{s // 3600} h {s % 3600 // 60:02d} min"
    if s >= 60:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s} s"


def format_stats(stats: Stats) -> str:
    """A readable table for the terminal."""
    lines = [f"Documents: {stats.documents}",
             f"Codebook:  {stats.codebook['name']} version {stats.codebook['version']}", ""]
    if stats.annotators:
        head = f"{'coder':<16}{'done':>6}{'in progress':>13}{'skipped':>9}{'spans':>8}{'time':>14}"
        lines += [head, "-" * len(head)]
        for c in stats.annotators:
            lines.append(f"{c.annotator[:15]:<16}{c.done:>6}{c.in_progress:>13}{c.skipped:>9}"
                         f"{c.spans:>8}{format_duration(c.seconds):>14}")
    else:
        lines.append("No coders yet.")
    lines += ["", "Spans per label:"]
    for label, per in stats.labels.items():
        detail = ", ".join(f"{who} {n}" for who, n in sorted(per.items()))
        lines.append(f"  {label:<18}{sum(per.values()):>7}" + (f"   ({detail})" if detail else ""))
    if stats.assignments:
        lines += ["", "Assignments per coder (documents, reliability sample, done):",
                  *(f"  {who[:15]:<16}{rnd[:11]:<12}{n['documents']:>6}{n['reliability']:>6}"
                    f"{n['done']:>6}" for who, per in stats.assignments.items()
                    for rnd, n in per.items())]
    if stats.rules:
        lines += ["", "Suggestions per rule (decisions of every coder):",
                  *format_rules(stats.rules)]
    return "\n".join(lines)


def format_rules(rules: list[RuleStats]) -> list[str]:
    """The per-rule acceptance table, as lines for the terminal."""
    width = max([12, *(len(r.rule) + 2 for r in rules)])
    head = (f"  {'rule':<{width}}{'label':<16}{'suggested':>10}{'accepted':>10}"
            f"{'rejected':>10}{'pending':>9}{'acceptance':>12}")
    lines = [head, "  " + "-" * (len(head) - 2)]
    for r in rules:
        share = "—" if r.acceptance is None else f"{r.acceptance:.0%}"
        lines.append(f"  {r.rule:<{width}}{r.label[:15]:<16}{r.suggested:>10}{r.accepted:>10}"
                     f"{r.rejected:>10}{r.pending:>9}{share:>12}")
    return lines
