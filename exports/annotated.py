"""A transcript as a Word document with each coding as a native comment.

The layout is the one stored at import: a Word paragraph per stored paragraph
segment, and the speaker label of each turn (the text between the paragraph's
start, or the end of the turn before it, and the turn's start) in bold. Every
character of the text that lies in a paragraph is written exactly once. Text
outside every stored paragraph (a document stored without paragraphs, say)
is laid out by :func:`fallback_paragraphs` so that nothing is lost.

Runs are split at every coding boundary, so each comment anchors exactly the
characters that were coded; overlapping codings share runs and get a comment each.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import BinaryIO

from docx.text.run import Run

from exports._docx import DocxWriter, xml_text
from exports.model import Excerpt
from exports.pseudonyms import PseudonymKey

Span = tuple[int, int]
#: A stored turn: ``(start, end, speaker label)``; the span is the spoken text,
#: without the label (see ``corpus.speakers``).
TurnSpan = tuple[int, int, str | None]

_BLANK_LINES = re.compile(r"\n[ \t\r]*\n\s*")


def fallback_paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The fallback layout, for text that lies in no stored paragraph:
    ``(start, end)`` of each blank-line separated block of ``text[start:end]``,
    whitespace trimmed, as offsets into ``text``."""
    end = len(text) if end is None else end
    spans = []
    for sep in [*_BLANK_LINES.finditer(text, start, end), None]:
        stop = sep.start() if sep else end
        chunk = text[start:stop]
        stripped = chunk.strip()
        if stripped:
            left = start + len(chunk) - len(chunk.lstrip())
            spans.append((left, left + len(stripped)))
        if sep:
            start = sep.end()
    return spans


def _layout(text: str, paragraphs: Sequence[Span]) -> list[Span]:
    """The stored paragraphs, sorted, clipped to the text and to each other,
    with the fallback layout filling every stretch that holds text but no
    paragraph (the whole text when there are none)."""
    out: list[Span] = []
    last = 0
    for start, end in sorted(paragraphs):
        start, end = max(start, last), min(end, len(text))
        if start >= end:
            continue
        out += fallback_paragraphs(text, last, start)
        out.append((start, end))
        last = end
    return out + fallback_paragraphs(text, last)


def _labels(text: str, paragraphs: Sequence[Span], turns: Sequence[Span]) -> list[Span]:
    """``(start, end)`` of each speaker label: for a turn that starts inside a
    paragraph after its start, the text from the paragraph's start (or the end
    of an earlier turn in the same paragraph) up to the turn, trimmed."""
    turns = sorted(turns)
    starts = [s for s, _ in turns]
    labels = []
    for p_start, p_end in paragraphs:
        for i in range(bisect_right(starts, p_start), bisect_left(starts, p_end)):
            before = max(p_start, turns[i - 1][1]) if i else p_start
            chunk = text[before : turns[i][0]]
            stripped = chunk.strip()
            if stripped:
                left = before + len(chunk) - len(chunk.lstrip())
                labels.append((left, left + len(stripped)))
    return labels


def _initials(name: str) -> str:
    return "".join(word[0].upper() for word in name.split())[:3]


def _check(codings: Sequence[Excerpt], length: int) -> None:
    for coding in codings:
        if not 0 <= coding.start < coding.end <= length:
            raise ValueError(
                f"coding {coding.coding} spans {coding.start}-{coding.end}, "
                f"outside the text (length {length})"
            )


def write_annotated_docx(
    document_name: str,
    text: str,
    codings: Sequence[Excerpt],
    out: BinaryIO,
    key: PseudonymKey | None = None,
    *,
    paragraphs: Sequence[Span] = (),
    turns: Sequence[TurnSpan] = (),
) -> None:
    """Write ``text`` with one Word comment per coding (code path, memo; author = coder).

    ``paragraphs`` are the stored ``(start, end)`` paragraph segments and
    ``turns`` the stored ``(start, end, speaker)`` turns; without paragraphs
    the text is split at blank lines (:func:`fallback_paragraphs`). The label
    shown in bold is the text's own, so it is pseudonymised with the text.
    ``codings`` carry ``start``/``end`` offsets into ``text``. With a ``key``,
    the text, comments and authors are pseudonymised and every offset (codings,
    paragraphs, turns) is moved with the same mapping.
    """
    _check(codings, len(text))
    layout = _layout(text, paragraphs)
    turn_spans = [(start, end) for start, end, *_ in turns]
    spans = [(c.start, c.end) for c in codings]
    clean = key.apply if key is not None else (lambda s: s)
    if key is not None:
        text, moved = key.apply_with_spans(text, [*spans, *layout, *turn_spans])
        spans = moved[: len(spans)]
        layout = moved[len(spans) : len(spans) + len(layout)]
        turn_spans = moved[len(spans) + len(layout) :]
    labels = _labels(text, layout, turn_spans)
    bold_ends = {start: end for start, end in labels}
    boundaries = sorted({b for span in [*spans, *labels] for b in span})

    writer = DocxWriter()
    writer.paragraph(clean(document_name), "Title")
    run_starts: list[int] = []
    run_ends: list[int] = []
    runs: list[Run] = []
    for p_start, p_end in layout:
        paragraph = writer.wrap(writer.paragraph())
        cuts = [p_start]
        cuts += boundaries[bisect_right(boundaries, p_start) : bisect_left(boundaries, p_end)]
        cuts.append(p_end)
        bold_until = -1
        for a, b in zip(cuts, cuts[1:], strict=False):
            bold_until = bold_ends.get(a, bold_until)
            run = paragraph.add_run(xml_text(text[a:b]))
            if b <= bold_until:
                run.bold = True
            run_starts.append(a)
            run_ends.append(b)
            runs.append(run)

    document = writer.document
    for coding, (start, end) in zip(codings, spans, strict=True):
        first = bisect_left(run_starts, start)
        last = bisect_right(run_ends, end) - 1
        if first >= len(runs):  # only trailing blank lines were coded
            first = last = len(runs) - 1
        last = max(first, last)
        comment = document.add_comment(
            [runs[first], runs[last]],
            text=clean(coding.code_path),
            author=clean(coding.coder),
            initials=_initials(clean(coding.coder)),
        )
        if coding.memo:
            comment.add_paragraph(xml_text(clean(coding.memo)))
    writer.save(out)
