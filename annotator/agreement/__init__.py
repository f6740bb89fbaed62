"""Intercoder agreement (pure functions; no Qt, SQLite or spaCy).

Owns: span matching, span P/R/F1, Krippendorff's unitizing coefficients (2004 αU; 2016 uα,
|uα, cuα, (k)uα), token-level κ and α, bootstrap intervals over documents, and the frozen
``AgreementReport``. See ``docs/agreement.md`` for every definition.
Must not import: Qt, SQLite, spaCy, or any project package other than ``annotator.core``.
"""

from annotator.agreement.data import (
    PRF,
    AgreementReport,
    Disagreement,
    DocUnits,
    LabelAgreement,
    OverallAgreement,
    PairScores,
    Span,
)
from annotator.agreement.report import DEFAULT_SEED, agreement
from annotator.agreement.spans import classify, disagreement_score

__all__ = [
    "DEFAULT_SEED",
    "PRF",
    "AgreementReport",
    "Disagreement",
    "DocUnits",
    "LabelAgreement",
    "OverallAgreement",
    "PairScores",
    "Span",
    "agreement",
    "classify",
    "disagreement_score",
]
