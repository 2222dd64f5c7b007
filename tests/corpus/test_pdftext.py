"""PDF-extracted text: page furniture dropped, hyphens and page breaks joined."""

from corpus.pdftext import clean_pages, join_hyphenated, page_furniture
from corpus.readers import extract
from tests.corpus.corpus_builders import make_pdf


def pdf(pages: list[list[str]]) -> bytes:
    return make_pdf(pages)


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
