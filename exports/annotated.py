"""A transcript as a Word document with each coding as a native comment.

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

_BLANK_LINES = re.compile(r"\n[ \t\r]*\n\s*")
_SPEAKER_LABEL = re.compile(r"[A-Z][\w .'\u2019-]{0,40}?:(?=\s)")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: text between blank lines, trimmed."""
    spans = []
    start = 0
    for sep in [*_BLANK_LINES.finditer(text), None]:
        end = sep.start() if sep else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            left = start + chunk.index(stripped[0])
            spans.append((left, left + len(stripped)))
        if sep:
            start = sep.end()
    return spans


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
) -> None:
    """Write ``text`` with one Word comment per coding (code path, memo; author = coder).

    ``codings`` carry ``start``/``end`` offsets into ``text``. With a ``key``, the
    text, comments and authors are pseudonymised and the offsets moved to match.
    """
    _check(codings, len(text))
    spans = [(c.start, c.end) for c in codings]
    clean = key.apply if key is not None else (lambda s: s)
    if key is not None:
        text, spans = key.apply_with_spans(text, spans)
    boundaries = sorted({b for span in spans for b in span})

    writer = DocxWriter()
    writer.paragraph(clean(document_name), "Title")
    run_starts: list[int] = []
    run_ends: list[int] = []
    runs: list[Run] = []
    for p_start, p_end in paragraph_spans(text):
        paragraph = writer.wrap(writer.paragraph())
        cuts = {p_start, p_end}
        cuts.update(boundaries[bisect_right(boundaries, p_start) : bisect_left(boundaries, p_end)])
        label = _SPEAKER_LABEL.match(text, p_start, p_end)
        if label:
            cuts.add(label.end())
        ordered = sorted(cuts)
        for a, b in zip(ordered, ordered[1:], strict=False):
            run = paragraph.add_run(xml_text(text[a:b]))
            if label and b <= label.end():
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
