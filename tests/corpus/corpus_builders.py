"""Test helpers for the corpus tests: build small files, read ../shared, check
segment invariants."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from corpus.model import SEGMENT_KINDS, Segment

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def shared_bytes(*parts: str) -> bytes:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{'/'.join(parts)} not present (../shared is not on this machine)")
    return path.read_bytes()


def shared_glob(folder: str, pattern: str) -> tuple[str, bytes]:
    matches = sorted(SHARED.joinpath(folder).glob(pattern)) if SHARED.exists() else []
    if not matches:
        pytest.skip(f"{folder}/{pattern} not present (../shared is not on this machine)")
    return matches[0].name, matches[0].read_bytes()


def make_docx(paragraphs: list[list[tuple[str, bool]]]) -> bytes:
    """A .docx whose paragraphs are lists of (run text, bold) pairs."""
    import docx

    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, bold in runs:
            paragraph.add_run(text).bold = bold or None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_odt(paragraphs: list[str], heading: str | None = None) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P, S, Span

    document = OpenDocumentText()
    if heading:
        document.text.addElement(H(outlinelevel=1, text=heading))
    for text in paragraphs:
        first, _, rest = text.partition("  ")
        p = P(text=first)
        if rest:  # two spaces are stored as <text:s/> in ODF
            p.addElement(S(c=2))
            p.addElement(Span(text=rest))
        document.text.addElement(p)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _page_content(lines: list[str] | None) -> bytes:
    if lines is None:  # only a drawn line and no text (like a scan without OCR)
        return b"0 0 m 100 100 l S"
    ops = [b"BT /F1 12 Tf 72 720 Td 14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def make_pdf(pages: list[list[str] | None]) -> bytes:
    """A PDF with one page per list of lines, drawn in Helvetica (``None``: a
    page with no text). Objects: 1 catalog, 2 page tree, 3 font, then each
    page and its content."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, lines in enumerate(pages):
        content = _page_content(lines)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents " + f"{5 + 2 * i} 0 R >>".encode()
        )
        objects.append(
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    size = len(objects) + 1
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def tiny_pdf(lines: list[str] | None) -> bytes:
    """A one-page PDF with each line drawn in Helvetica, or, with ``None``,
    only a drawn line and no text at all (like a scan without OCR)."""
    return make_pdf([lines])


def check_invariants(text: str, segments: list[Segment]) -> None:
    """The segment invariants of corpus.segment, asserted for each kind."""
    for kind in SEGMENT_KINDS:
        spans = [(s.start, s.end) for s in segments if s.kind == kind]
        assert spans == sorted(spans), kind
        for (s1, e1), (s2, _) in zip(spans, spans[1:], strict=False):
            assert e1 <= s2, (kind, s1, e1, s2)
        for start, end in spans:
            assert 0 <= start < end <= len(text), (kind, start, end)
            piece = text[start:end]
            assert piece == piece.strip(), (kind, piece)
        if kind == "turn":
            continue
        covered = bytearray(len(text))
        for start, end in spans:
            for i in range(start, end):
                covered[i] += 1
        for i, char in enumerate(text):
            expected = 0 if char.isspace() else 1
            if expected:
                assert covered[i] == 1, (kind, i, char)
