"""Document kinds, their import defaults, and telling a report from a transcript.

Each kind says how speakers are found when the user leaves ``speakers`` at
``"auto"``: transcripts and notes by every preset, a report only by its
quotations (:mod:`corpus.quotes`), the rest of it imported by paragraph.

:func:`looks_like_report` reads the shape of the text: headings (short lines
without a final full stop, ``2.1 The policy context``, ``# Title``), long
prose paragraphs, and how little of it the detected speaker turns hold. A
report with an attendee list and a few speaker headings is still a report.
"""

from __future__ import annotations

import re

from corpus.model import DOCUMENT_KINDS, Turn
from corpus.presets import blocks

__all__ = ["KIND_SPEAKERS", "guess_kind", "looks_like_report", "speakers_for"]

KIND_SPEAKERS = {kind: "auto" for kind in DOCUMENT_KINDS} | {"report": "quote_attribution"}

_NUMBERED = re.compile(r"^(?:#{1,6}[ \t]+)?(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)[ \t]+[A-Z]")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
LONG_PARAGRAPH = 300


def speakers_for(kind: str | None, speakers: str) -> str:
    """The speaker setting to use: the user's, unless it is ``"auto"`` and the
    kind has its own default."""
    if speakers != "auto" or not kind:
        return speakers
    return KIND_SPEAKERS.get(kind, "auto")


def _is_heading(text: str) -> bool:
    if "\n" in text or len(text) > 90:
        return False
    if _NUMBERED.match(text) or _MD_HEADING.match(text):
        return True
    words = text.split()
    return (
        1 <= len(words) <= 10
        and text[-1] not in '.,;:!?\u201d"'
        and text[0].isupper()
        and sum(w[0].isupper() for w in words) * 2 >= len(words)
    )


def looks_like_report(text: str, turns: list[Turn]) -> bool:
    """Headings (at least four), long prose paragraphs holding at least 40% of
    the text, and speaker turns holding under 40% of it."""
    spoken = sum(t.end - t.region_start for t in turns if t.speaker is not None)
    if spoken >= 0.4 * len(text):
        return False  # a transcript: no need to read its paragraphs
    spans = blocks(text)
    total = sum(e - s for s, e in spans)
    if not total:
        return False
    headings = sum(1 for s, e in spans if _is_heading(text[s:e]))
    prose = sum(e - s for s, e in spans if e - s >= LONG_PARAGRAPH)
    return headings >= 4 and prose >= 0.4 * total and spoken < 0.4 * total


def guess_kind(text: str, turns: list[Turn], preset: str | None = None) -> str:
    """``"report"`` for a report, ``"seminar"`` for notes whose speakers the
    seminar preset found, else ``"interview"`` (the default kind)."""
    if looks_like_report(text, turns):
        return "report"
    return "seminar" if preset == "seminar" else "interview"
