"""Span matching on one document: one-to-one matches, P/R/F1, classified disagreements.

Owns: the per-document (small input, pure Python) forms of exact and overlap matching, used
by ``classify``, ``disagreement_score`` and the worked examples; the corpus-wide vectorised
form lives in ``matching.py`` and must give the same matches.

Overlap matching is one-to-one per label: candidate pairs share at least one character; they
are taken greedily by largest overlap (ties: earlier A start, earlier B start, then input
order), which is the matching a sort-and-sweep greedy produces.
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from annotator.agreement.data import PRF, Disagreement, DocUnits, Span


def exact_matches(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Number of one-to-one matches with the same start, end and label."""
    ca, cb = Counter(map(tuple, a)), Counter(map(tuple, b))
    return sum(min(n, cb[key]) for key, n in ca.items())


def overlap_candidates(a: Sequence[Span], b: Sequence[Span],
                       same_label: bool = True) -> list[tuple[int, int, int]]:
    """All ``(overlap, i, j)`` with ``a[i]`` and ``b[j]`` sharing a character (sweep)."""
    order = sorted(range(len(b)), key=lambda j: b[j][0])
    out = []
    for i, (s, e, lab) in enumerate(a):
        for j in order:
            bs, be, bl = b[j]
            if bs >= e:
                break
            shared = min(e, be) - max(s, bs)
            if shared > 0 and (bl == lab or not same_label):
                out.append((shared, i, j))
    return out


def overlap_matching(a: Sequence[Span], b: Sequence[Span],
                     same_label: bool = True) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by largest overlap; returns ``(i, j)`` index pairs."""
    cands = overlap_candidates(a, b, same_label)
    cands.sort(key=lambda c: (-c[0], a[c[1]][0], b[c[2]][0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def prf(tp: float, n_a: int, n_b: int) -> PRF:
    """P/R/F1 of B against reference A (``None`` where a denominator is zero)."""
    return PRF(tp / n_b if n_b else None, tp / n_a if n_a else None,
               2 * tp / (n_a + n_b) if n_a + n_b else None)


def span_prf(a: Sequence[Span], b: Sequence[Span], mode: str = "exact",
             same_label: bool = True) -> tuple[int, PRF]:
    """Matches and P/R/F1 of B against A (``mode`` is ``exact`` or ``overlap``)."""
    if not same_label:
        a = [(s, e, "") for s, e, _ in a]
        b = [(s, e, "") for s, e, _ in b]
    tp = exact_matches(a, b) if mode == "exact" else len(overlap_matching(a, b))
    return tp, prf(tp, len(a), len(b))


def classify(a: Sequence[Span], b: Sequence[Span]) -> list[Disagreement]:
    """Every disagreement between coder A's and coder B's spans on one document.

    Exact matches are agreement. The rest, relative to A: ``boundary`` (same label,
    overlapping), then ``label`` (another label, overlapping), then ``missed`` (A's span,
    nothing of B's overlaps it) and ``extra`` (B's span, nothing of A's overlaps it). Pairs
    are formed one-to-one by largest overlap; a span left over that still overlaps a span of
    the same (or, failing that, another) label is reported against it.
    """
    a, b = [tuple(x) for x in a], [tuple(x) for x in b]
    left_a, left_b = _drop_exact(a, b)
    out: list[Disagreement] = []
    for same, kind in ((True, "boundary"), (False, "label")):
        pairs = overlap_matching(left_a, left_b, same_label=same)
        if not same:
            pairs = [(i, j) for i, j in pairs if left_a[i][2] != left_b[j][2]]
        out += [Disagreement(kind, left_a[i], left_b[j]) for i, j in pairs]
        done_a, done_b = {i for i, _ in pairs}, {j for _, j in pairs}
        rest_a = [x for i, x in enumerate(left_a) if i not in done_a]
        rest_b = [x for j, x in enumerate(left_b) if j not in done_b]
        out += _leftovers(rest_a, b, kind, same, a_side=True)
        out += _leftovers(rest_b, a, kind, same, a_side=False)
        left_a = [x for x in rest_a if not _touching(x, b, same)]
        left_b = [x for x in rest_b if not _touching(x, a, same)]
    out += [Disagreement("missed", x, None) for x in left_a]
    out += [Disagreement("extra", None, x) for x in left_b]
    out.sort(key=lambda d: (min(x[0] for x in (d.a, d.b) if x), _KIND_ORDER[d.kind]))
    return out


_KIND_ORDER = {"missed": 0, "extra": 1, "boundary": 2, "label": 3}


def _drop_exact(a: list, b: list) -> tuple[list, list]:
    left_b = Counter(b)
    rest_a = []
    for x in a:
        if left_b[x] > 0:
            left_b[x] -= 1
        else:
            rest_a.append(x)
    rest_b = []
    for x in b:
        if left_b[x] > 0:
            left_b[x] -= 1
            rest_b.append(x)
    return rest_a, rest_b


def _touching(x: Span, others: Sequence[Span], same: bool) -> bool:
    return any(o[0] < x[1] and o[1] > x[0] and (o[2] == x[2]) == same for o in others)


def _leftovers(rest: list, others: Sequence[Span], kind: str, same: bool,
               a_side: bool) -> list[Disagreement]:
    out = []
    for x in rest:
        best = max((o for o in others if o[0] < x[1] and o[1] > x[0] and (o[2] == x[2]) == same),
                   key=lambda o: (min(o[1], x[1]) - max(o[0], x[0]), -o[0]), default=None)
        if best is not None:
            out.append(Disagreement(kind, x, best) if a_side else Disagreement(kind, best, x))
    return out


def disagreement_score(doc: DocUnits, annotators: Sequence[str]) -> float:
    """How much the chosen coders disagree on ``doc``: 0 = perfect agreement, at most 1.

    The mean over the coder pairs who both finished the document of ``1 - (exact F1 +
    overlap F1) / 2`` (F1 over all labels; two empty annotations agree perfectly). A document
    fewer than two chosen coders finished scores 0.
    """
    coders = [c for c in annotators if c in doc.spans]
    scores = []
    for x, y in combinations(coders, 2):
        a, b = list(doc.spans[x]), list(doc.spans[y])
        if not a and not b:
            scores.append(0.0)
            continue
        exact = span_prf(a, b, "exact")[1].f1 or 0.0
        over = span_prf(a, b, "overlap")[1].f1 or 0.0
        scores.append(1.0 - (exact + over) / 2)
    return sum(scores) / len(scores) if scores else 0.0
