"""Fast, style-safe paragraph writing on top of python-docx.

python-docx's ``Document.add_paragraph`` looks the style up by name and finds the
insertion point by scanning the whole body, which is quadratic over thousands of
excerpts. ``DocxWriter`` resolves style ids once and appends before the final
section properties directly.
"""

from __future__ import annotations

import io
import re
from copy import deepcopy
from datetime import date

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

#: Characters XML 1.0 cannot hold; transcripts pasted from PDFs sometimes carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

TOC_INSTRUCTION = r'TOC \o "1-3" \h \z \u'
TOC_PLACEHOLDER = "Right-click to update the table of contents"


def xml_text(text: str) -> str:
    """``text`` without characters that would make the .docx unreadable."""
    return _NOT_XML.sub("", text)


class DocxWriter:
    """Appends paragraphs to a new document using built-in styles only."""

    def __init__(self) -> None:
        self.document: Document = docx.Document()
        self._body = self.document.element.body
        self._sect_pr = self._body.sectPr
        self._style_ids: dict[str, str] = {}
        self._ppr_cache: dict[tuple, object] = {}
        self._rpr_cache: dict[tuple, object] = {}
        quote = self.document.styles["Quote"].paragraph_format
        quote.left_indent = quote.right_indent = Cm(1)
        quote.space_after = Pt(2)
        quote.keep_with_next = True  # a quote stays on the page of its attribution

    def style_id(self, name: str) -> str:
        """The id of built-in style ``name``, looked up once per document."""
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def paragraph(
        self,
        text: str = "",
        style: str | None = None,
        *,
        italic: bool = False,
        bold_prefix: str = "",
        run_style: str | None = None,
        align_right: bool = False,
        small: bool = False,
    ) -> CT_P:
        """Append a paragraph; newlines in ``text`` become line breaks.

        ``small``: a 9 pt, grey, indented paragraph kept with the next one
        (an excerpt's context, which belongs to the quote above it).
        Properties are built once per combination and copied, and runs are
        written with lxml directly: python-docx's run.text walks every character.
        """
        p: CT_P = OxmlElement("w:p")  # type: ignore[assignment]
        ppr = self._ppr(style, align_right, small)
        if ppr is not None:
            p.append(deepcopy(ppr))
        if bold_prefix:
            _add_run(p, bold_prefix, self._rpr(True, False, None, small))
        if text:
            _add_run(p, text, self._rpr(False, italic, run_style, small))
        self.append(p)
        return p

    def _ppr(self, style: str | None, align_right: bool, small: bool):
        key = (style, align_right, small)
        if key not in self._ppr_cache:
            p: CT_P = OxmlElement("w:p")  # type: ignore[assignment]
            if style is not None:
                p.get_or_add_pPr().style = self.style_id(style)
            if align_right:
                p.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.RIGHT
            if small:
                p_pr = p.get_or_add_pPr()
                p_pr.ind_left = Cm(1)
                p_pr.ind_right = Cm(1)
                p_pr.keepNext_val = True
                p_pr.spacing_after = Pt(2)
            self._ppr_cache[key] = p.pPr
        return self._ppr_cache[key]

    def _rpr(self, bold: bool, italic: bool, run_style: str | None, small: bool):
        """Run properties in the schema's order: rStyle, b, i, color, sz."""
        key = (bold, italic, run_style, small)
        if key not in self._rpr_cache:
            rpr = OxmlElement("w:rPr")
            if run_style is not None:
                rpr.append(_val("w:rStyle", self.style_id(run_style)))
            if bold:
                rpr.append(OxmlElement("w:b"))
            if italic:
                rpr.append(OxmlElement("w:i"))
            if small:
                rpr.append(_val("w:color", "595959"))
                rpr.append(_val("w:sz", "18"))  # half-points
            self._rpr_cache[key] = rpr if len(rpr) else None
        return self._rpr_cache[key]

    def append(self, element) -> None:
        if self._sect_pr is not None:
            self._sect_pr.addprevious(element)
        else:
            self._body.append(element)

    def wrap(self, p: CT_P) -> Paragraph:
        return Paragraph(p, self.document._body)

    def heading(self, text: str, level: int) -> CT_P:
        return self.paragraph(text, f"Heading {min(max(level, 1), 3)}")

    def page_break(self) -> None:
        p: CT_P = OxmlElement("w:p")  # type: ignore[assignment]
        p.add_r().add_br().type = "page"
        self.append(p)

    def title_page(self, title: str, subtitle: str, when: date, notes: list[str]) -> None:
        self.paragraph(title, "Title")
        if subtitle:
            self.paragraph(subtitle, "Subtitle")
        self.paragraph(f"{when.day} {when:%B %Y}")
        for note in notes:
            self.paragraph(note, italic=True)
        self.page_break()

    def table_of_contents(self, heading: str = "Contents") -> None:
        """A real TOC field; Word and LibreOffice fill it in when fields are updated."""
        self.paragraph(heading, "TOC Heading")
        p: CT_P = OxmlElement("w:p")  # type: ignore[assignment]
        add_field(p, TOC_INSTRUCTION, TOC_PLACEHOLDER)
        self.append(p)
        self._ask_to_update_fields()
        self.page_break()

    def running_header(self, text: str) -> None:
        """``text`` in the page header and the page number in the footer."""
        section = self.document.sections[0]
        section.header.paragraphs[0].text = xml_text(text)
        footer = section.footer.paragraphs[0]
        footer.alignment = 1  # centre
        add_field(footer._p, "PAGE", "1")

    def _ask_to_update_fields(self) -> None:
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = OxmlElement("w:updateFields")
            update.set(qn("w:val"), "true")
            settings.append(update)

    def picture(self, png: bytes, caption: str = "", width_cm: float = 15.0) -> None:
        run = self.wrap(self.paragraph()).add_run()
        run.add_picture(io.BytesIO(png), width=Cm(width_cm))
        if caption:
            self.paragraph(caption, "Caption")

    def table(self, header: list[str], rows: list[list[str]], style: str = "Table Grid"):
        """A simple table; built with python-docx as tables are few and small."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = self.document.styles[style]
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(xml_text(text)).bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = xml_text(text)
        # add_table appended before sectPr already; keep order with our own appends
        self.append(table._tbl)
        return table

    def save(self, out) -> None:
        self.document.save(out)


def add_field(p: CT_P, instruction: str, placeholder: str) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end) to ``p``."""

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        p.add_r().append(char)

    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    p.add_r().append(instr)
    field_char("separate")
    p.add_r().text = placeholder
    field_char("end")


def _val(tag: str, value: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element


_R, _T, _BR, _TAB = qn("w:r"), qn("w:t"), qn("w:br"), qn("w:tab")
_SPACE = qn("xml:space")


def _add_run(p: CT_P, text: str, rpr) -> None:
    """A run holding ``text``: newlines become breaks, tabs tab characters."""
    r = etree.SubElement(p, _R)
    if rpr is not None:
        r.append(deepcopy(rpr))
    for i, line in enumerate(xml_text(text).split("\n")):
        if i:
            etree.SubElement(r, _BR)
        for j, chunk in enumerate(line.split("\t")):
            if j:
                etree.SubElement(r, _TAB)
            if chunk:
                t = etree.SubElement(r, _T)
                t.text = chunk
                if chunk[0].isspace() or chunk[-1].isspace():
                    t.set(_SPACE, "preserve")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
