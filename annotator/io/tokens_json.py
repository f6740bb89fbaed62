"""Fast JSON for token lists: the bulk of every JSONL export.

Owns: turning ``Tokens`` into the text of a Prodigy/spaCy ``tokens`` array,
``[{"text":…,"start":…,"end":…,"id":…,"ws":…}, …]``, byte-for-byte what
``json.dumps(list_of_dicts, ensure_ascii=False, separators=(",", ":"))`` would write.
Must not import: Qt, sqlite3, spaCy — only the standard library, numpy (optional, through
``annotator.io.tokens_fast``) and ``annotator.core`` / ``annotator.io``.

Documents of at least ``FAST_MIN_TOKENS`` tokens go through the numpy writer of
``tokens_fast`` when numpy can be imported; the rest, and whatever that writer declines,
go through the pure-Python writer below (``TokenWriter.dumps_python``).

Why not ``json.dumps``: a dict per token costs ~2 µs, and an export holds millions of
tokens. Here every step runs in C over whole documents: token texts are cut with
``map(slice)``, looked up in a cache of escaped ``{"text":"…","start":`` prefixes (JSON
escaping by ``json.encoder.encode_basestring``, cached because the same words recur),
numbers come from cached ``str`` lists (``,"id":I,"ws":true},`` as one piece, patched for
the few tokens without trailing whitespace), and the pieces are interleaved by extended
slice assignment and joined once.
"""

from __future__ import annotations

from array import array
from itertools import compress
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import itemgetter, le

from annotator.core.model import Tokens

try:
    from annotator.io.tokens_fast import FastTokenWriter
except ImportError:  # numpy is missing: the pure-Python writer does everything
    FastTokenWriter = None  # type: ignore[assignment,misc]

_NUMBERS_MAX = 1 << 17  # longer texts (rare for articles) are written token by token
FAST_MIN_TOKENS = 200  # below this, numpy's fixed cost per document outweighs its speed


class _Prefixes(dict[str, str]):
    """Escaped ``{"text":"…","start":`` per token text; cleared when it grows too big."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = '{"text":' + encode_basestring(word) + ',"start":'
        return value


class TokenWriter:
    """Serialises token lists; keep one for a whole export so its caches pay off."""

    def __init__(self, cache_size: int = 200_000) -> None:
        """Create a writer whose prefix cache holds at most ``cache_size`` token texts."""
        self._prefixes = _Prefixes(cache_size)
        self._starts: list[str] = []
        self._ends: list[str] = []
        self._tails: list[str] = []  # ',"id":I,"ws":true},' — the common case
        self._tails_no_ws: list[str] = []
        self._last: tuple[str, Tokens, str | bytes] | None = None
        self._fast = FastTokenWriter() if FastTokenWriter is not None else None

    def _grow(self, offsets: int, count: int) -> None:
        """Make the number caches cover offsets up to ``offsets`` and ids up to ``count``."""
        have = len(self._starts)
        if offsets > have:
            numbers = list(map(str, range(have, offsets)))
            self._starts += numbers
            self._ends += [',"end":' + n for n in numbers]
        have = len(self._tails)
        if count > have:
            numbers = list(map(str, range(have, count)))
            self._tails += [',"id":' + n + ',"ws":true},' for n in numbers]
            self._tails_no_ws += [',"id":' + n + ',"ws":false},' for n in numbers]

    def dumps(self, text: str, tokens: Tokens) -> str:
        """The JSON array of ``tokens`` over ``text`` (compact separators, non-ASCII kept).

        Raises:
            ValueError: when the token offsets do not fit ``text``.
        """
        found = self._dump(text, tokens)
        return found if type(found) is str else found.decode()

    def dump_bytes(self, text: str, tokens: Tokens) -> bytes:
        """:meth:`dumps` in UTF-8, as an export writes it.

        Raises:
            ValueError: when the token offsets do not fit ``text``.
        """
        found = self._dump(text, tokens)
        return found.encode() if type(found) is str else found

    def _dump(self, text: str, tokens: Tokens) -> str | bytes:
        last = self._last
        if last is not None and last[0] is text and last[1] is tokens:
            return last[2]  # the same document again, for the next annotator
        result: str | bytes | None = self._dumps_fast(text, tokens)
        if result is None:
            result = self.dumps_python(text, tokens)
        self._last = (text, tokens, result)
        return result

    def _dumps_fast(self, text: str, tokens: Tokens) -> bytes | None:
        """The numpy writer's JSON, or ``None`` where the pure-Python writer must decide."""
        starts, ends = tokens.starts, tokens.ends
        n = len(starts)
        if (self._fast is None or n < FAST_MIN_TOKENS or n != len(ends)
                or not 0 <= starts[0] <= ends[-1] <= len(text)):  # errors: see dumps_python
            return None
        if type(starts) is not array or type(ends) is not array:
            starts = starts if type(starts) is list else list(starts)
            ends = ends if type(ends) is list else list(ends)
        return self._fast.dump_bytes(text, starts, ends)

    def dumps_python(self, text: str, tokens: Tokens) -> str:
        """:meth:`dumps` without numpy and without remembering the last document.

        Raises:
            ValueError: when the token offsets do not fit ``text``.
        """
        starts = tokens.starts if isinstance(tokens.starts, list) else list(tokens.starts)
        ends = tokens.ends
        n = len(starts)
        if n != len(ends) or (n and not 0 <= starts[0] <= ends[-1] <= len(text)):
            raise ValueError(f"{n} token starts and {len(ends)} ends do not fit a text of "
                             f"{len(text)} characters")
        if n == 0:
            return "[]"
        if len(text) >= _NUMBERS_MAX:
            return _plain(text, tokens)
        self._grow(len(text) + 1, n)
        nexts = starts[1:]
        nexts.append(len(text))
        pieces: list[str] = [""] * (4 * n)
        prefixes = self._prefixes
        pieces[0::4] = [prefixes[text[s:e]] for s, e in zip(starts, ends, strict=False)]
        try:
            if n > 1:  # itemgetter beats map here; with one key it returns no tuple
                pieces[1::4] = itemgetter(*starts)(self._starts)
                pieces[2::4] = itemgetter(*ends)(self._ends)
            else:
                pieces[1], pieces[2] = self._starts[starts[0]], self._ends[ends[0]]
        except (IndexError, TypeError):
            raise ValueError("token offsets lie outside the text") from None
        pieces[3::4] = self._tails[:n]
        no_ws = self._tails_no_ws
        # Tokens not followed by whitespace are the minority; patch just those.
        for i in compress(range(n), map(le, nexts, ends)):
            pieces[4 * i + 3] = no_ws[i]
        pieces[-1] = pieces[-1][:-1]
        return "[" + "".join(pieces) + "]"


def _plain(text: str, tokens: Tokens) -> str:
    """The same JSON built token by token (for texts too long for the number caches)."""
    parts = []
    for i, (s, e) in enumerate(zip(tokens.starts, tokens.ends, strict=True)):
        ws = "true" if tokens.ws(i, len(text)) else "false"
        parts.append(f'{{"text":{encode_basestring(text[s:e])},"start":{s},"end":{e},'
                     f'"id":{i},"ws":{ws}}}')
    return "[" + ",".join(parts) + "]"
