"""PDF-extracted text: page furniture dropped, hyphens and page breaks joined."""

from corpus.pdftext import clean_pages, join_hyphenated, page_furniture
from corpus.readers import extract


def pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of lines (Helvetica), written for these tests:
    objects 1 catalog, 2 page tree, 3 font, then each page and its content."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, lines in enumerate(pages):
        ops = [b"BT /F1 12 Tf 72 720 Td 14 TL"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
        ops.append(b"ET")
        content = b"\n".join(ops)
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


PAGES = [
    ["Food Bank Review 2024", "Introduction", "The pantry opened in a church hall and the commun-", "ity soon", "1"],
    ["Food Bank Review 2024", "relied on it every week.", "Volunteers came from three parishes.", "Page 2"],
    ["Food Bank Review 2024", "Findings", "Funding halved in two years.", "- 3 -"],
]  # fmt: skip


def test_clean_pages_exact():
    pages = ["\n".join(lines) for lines in PAGES]
    assert page_furniture([p.split("\n") for p in pages]) == {"food bank review #"}
    assert clean_pages(pages) == (
        "Introduction\nThe pantry opened in a church hall and the community soon "
        "relied on it every week.\nVolunteers came from three parishes.\n\n"
        "Findings\nFunding halved in two years."
    )


def test_short_documents_keep_their_lines_and_hyphens_need_lower_case():
    assert clean_pages(["Title\nOne line.", "Second page."]) == "Title\nOne line.\n\nSecond page."
    assert join_hyphenated("co-\nproduction and North-\nWest") == "coproduction and North-\nWest"


def test_pdf_import_cleans_and_keeps_the_original():
    result = extract("review.pdf", pdf(PAGES))
    assert result.meta == {"pages": 3}
    assert result.text.startswith(
        "Introduction\nThe pantry opened in a church hall and the community"
    )
    assert "Food Bank Review" not in result.text and "Page 2" not in result.text
    assert result.original.startswith("Food Bank Review 2024\nIntroduction\n")
    assert result.original.count("Food Bank Review 2024") == 3
