"""The coded-excerpts report: a Word document with a section per code.

Built only from built-in Word styles (Title, Heading 1-3, Quote, Caption, ...) so
a researcher can restyle it with their institution's template.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO, Literal

from codebooks.tree import with_ancestors
from exports._docx import DocxWriter, plural
from exports.model import Excerpt, ExportCode
from exports.pseudonyms import AttributionMode, PseudonymKey, attribution

PSEUDONYMISED_NOTE = "Names are pseudonymised."
NO_EXCERPTS = "No excerpts."


@dataclass
class WordOptions:
    title: str = "Coded excerpts"
    subtitle: str = ""  # e.g. the project name
    pseudonymise: bool = True
    key: PseudonymKey | None = None
    attribution: AttributionMode = "pseudonym"
    include_memos: bool = True
    include_context: bool = False
    order_by: Literal["organisation", "document"] = "document"
    codes: Collection[str] | None = None  # GUIDs of the codes to include; None for all
    skip_empty_codes: bool = False
    charts: list[tuple[str, bytes]] = field(default_factory=list)  # (caption, PNG bytes)
    codebook_appendix: bool = False
    date: date | None = None  # shown on the title page; today by default


def check_options(pseudonymise: bool, mode: AttributionMode) -> None:
    if pseudonymise and mode == "real":
        raise ValueError("attribution by real name contradicts pseudonymise=True")


def make_cleaner(pseudonymise: bool, key: PseudonymKey | None) -> Callable[[str], str]:
    """The function every piece of exported text goes through."""
    if not pseudonymise or key is None:
        return lambda text: text
    cache: dict[str, str] = {}

    def clean(text: str) -> str:
        if len(text) > 200:
            return key.apply(text)
        if text not in cache:
            cache[text] = key.apply(text)
        return cache[text]

    return clean


def counts_line(excerpts: Sequence[Excerpt]) -> str:
    """Text like "3 excerpts from 2 documents and 2 organisations"."""
    documents = {e.document for e in excerpts}
    organisations = {e.organisation or e.organisation_pseudonym for e in excerpts} - {None, ""}
    return (
        f"{plural(len(excerpts), 'excerpt')} from {plural(len(documents), 'document')}"
        f" and {plural(len(organisations), 'organisation')}"
    )


def source_line(
    excerpt: Excerpt, key: PseudonymKey | None, mode: AttributionMode, clean: Callable[[str], str]
) -> str:
    """Text like "— Interviewee G, Organisation 4 · Interview 3 · 2023-05-01"."""
    parts = [clean(attribution(excerpt, key, mode))]
    if mode != "group":  # a document name would tie a group-attributed quote to one person
        parts.append(clean(excerpt.document_name))
    if excerpt.document_date:
        parts.append(excerpt.document_date)
    if excerpt.origin:
        parts.append(f"coded from a {excerpt.origin} suggestion")
    return "\u2014 " + " \u00b7 ".join(p for p in parts if p)


def _sort_key(order_by: str) -> Callable[[Excerpt], tuple]:
    if order_by == "organisation":
        return lambda e: (
            e.organisation_pseudonym or e.organisation or "\uffff",
            e.document_name,
            e.start,
        )
    if order_by == "document":
        return lambda e: (e.document_date or "", e.document_name, e.document, e.start)
    raise ValueError(f"unknown order {order_by!r}")


def _subtrees_with_excerpts(codes: Sequence[ExportCode], by_code: dict[str, list]) -> set[str]:
    """GUIDs of the codes that have excerpts themselves or in a descendant."""
    parents = {c.guid: c.parent for c in codes}
    return set(with_ancestors(parents, [c.guid for c in codes if by_code.get(c.guid)]))


def write_quote(
    writer: DocxWriter,
    excerpt: Excerpt,
    source: str,
    clean: Callable[[str], str],
    *,
    memo: bool = False,
    context: bool = False,
) -> None:
    """An excerpt in the Quote style, optionally its context, then its attribution
    and memo. The context sits between quote and attribution (smaller, indented)
    so it is never read as the lead-in of the next excerpt."""
    writer.paragraph(clean(excerpt.text.strip()), "Quote")
    around = excerpt.context.strip() if context and excerpt.context else ""
    if around and " ".join(around.split()) != " ".join(excerpt.text.split()):
        writer.paragraph(clean(around), bold_prefix="Context: ", small=True)
    writer.paragraph(source, run_style="Subtle Emphasis", align_right=True)
    if memo and excerpt.memo:
        writer.paragraph(clean(excerpt.memo), italic=True, bold_prefix="Memo: ")


def write_excerpts_docx(
    excerpts: Sequence[Excerpt],
    codes: Sequence[ExportCode],
    out: BinaryIO,
    options: WordOptions | None = None,
) -> None:
    """Write the report to ``out``: title page, contents, a section per code, appendix.

    ``codes`` are in tree order (see ``exports.model.export_codes``). With
    ``pseudonymise`` every text written (excerpts, context, memos, attributions,
    document and code names) goes through the key first.
    """
    options = options or WordOptions()
    check_options(options.pseudonymise, options.attribution)
    key = options.key if options.pseudonymise else None
    clean = make_cleaner(options.pseudonymise, options.key)
    mode = options.attribution

    selected = [c for c in codes if options.codes is None or c.guid in options.codes]
    included = {c.guid for c in selected}
    by_code: dict[str, list[Excerpt]] = {guid: [] for guid in included}
    for excerpt in excerpts:
        bucket = by_code.get(excerpt.code)
        if bucket is not None:
            bucket.append(excerpt)
    order = _sort_key(options.order_by)

    writer = DocxWriter()
    title = clean(options.title)
    notes = [PSEUDONYMISED_NOTE] if options.pseudonymise else []
    writer.title_page(title, clean(options.subtitle), options.date or date.today(), notes)
    writer.running_header(title)
    writer.table_of_contents()

    if options.charts:
        writer.heading("Overview", 1)
        for caption, png in options.charts:
            writer.picture(png, clean(caption))

    has_excerpts = _subtrees_with_excerpts(selected, by_code)
    for code in selected:
        found = sorted(by_code[code.guid], key=order)
        if options.skip_empty_codes and code.guid not in has_excerpts:
            continue
        name = code.name if code.parent in included else code.path
        writer.heading(clean(name), code.depth)
        if code.definition:
            writer.paragraph(clean(code.definition))
        if not found:
            if code.guid not in has_excerpts:  # a parent whose children have excerpts says nothing
                writer.paragraph(NO_EXCERPTS, italic=True)
            continue
        writer.paragraph(counts_line(found))
        for excerpt in found:
            source = source_line(excerpt, key, mode, clean)
            write_quote(
                writer,
                excerpt,
                source,
                clean,
                memo=options.include_memos,
                context=options.include_context,
            )

    if options.codebook_appendix:
        writer.page_break()
        writer.heading("Appendix: codebook", 1)
        rows = [[clean(c.path), clean(c.definition)] for c in selected]
        writer.table(["Code", "Definition"], rows)
    writer.save(out)
