"""Helpers for the io tests: a tiny tokenizer and record builders (no spaCy here)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.core.model import Annotation, Document, Origin, Status, Tokens, content_hash
from annotator.io.records import ExportRecord

# Words, single non-space characters, and whitespace runs other than one plain space
# (spaCy keeps "\n\n" and double spaces as tokens; a single space is a token's "ws").
_TOKEN = re.compile(r"[^\W_]+|\S|\s+")
_SENT_END = re.compile(r"[.!?]+\s+")


def tokenize(text: str) -> Tokens:
    """Token boundaries and sentence starts, spaCy-like, for tests."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN.finditer(text):
        if m.group() == " ":
            continue
        starts.append(m.start())
        ends.append(m.end())
    sents = [0] + [m.end() for m in _SENT_END.finditer(text) if m.end() < len(text)]
    return Tokens(starts, ends, sents)


def naive_tokens(text: str, tokens: Tokens) -> list[dict[str, Any]]:
    """The token list as the straightforward construction builds it."""
    return [{"text": text[s:e], "start": s, "end": e, "id": i, "ws": tokens.ws(i, len(text))}
            for i, (s, e) in enumerate(zip(tokens.starts, tokens.ends, strict=True))]


def naive_tokens_json(text: str, tokens: Tokens) -> str:
    """``json.dumps`` of :func:`naive_tokens`, compact and with non-ASCII kept."""
    return json.dumps(naive_tokens(text, tokens), ensure_ascii=False, separators=(",", ":"))


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def export_record(text: str, spans: Sequence[dict[str, Any]], *, annotator: str = "alice",
                  status: Status | None = Status.DONE, title: str = "A title",
                  meta: dict[str, Any] | None = None, tokens: bool = True,
                  timestamp: int = 1718000000) -> ExportRecord:
    """An ExportRecord; each span dict has start, end, label and optional extras."""
    doc = Document(content_hash(text), text, title, meta if meta is not None
                   else {"source": "article.txt"})
    anns = [Annotation(doc.id, annotator, s["label"], s["start"], s["end"],
                       origin=Origin(s.get("origin", "manual")), rule=s.get("rule", ""),
                       attributes=s.get("attributes", {}), note=s.get("note", ""),
                       codebook_version=s.get("codebook_version", "1"))
            for s in spans]
    return ExportRecord(doc, annotator, status, anns, tokenize(text) if tokens else None,
                        "hedges-and-sources", "1", timestamp)


def write_lines(path: Path, lines: Sequence[str | dict[str, Any]]) -> Path:
    """Write JSONL lines (dicts are dumped; strings are written as they are)."""
    body = "".join((json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x) + "\n"
                   for x in lines)
    path.write_bytes(body.encode("utf-8"))
    return path


UNICODE_TEXTS = {
    "emoji": "Great news 👍🏽 said officials. Sources 👍🏽 claim it may rain.",
    "combining": "Le cafe\u0301 serait ferme\u0301, selon des sources. Peut-e\u0302tre.",
    "cjk": "消息人士称，该公司可能会裁员。据报道，官员表示反对。",
    "arabic": "قال مسؤولون إن الاتفاق ربما يتأخر. وذكرت مصادر أن المحادثات مستمرة.",
    "hebrew": "לדברי גורמים, ייתכן שהעסקה תידחה. מקורות אמרו כי השיחות נמשכות.",
    "mixed": "He said \"maybe\" \\ perhaps\n\nTabs\there and U+2028\u2028line. 👍🏽 x",
}
