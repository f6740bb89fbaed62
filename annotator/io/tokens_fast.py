"""Token JSON with numpy: the fast path behind ``tokens_json.TokenWriter``.

Owns: writing the ``tokens`` array of one document — the same text as
``json.dumps(list_of_dicts, ensure_ascii=False, separators=(",", ":"))`` — with a fixed
number of numpy calls per document instead of Python work per token.
Must not import: Qt, sqlite3, spaCy — only numpy and the standard library.

The JSON is cut into one *unit* per token: its escaped text ``T`` and the glue
``","start":S,"end":E,"id":I,"ws":X},{"text":"``. Four fixed-width scatters into a byte
buffer write all units, each window overwriting what the previous one left beyond its
end (so the order of the writes inside one scatter does not matter):

1. ``T``, copied from the escaped UTF-8 text (a window of the longest token's width);
2. ``","start":S,"end":`` from a table keyed by ``S``, written where ``T`` ends;
3. ``E,"id":`` from a table keyed by ``E``;
4. ``,"id":I,"ws":X},{"text":"`` (or its tail) from a table keyed by ``2 I + X``,
   right-aligned on the next token, so it ends exactly there and its left part repeats
   the ``,"id":`` already written.

Offsets come in through ``marshal`` (one C call: a 5-byte record per ``int``). Anything
unusual (not lists of ints, huge texts, offsets outside the text, lone surrogates) gets
``None`` back and the caller takes its pure-Python path; the rare token longer than the
text window is rewritten afterwards.
"""

from __future__ import annotations

import marshal
import threading
from array import array
from json.encoder import encode_basestring  # type: ignore[attr-defined]

import numpy as np

_C1, _C2, _C3, _C4, _C0 = b'","start":', b',"end":', b',"id":', b',"ws":', b'},{"text":"'
_S_W, _E_W, _IX_W = 24, 16, 28  # widths of windows 2, 3 and 4
_T_MAX = 47  # widest text window: the glue after a token is at least this long
_BASE = _IX_W  # where the JSON starts in the buffer: window 4 of unit I is item edge[I + 1]
MAX_TEXT = 1 << 15  # longer texts (so offsets of up to five digits) take the Python path
MAX_TOKENS = 99_999  # ids of up to five digits (window 4 relies on that)
_CHUNK = 4096  # tables grow by this many offsets / ids

Offsets = list[int] | array  # array("q") comes from the token cache, without copying

_SHORT = b'\\"\n\r\t\b\f'  # escaped as a backslash and one character
_SHORT_ESCAPES = tuple((bytes([c]), b"\\" + bytes([e])) for c, e in zip(
    _SHORT, b'\\"nrtbf', strict=True))  # the backslash first
_SPECIAL = bytes(c < 0x20 or c in b'"\\' for c in range(256))  # bytes.translate: 0 / 1
# Bytes a character gains in JSON (UTF-8): escapes for < 128; index 128 stands for ≥ 128.
_GROWTH = np.array([int(c in _SHORT) or 5 * (c < 0x20) for c in range(128)] + [0], np.uint8)


