"""Speaker-label presets: each finds candidate labels in a canonical text.

A finder returns :class:`Label` records; :mod:`corpus.speakers` filters them
(names must look like names) and turns them into :class:`~corpus.model.Turn`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple


class Label(NamedTuple):
    """A speaker label found in the text.

    ``start`` is where the label begins, ``content_start`` where the spoken
    text begins. ``end`` is ``None`` when the turn runs up to the next label,
    or the end of the turn for presets that know it (quotations)."""

    start: int
    content_start: int
    speaker: str
    meta: dict
    end: int | None = None


Finder = Callable[[str], list[Label]]


@dataclass(frozen=True)
class SpeakerPreset:
    """A named way of writing speaker labels, shown in the import preview."""

    name: str
    description: str
    finder: Finder | None = field(default=None, compare=False)
    example: str = ""


_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# A label candidate: starts with a letter, up to five words, no colon inside.
_CANDIDATE = r"[^\W\d_][^\s:*\[\]]{0,39}(?:[ \t]+[^\s:*\[\]]{1,40}){0,4}?"
_DASH = "[-\u2013\u2014]"


def _regex_finder(pattern: re.Pattern[str]) -> Finder:
    """Labels from a line-anchored regex with a ``speaker`` group (and
    optionally ``time`` and ``affiliation`` groups, kept in the meta)."""

    def find(text: str) -> list[Label]:
        labels = []
        for m in pattern.finditer(text):
            groups = m.groupdict()
            speaker = (groups.get("speaker") or "").strip()
            if not speaker:
                continue
            meta = {k: v.strip() for k, v in groups.items() if k != "speaker" and v}
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            labels.append(Label(start, m.end(), speaker, meta))
        return labels

    return find


COLON = re.compile(rf"^[ \t]*(?P<speaker>{_CANDIDATE})[ \t]*:(?!//)[ \t]*", re.M)
TIMESTAMP_NAME = re.compile(
    rf"^[ \t]*[\[(](?P<time>{_TIME})[\])][ \t]*{_DASH}?[ \t]*(?P<speaker>{_CANDIDATE})[ \t]*:[ \t]*",
    re.M,
)
NAME_TIMESTAMP = re.compile(
    rf"^[ \t]*(?P<speaker>{_CANDIDATE})[ \t]*\((?P<time>{_TIME})\)[ \t]*:?[ \t]*", re.M
)
BRACKET_ID = re.compile(r"^[ \t]*\[(?P<speaker>[^\W_][\w .'\u2019-]{0,30})\][ \t]*:?[ \t]*", re.M)
MARKDOWN_BOLD = re.compile(
    r"^[ \t]*\*\*(?P<speaker>[^*\n:]{1,60}?)[ \t]*:?\*\*[ \t]*"
    r"(?:\((?P<affiliation>[^()\n]{1,100})\)[ \t]*)?:?[ \t]*",
    re.M,
)
_TITLES = frozenset("dr prof professor mr mrs ms miss mx sir dame cllr rev revd lord lady".split())


def initials(name: str) -> str:
    """``"Dr Pat Avery"`` -> ``"PA"``: first letters of the words, titles skipped."""
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    words = [w for w in words if w.casefold().rstrip(".") not in _TITLES] or words
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


_BLOCK_GAP = re.compile(r"\n(?:[^\S\n]*\n)+")
_OPEN_QUOTES = "\"\u201c\u201e\u00ab'\u2018"
_CLOSE_QUOTES = "\"\u201d\u00bb'\u2019"
_ATTRIBUTION = re.compile(
    rf"^(?:{_DASH}|~)?[ \t]*(?P<speaker>[^\W\d_][^\n.?!:;\"\u201c\u201d]{{0,59}})$"
)


def blocks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the blank-line separated blocks of ``text``, with
    surrounding whitespace excluded; whitespace-only lines count as blank."""
    spans = []
    pos = 0
    for gap in _BLOCK_GAP.finditer(text):
        spans.append((pos, gap.start()))
        pos = gap.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out


