"""The interim-workshop pack: emerging themes for partners to review.

Each theme gets its definition, how many organisations raised it, two or three
anonymised quotes, an optional chart and a feedback box to write in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from docx.oxml import OxmlElement

from exports._docx import DocxWriter
from exports.model import Excerpt
from exports.pseudonyms import AttributionMode, PseudonymKey
from exports.word import PSEUDONYMISED_NOTE, check_options, make_cleaner, source_line, write_quote

DEFAULT_QUESTIONS = (
    "Does this theme ring true for your organisation?",
    "What is missing?",
    "What would you call it?",
)
#: Quotes between these lengths (characters) read well on a workshop table.
MEDIUM_LENGTH = (80, 300)


@dataclass
class Theme:
    code: str  # GUID of the code the theme comes from
    name: str
    definition: str = ""
    organisations_raised: int = 0
    organisations_total: int = 0
    excerpts: list[Excerpt] = field(default_factory=list)
    chart_png: bytes | None = None  # e.g. the theme by organisation
    quotes: list[str] | None = None  # coding GUIDs chosen by the researcher


@dataclass
class WorkshopOptions:
    title: str = "Emerging themes"
    subtitle: str = ""
    pseudonymise: bool = True
    key: PseudonymKey | None = None
    attribution: AttributionMode = "group"
    quotes_per_theme: int = 3
    questions: Sequence[str] = DEFAULT_QUESTIONS
    answer_lines: int = 3  # blank lines under each question
    date: date | None = None


def _length_penalty(text: str) -> int:
    low, high = MEDIUM_LENGTH
    n = len(text.strip())
    return low - n if n < low else max(0, n - high)


def _organisation(excerpt: Excerpt) -> str:
    # an excerpt with no organisation counts as its own document's voice
    return excerpt.organisation or excerpt.organisation_pseudonym or f"document:{excerpt.document}"


def pick_quotes(
    excerpts: Sequence[Excerpt], n: int = 3, chosen: Sequence[str] | None = None
) -> list[Excerpt]:
    """The quotes to show for a theme.

    ``chosen`` coding GUIDs are honoured in the researcher's order. Otherwise:
    distinct texts, one organisation each while possible, medium length first
    (see ``MEDIUM_LENGTH``), ties kept in the input order.
    """
    if chosen is not None:
        by_guid = {e.coding: e for e in excerpts}
        return [by_guid[g] for g in chosen if g in by_guid]

    ranked = sorted(enumerate(excerpts), key=lambda pair: (_length_penalty(pair[1].text), pair[0]))
    picked: list[Excerpt] = []
    texts: set[str] = set()
    organisations: set[str] = set()
    for allow_same_organisation in (False, True):
        for _, excerpt in ranked:
            if len(picked) >= n:
                return picked
            text = " ".join(excerpt.text.split()).casefold()
            if not text or text in texts:
                continue
            if not allow_same_organisation and _organisation(excerpt) in organisations:
                continue
            picked.append(excerpt)
            texts.add(text)
            organisations.add(_organisation(excerpt))
    return picked


def raised_line(theme: Theme) -> str:
    return f"Raised by {theme.organisations_raised} of {theme.organisations_total} organisations"


def _feedback_box(writer: DocxWriter, questions: Sequence[str], lines: int) -> None:
    table = writer.document.add_table(rows=len(questions), cols=1)
    table.style = writer.document.styles["Table Grid"]
    for number, (row, question) in enumerate(zip(table.rows, questions, strict=True)):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cell = row.cells[0]
        cell.paragraphs[0].add_run(question).bold = True
        for _ in range(lines):
            cell.add_paragraph()
        last_row = number == len(questions) - 1
        for paragraph in cell.paragraphs[: -1 if last_row else None]:
            paragraph.paragraph_format.keep_with_next = True  # the box stays on one page
    writer.append(table._tbl)


def write_workshop_pack(
    themes: Sequence[Theme], out: BinaryIO, options: WorkshopOptions | None = None
) -> None:
    """Write the pack to ``out``: a title page, then one page per theme."""
    options = options or WorkshopOptions()
    check_options(options.pseudonymise, options.attribution)
    key = options.key if options.pseudonymise else None
    clean = make_cleaner(options.pseudonymise, options.key)

    writer = DocxWriter()
    title = clean(options.title)
    notes = [PSEUDONYMISED_NOTE] if options.pseudonymise else []
    writer.title_page(title, clean(options.subtitle), options.date or date.today(), notes)
    writer.running_header(title)

    for index, theme in enumerate(themes):
        heading = writer.heading(clean(theme.name), 1)
        if index:
            # "page break before" rather than a break paragraph: LibreOffice keeps the
            # feedback box with a following break paragraph and pushes it a page on
            heading.get_or_add_pPr().pageBreakBefore_val = True
        if theme.definition:
            writer.paragraph(clean(theme.definition))
        writer.paragraph(bold_prefix=raised_line(theme))
        quotes = pick_quotes(theme.excerpts, options.quotes_per_theme, theme.quotes)
        if quotes:
            writer.heading("What people said", 2)
        for excerpt in quotes:
            write_quote(
                writer, excerpt, source_line(excerpt, key, options.attribution, clean), clean
            )
        if theme.chart_png:
            writer.picture(theme.chart_png, f"{clean(theme.name)} by organisation", width_cm=8)
        writer.wrap(writer.heading("Your feedback", 2)).paragraph_format.keep_with_next = True
        _feedback_box(writer, options.questions, options.answer_lines)
    writer.save(out)