class _Tables:
    """Rows for windows 2–4, grown on demand and shared by all writers.

    ``offsets`` holds, by offset: window 2 rows, window 3 rows and the digit count;
    ``ids`` holds, by ``2 * id + ws``: window 4 rows and the unit width minus text and
    digits of the offsets, and ``2 * id`` by id. Growing replaces a whole tuple, so a
    writer in another thread never sees half of it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.offsets = (np.empty(0, f"V{_S_W}"), np.empty(0, f"V{_E_W}"),
                        np.empty(0, np.int64))
        self.ids = (np.empty(0, f"V{_IX_W}"), np.empty(0, np.int64), np.empty(0, np.int64))

    def get(self, offsets: int, ids: int) -> tuple[np.ndarray, ...]:
        """All six tables, covering offsets below ``offsets`` and ids below ``ids``."""
        if len(self.offsets[2]) < offsets or len(self.ids[2]) < ids:
            with self._lock:
                if len(self.offsets[2]) < offsets:
                    self.offsets = self._grow_offsets(-(-offsets // _CHUNK) * _CHUNK)
                if len(self.ids[2]) < ids:
                    self.ids = self._grow_ids(-(-ids // _CHUNK) * _CHUNK)
        return self.offsets + self.ids

    def _grow_offsets(self, size: int) -> tuple[np.ndarray, ...]:
        start, end, digits = self.offsets
        numbers = [str(k).encode() for k in range(len(digits), size)]
        starts = b"".join([(_C1 + d + _C2).ljust(_S_W, b"\0") for d in numbers])
        ends = b"".join([(d + _C3).ljust(_E_W, b"\0") for d in numbers])
        return (np.concatenate((start, np.frombuffer(starts, f"V{_S_W}"))),
                np.concatenate((end, np.frombuffer(ends, f"V{_E_W}"))),
                np.concatenate((digits, [len(d) for d in numbers])))

    def _grow_ids(self, size: int) -> tuple[np.ndarray, ...]:
        ix, ix_width, even = self.ids
        rows, widths = [], []
        for i in range(len(even), size):
            for ws in (b"false", b"true"):
                tail = str(i).encode() + _C4 + ws + _C0
                rows.append((_C3 + tail)[-_IX_W:])
                widths.append(len(_C1 + _C2 + _C3 + tail))
        return (np.concatenate((ix, np.frombuffer(b"".join(rows), f"V{_IX_W}"))),
                np.concatenate((ix_width, widths)), np.arange(0, 2 * size, 2, dtype=np.int64))


_TABLES = _Tables()
_largest = np.maximum.reduce  # ndarray.max without its Python-level wrapper


def _escaped(text: str, at: np.ndarray) -> tuple[bytes, np.ndarray] | None:
    """The text as it appears inside a JSON string (UTF-8), and offsets ``at`` in it."""
    if text.isascii():
        raw = escaped = text.encode("ascii")
        for char, escape in _SHORT_ESCAPES:
            if char in escaped:
                escaped = escaped.replace(char, escape)
        extra = len(escaped) - len(raw)
        special = raw.translate(_SPECIAL)  # 1 where JSON escapes the character
        if not extra and b"\1" not in special:
            return escaped, at
        places = np.frombuffer(special, np.bool_).nonzero()[0]
        if len(places) == extra:  # no control character that needs \u00XX
            return escaped, at + places.searchsorted(at)
    try:
        escaped = encode_basestring(text)[1:-1].encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return None
    cp = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    growth = _GROWTH[np.minimum(cp, 128)] + (cp > 0x7F) + (cp > 0x7FF) + (cp > 0xFFFF)
    places = growth.view(np.bool_).nonzero()[0]
    sums = np.zeros(len(places) + 1, np.int64)
    np.cumsum(growth[places], out=sums[1:])
    return escaped, at + sums[places.searchsorted(at)]


_VOIDS: dict[int, np.dtype] = {}


def _void(width: int) -> np.dtype:
    """The dtype of ``width`` raw bytes (cached: parsing ``"V…"`` costs a microsecond)."""
    dtype = _VOIDS.get(width)
    if dtype is None:
        dtype = _VOIDS[width] = np.dtype(f"V{width}")
    return dtype


class FastTokenWriter:
    """Per-export state: an output buffer, its windows, scratch arrays."""

    def __init__(self) -> None:
        """Create a writer with empty buffers."""
        self._out = np.empty(0, np.uint8)
        self._views: dict[tuple[int, int], np.ndarray] = {}
        self._scratch = np.empty((4, 0), np.int64)

    def _window(self, width: int, shift: int) -> np.ndarray:
        """The buffer as overlapping ``width``-byte items; item ``k`` starts at ``k + shift``."""
        view = self._views.get((width, shift))
        if view is None:
            out = self._out
            view = np.ndarray((len(out) - width - shift + 1,), _void(width), out, shift, (1,))
            self._views[width, shift] = view
        return view

    def _reserve(self, n: int, size: int) -> None:
        """Make the scratch rows hold ``2 n + 1`` numbers and the buffer ``size`` bytes."""
        if self._scratch.shape[1] < 2 * n + 1:
            self._scratch = np.empty((4, 2 * n + 1), np.int64)
        if len(self._out) < _BASE + size:
            self._out = np.empty(_BASE + max(size, 2 * len(self._out), 1024), np.uint8)
            self._out[_BASE:_BASE + 10] = np.frombuffer(b'[{"text":"', np.uint8)
            self._views.clear()

    def _offsets(self, starts: Offsets, ends: Offsets) -> np.ndarray | None:
        """``[starts..., 0, ends...]`` as int64, or ``None`` unless all are C ``int``s."""
        n = len(starts)
        if type(starts) is array and type(ends) is array:
            if starts.typecode != "q" or ends.typecode != "q":
                return None
            at = np.empty(2 * n + 1, np.int64)
            at[:n] = np.frombuffer(starts, np.int64)
            at[n] = 0
            at[n + 1:] = np.frombuffer(ends, np.int64)
            return at
        try:
            data = marshal.dumps((starts, ends), 2)  # "(" 2 "[" n ("i" int32) * n "[" n …
        except ValueError:  # not built-in ints
            return None
        if data[10::5] != b"i" * n + b"[" + b"i" * n:  # every record an int32
            return None
        at = np.ndarray((2 * n + 1,), "<i4", data, 11, (5,)).astype(np.int64)
        at[n] = 0  # the length of the second list
        return at

    def dumps(self, text: str, starts: Offsets, ends: Offsets) -> str | None:
        """The JSON array of the tokens, or ``None`` to leave the job to the caller."""
        found = self.dump_bytes(text, starts, ends)
        return None if found is None else found.decode()

    def dump_bytes(self, text: str, starts: Offsets, ends: Offsets) -> bytes | None:
        """:meth:`dumps` as UTF-8 bytes (no decoding: an export writes them as they are)."""
        n = len(starts)
        if not 0 < n <= MAX_TOKENS or len(text) >= MAX_TEXT or len(ends) != n:
            return None
        at = self._offsets(starts, ends)
        if at is None or _largest(at.view(np.uint64)) > len(text):
            return None  # an offset before or past the text
        lengths = at[n + 1:] - at[:n]
        longest = int(_largest(lengths.view(np.uint64)))
        found = _escaped(text, at) if longest <= len(text) else None  # else: end < start
        if found is None:
            return None
        data, at_b = found
        if at_b is not at:
            lengths = at_b[n + 1:] - at_b[:n]
            longest = int(_largest(lengths))
        return self._write(len(text), data, at, at_b, lengths, longest)

    def _layout(self, text_length: int, at: np.ndarray, size: np.ndarray,
                tables: tuple[np.ndarray, ...]) -> int:
        """Fill the scratch rows (ws key, digits of start, unit edges); the JSON length."""
        n, (_, _, digit_count, _, ix_width, even) = len(size), tables
        ws_key, digits, width, edge = self._scratch
        ws_key, width = ws_key[:n], width[:n]
        np.greater(at[1:n], at[n + 1:-1], out=ws_key[:-1])
        ws_key[-1] = text_length > at[-1]
        ws_key += even[:n]
        digit_count.take(at, out=digits[:2 * n + 1], mode="clip")
        np.add(digits[:n], digits[n + 1:2 * n + 1], out=width)
        width += ix_width.take(ws_key, mode="clip")
        width += size
        edge[0] = 10
        width[0] += 10
        np.add.accumulate(width, out=edge[1:n + 1])
        return int(edge[n]) - 9

    def _write(self, text_length: int, data: bytes, at: np.ndarray, at_b: np.ndarray,
               size: np.ndarray, longest: int) -> bytes:
        """Lay out the units, scatter them, rewrite long tokens (see the module docstring)."""
        n = len(size)
        tables = _TABLES.get(text_length + 1, n)
        self._reserve(n, 0)
        total = self._layout(text_length, at, size, tables)
        self._reserve(n, total + _T_MAX + _S_W)  # the last windows reach past the JSON
        ws_key, digits, text_end, edge = self._scratch  # text_end reuses the width row
        start_rows, end_rows, _, ix_rows, _, _ = tables
        wide = min(longest, _T_MAX) or 1
        source = np.ndarray((len(data) + 1,), _void(wide), data + bytes(wide), 0, (1,))
        self._window(wide, _BASE)[edge[:n]] = source[at_b[:n]]
        np.add(edge[:n], size, out=text_end[:n])
        self._window(_S_W, _BASE)[text_end[:n]] = start_rows.take(at[:n], mode="clip")
        text_end[:n] += digits[:n]
        self._window(_E_W, _BASE + 17)[text_end[:n]] = end_rows.take(at[n + 1:], mode="clip")
        self._window(_IX_W, 0)[edge[1:n + 1]] = ix_rows.take(ws_key[:n], mode="clip")
        if longest > _T_MAX:
            for j in np.flatnonzero(size > _T_MAX).tolist():
                piece = np.frombuffer(data[at_b[j]:at_b[n + 1 + j]], np.uint8)
                start = _BASE + int(edge[j])
                self._out[start:start + len(piece)] = piece
        self._out[_BASE + total - 1] = 93  # "]" instead of the "," of the last glue
        return self._out[_BASE:_BASE + total].tobytes()