def find_quote_attributions(text: str) -> list[Label]:
    """A quoted paragraph followed by a short attribution line on its own
    (``"..."`` then ``Interviewee F``): a turn for that speaker covering the
    quotation (quote marks included); the attribution line is the label."""
    found = []
    spans = blocks(text)
    for (qs, qe), (ls, le) in zip(spans, spans[1:], strict=False):
        quote = text[qs:qe].strip("*_ ")
        if len(quote) < 3 or quote[0] not in _OPEN_QUOTES:
            continue
        if quote.rstrip(".,)")[-1:] not in _CLOSE_QUOTES:
            continue
        m = _ATTRIBUTION.match(text[ls:le].strip("*_ "))
        if m is None or len(m.group("speaker").split()) > 6:
            continue
        found.append(Label(qs, qs, m.group("speaker").strip(), {}, end=qe))
    return found


def custom_finder(pattern: str) -> Finder:
    """A finder for a user's regex: it must have a named group ``speaker``
    and is matched at the start of each line (``time`` and other named groups
    go into the turn's meta)."""
    try:
        compiled = re.compile(pattern, re.M)
    except re.error as err:
        raise ValueError(f"invalid speaker pattern {pattern!r}: {err}") from None
    if "speaker" not in compiled.groupindex:
        raise ValueError(f"speaker pattern {pattern!r} needs a named group (?P<speaker>...)")

    def find(text: str) -> list[Label]:
        labels = []
        pos = 0
        size = len(text)
        while pos <= size:
            m = compiled.match(text, pos)
            if m is not None and m.end() > pos and (m.group("speaker") or "").strip():
                meta = {k: v.strip() for k, v in m.groupdict().items() if k != "speaker" and v}
                labels.append(Label(pos, m.end(), m.group("speaker").strip(), meta))
            nl = text.find("\n", pos)
            if nl < 0:
                break
            pos = nl + 1
        return labels

    return find


def _find_quotes(text: str) -> list[Label]:
    from corpus.quotes import find_quotes

    return find_quotes(text)


def _find_notes(text: str) -> list[Label]:
    from corpus.notes import find_notes

    return find_notes(text)


PRESETS: dict[str, SpeakerPreset] = {
    p.name: p
    for p in (
        SpeakerPreset(
            "timestamp_name",
            "Timestamp then name: [00:01:23] Speaker 1: ...",
            _regex_finder(TIMESTAMP_NAME),
            "[00:01:23] Speaker 1: Hello",
        ),
        SpeakerPreset(
            "name_timestamp",
            "Name then timestamp: Speaker 1 (00:01:23): ...",
            _regex_finder(NAME_TIMESTAMP),
            "Speaker 1 (00:01:23): Hello",
        ),
        SpeakerPreset(
            "bracket_id",
            "Bracketed ids at line start, QualCoder style: [id1] ...",
            _regex_finder(BRACKET_ID),
            "[id1] Hello",
        ),
        SpeakerPreset(
            "markdown_bold",
            "Bold names in Markdown: **Name** or **Name** (Affiliation)",
            _regex_finder(MARKDOWN_BOLD),
            "**Sam Lee** (Food Bank) Hello",
        ),
        SpeakerPreset(
            "seminar",
            "Seminar or meeting notes: 10.30 \u2013 Name (Affiliation), Name \u2013 ..., "
            "later turns by initials: PA \u2013 ...",
            _find_notes,
            "10.30 \u2013 Pat Avery (Knowsley CVS)",
        ),
        SpeakerPreset(
            "quote_attribution",
            "Quotations attributed by a line after them (\u201c...\u201d then Interviewee F), "
            "in brackets (Participant from VCSE) or in prose (Org (Person) said \u2018...\u2019)",
            _find_quotes,
            "\u201cWe do a lot with a little.\u201d\n\nInterviewee F",
        ),
        SpeakerPreset(
            "colon",
            "Name or role and a colon at line start: Interviewer:, SARAH:, P3:, Q:/A:",
            _regex_finder(COLON),
            "Interviewer: Hello",
        ),
        SpeakerPreset(
            "custom",
            "Your own regular expression with a named group (?P<speaker>...), matched at line start",
            None,
            r"(?P<speaker>[A-Z][a-z]+) says:",
        ),
    )
}
