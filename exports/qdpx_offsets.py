"""Positions between a text as another tool wrote it and our canonical text.

REFI-QDA positions count Unicode code points of the plain text as written
in the file. MAXQDA and NVivo write CRLF line ends; our canonical text has
``\\n`` (see ``corpus.normalize.canonicalize``). :class:`OffsetMap` maps
every position of the written text to the canonical one exactly, and
:func:`crlf_text` does the reverse for export.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

from corpus.normalize import canonicalize

# The same classes corpus.normalize folds or drops, handled one match at a time.
_FOLD = re.compile(
    "\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufeff]"
)
_LINE_ENDS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028"
_HANGUL_JOINERS = re.compile("[\u1160-\u11ff\u3164]")


class OffsetMap:
    """``canonical`` is ``canonicalize(raw)`` (with ``keep_end=True`` the same
    but with trailing whitespace kept); ``position(i)`` maps a position
    ``0 <= i <= len(raw)`` of ``raw`` to the matching canonical position.

    A position inside a removed or folded run (the middle of a CRLF, a
    dropped control character, a composed accent) maps to where that run
    starts in the canonical text; positions past the trimmed end map to its
    length. ``exact`` is False only if Unicode composition crossed a place
    this map cannot split (then positions inside a composed run are approximate).
    """

    def __init__(self, raw: str, keep_end: bool = False) -> None:
        self.raw = raw
        self.exact = True
        canonical = canonicalize(raw)
        if canonical == raw:
            self.canonical, self._map = raw, None
            return
        folded, first = _fold(raw)
        text, second = _compose(folded)
        if text.rstrip() != canonical:  # pragma: no cover - composition we cannot split
            self.exact = False
            text, second = unicodedata.normalize("NFC", folded), None
        if keep_end:
            canonical = text  # trailing whitespace kept: the text as given
            if canonical == raw:
                self.canonical, self._map = raw, None
                return
        self.canonical = canonical
        self._map = [
            min(second[p] if second is not None else min(p, len(text)), len(canonical))
            for p in first
        ]

    def position(self, i: int) -> int:
        if not 0 <= i <= len(self.raw):
            raise IndexError(f"position {i} is outside the text (0-{len(self.raw)})")
        return i if self._map is None else self._map[i]


def _fold(raw: str) -> tuple[str, list[int]]:
    """Line ends to ``\\n``, U+2029 to a blank line, controls dropped; with the
    position map of ``raw`` (length ``len(raw) + 1``)."""
    out: list[str] = []
    positions: list[int] = []
    length = 0
    last = 0
    for match in _FOLD.finditer(raw):
        start, end = match.span()
        if start > last:
            out.append(raw[last:start])
            positions.extend(range(length, length + start - last))
            length += start - last
        piece = match.group()
        if piece == "\r\n" or piece in _LINE_ENDS:
            replacement = "\n"
        elif piece == "\u2029":
            replacement = "\n\n"
        else:
            replacement = ""
        positions.extend([length] * (end - start))
        out.append(replacement)
        length += len(replacement)
        last = end
    out.append(raw[last:])
    positions.extend(range(length, length + len(raw) - last + 1))
    return "".join(out), positions


def _compose(text: str) -> tuple[str, list[int]]:
    """NFC, run by run: a run starts at a character of combining class 0 that
    does not join the one before (Hangul vowels and trailing consonants do).
    Positions inside a run that changes length map to the run's start."""
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    starts = [
        i
        for i, ch in enumerate(text)
        if i == 0 or (unicodedata.combining(ch) == 0 and not _HANGUL_JOINERS.match(ch))
    ]
    starts.append(len(text))
    out: list[str] = []
    positions: list[int] = []
    length = 0
    for a, b in zip(starts, starts[1:], strict=False):
        run = text[a:b]
        done = unicodedata.normalize("NFC", run)
        if len(done) == len(run):
            positions.extend(range(length, length + len(run)))
        else:
            positions.extend([length] * len(run))
        out.append(done)
        length += len(done)
    positions.append(length)
    return "".join(out), positions


def crlf_text(text: str) -> str:
    """The text with CRLF line ends (as MAXQDA and NVivo expect)."""
    return text.replace("\n", "\r\n")


class CrlfPositions:
    """Canonical position -> position in :func:`crlf_text` (one more per ``\\n`` before it)."""

    def __init__(self, text: str) -> None:
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, position: int) -> int:
        return position + bisect_left(self._newlines, position)
