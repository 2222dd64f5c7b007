"""File readers: bytes of one file -> :class:`~corpus.model.ExtractedText`.

Every reader returns canonical text (see :mod:`corpus.normalize`). Paragraphs
of .docx, .odt and .pdf pages are joined with a blank line. Bold speaker
labels in .docx (``**Sarah:** text``, or a paragraph that is only a bold
name) are kept in the text as ``Sarah: text`` / ``Sarah`` and returned as
turns, so they survive as speakers.
"""

from __future__ import annotations

import io
import logging
from pathlib import PurePath

from lxml import etree

from codebooks.xmlsafe import InvalidXML, parse_xml
from corpus import limits as _limits
from corpus.archives import ZIP_ERRORS, check_package, unpack
from corpus.captions import read_captions
from corpus.markup import plain_text
from corpus.model import ExtractedText, ImportFailed
from corpus.normalize import CP1252, canonicalize, decode_text
from corpus.pdftext import clean_pages
from corpus.presets import Label
from corpus.speakers import _keep, build_turns, is_name_like

SUPPORTED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf", ".odt", ".vtt", ".srt")

NO_TEXT_LAYER = "PDF has no text layer (scanned?); run OCR first"


def extension(filename: str) -> str:
    return PurePath(filename).suffix.lower()


def extract(filename: str, data: bytes) -> ExtractedText:
    """The canonical text (and, for some formats, the turns) of one file.

    Raises ``ImportFailed`` for unknown extensions, empty files, corrupt
    archives, PDFs without a text layer, binary data posing as text, and
    files that expand past :mod:`corpus.limits`."""
    _limits.current()  # a QDA_LIMIT_* variable that is not a number fails here, clearly
    ext = extension(filename)
    if ext not in SUPPORTED_EXTENSIONS:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        raise ImportFailed(
            filename, f"unsupported file type {ext or '(none)'!r}; use one of {supported}"
        )
    if not data:
        raise ImportFailed(filename, "the file is empty")
    if ext in (".txt", ".md", ".vtt", ".srt"):
        text, encoding = decode_text(data, filename)
        text = canonicalize(text)
        if ext in (".txt", ".md"):
            result = plain_text(text, ext[1:])
        else:
            result = read_captions(text, filename, ext[1:])
        if encoding == CP1252:
            result.meta["encoding"] = "Windows-1252"  # the caller says so
    elif ext == ".docx":
        result = _read_docx(filename, data)
    elif ext == ".odt":
        result = _read_odt(filename, data)
    else:
        result = _read_pdf(filename, data)
    if len(result.text) > _limits.current().text_chars:
        raise ImportFailed(filename, _text_too_long())
    if not result.text.strip():
        raise ImportFailed(filename, "the file contains no text")
    return result


def _text_too_long() -> str:
    return f"the text is longer than {_limits.describe('text_chars')}"


def _joined(paragraphs: list[str]) -> str:
    return canonicalize("\n\n".join(p for p in (canonicalize(x) for x in paragraphs) if p.strip()))


# --- .docx -----------------------------------------------------------------


DOCX_DAMAGED = "not a valid .docx file (damaged, or not a Word document)"
# What python-docx raises on a package it cannot make sense of.
_DOCX_ERRORS = (*ZIP_ERRORS, AttributeError, TypeError, IndexError, etree.LxmlError)


def _read_docx(filename: str, data: bytes) -> ExtractedText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        check_package(filename, data, DOCX_DAMAGED)
        document = docx.Document(io.BytesIO(data))
        paragraphs: list[tuple[str, str | None]] = []  # (text, bold label or None)
        body = document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag == "p":
                paragraphs.append(_docx_paragraph(Paragraph(child, document)))
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells = {cell._tc: cell.text for cell in row.cells}  # merged cells repeat
                    paragraphs.append(("\t".join(cells.values()), None))
        title = document.core_properties.title or None
    except InvalidXML as err:  # before ValueError, its base class
        raise ImportFailed(filename, f"the .docx content cannot be read: {err}") from None
    except (PackageNotFoundError, *_DOCX_ERRORS) as err:
        raise ImportFailed(filename, DOCX_DAMAGED) from err
    parts: list[str] = []
    labels: list[Label] = []
    pos, limit = 0, _limits.current().text_chars
    for raw, label in paragraphs:
        text = canonicalize(raw)
        if not text.strip():
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        if label is not None:
            content = pos + text.index(label) + len(label)
            while content < pos + len(text) and text[content - pos] in ": \t":
                content += 1
            labels.append(Label(pos + len(text) - len(text.lstrip()), content, label, {}))
        parts.append(text)
        pos += len(text)
        if pos > limit:
            raise ImportFailed(filename, _text_too_long())
    text = "".join(parts)
    turns = build_turns(text, _keep("colon", labels, auto=True))
    return ExtractedText(text, "docx", turns if len(turns) >= 2 else None, title)


def _docx_paragraph(paragraph) -> tuple[str, str | None]:
    """The paragraph's text and its bold speaker label, if it starts with
    one: bold runs followed by ``:``, or a paragraph that is bold only."""
    runs = [r for r in paragraph.runs if r.text]
    bold = []
    for run in runs:
        if not _is_bold(run):
            break
        bold.append(run.text)
    label_text = "".join(bold)
    text = paragraph.text
    if not label_text.strip():
        return text, None
    rest = text[len(label_text) :] if text.startswith(label_text) else None
    candidate = label_text.strip().rstrip(":").strip()
    is_label = label_text.strip().endswith(":") or (
        rest is not None and rest.lstrip().startswith(":")
    )
    if len(bold) == len(runs) and not label_text.strip().endswith(":"):
        is_label = True  # a bold-only paragraph: a name on its own line
    if is_label and is_name_like(candidate) and not text.lstrip().startswith(("*", "-")):
        return text, candidate
    return text, None


def _is_bold(run) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    style = run.style
    return bool(style is not None and style.font is not None and style.font.bold)


# --- .odt --------------------------------------------------------------------

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


ODT_DAMAGED = "not a valid .odt file (damaged, or not an OpenDocument text)"


def _read_odt(filename: str, data: bytes) -> ExtractedText:
    content = unpack(filename, data, lambda name: name == "content.xml", ODT_DAMAGED).get(
        "content.xml"
    )
    if content is None:
        raise ImportFailed(filename, ODT_DAMAGED)
    try:
        root = parse_xml(content, "content.xml")
    except InvalidXML as err:
        raise ImportFailed(filename, f"the .odt content cannot be read: {err}") from None
    etree.strip_tags(root, etree.Comment)  # a comment's tail stays, joined to the text
    body = root.find(f"{{{_OFFICE_NS}}}body/{{{_OFFICE_NS}}}text")
    if body is None:
        raise ImportFailed(filename, "not an OpenDocument text (no office:text body)")
    paragraphs: list[str] = []
    _odt_blocks(body, paragraphs, _OdtBudget(filename))
    return ExtractedText(_joined(paragraphs), "odt")


class _OdtBudget:
    """Counts the spaces ``<text:s text:c="N"/>`` asks for, so that a few
    bytes of XML cannot make a document larger than the limits."""

    def __init__(self, filename: str):
        self.filename = filename
        self.limits = _limits.current()
        self.spaces = 0

    def spaces_for(self, element) -> str:
        raw = element.get(f"{{{_TEXT_NS}}}c", "1")
        try:
            count = int(raw)
        except ValueError:
            raise ImportFailed(
                self.filename,
                f"content.xml line {element.sourceline}: text:c={raw!r} is not a number",
            ) from None
        if count > self.limits.repeat:
            raise ImportFailed(
                self.filename,
                f"content.xml line {element.sourceline}: a run of {count:,} spaces, more than "
                f"{_limits.describe('repeat', self.limits)}",
            )
        self.spaces += max(count, 0)
        if self.spaces > self.limits.text_chars:
            raise ImportFailed(self.filename, _text_too_long())
        return " " * count


def _odt_blocks(element, out: list[str], budget: _OdtBudget) -> None:
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a processing instruction
        ns, _, tag = child.tag[1:].partition("}")
        if ns == _TEXT_NS and tag in ("p", "h"):
            out.append(_odt_inline(child, budget))
        elif ns == _TABLE_NS and tag == "table-row":
            cells = []
            for cell in child:
                inner: list[str] = []
                _odt_blocks(cell, inner, budget)
                cells.append(" ".join(inner))
            out.append("\t".join(cells))
        elif ns == _TEXT_NS and tag in ("tracked-changes", "sequence-decls"):
            continue
        else:
            _odt_blocks(child, out, budget)


def _odt_inline(element, budget: _OdtBudget) -> str:
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        ns, _, tag = child.tag[1:].partition("}")
        if ns == _TEXT_NS and tag == "s":
            parts.append(budget.spaces_for(child))
        elif ns == _TEXT_NS and tag == "tab":
            parts.append("\t")
        elif ns == _TEXT_NS and tag == "line-break":
            parts.append("\n")
        elif ns == _TEXT_NS and tag in ("note", "annotation"):
            pass
        else:
            parts.append(_odt_inline(child, budget))
        parts.append(child.tail or "")
    return "".join(parts)


# --- .pdf --------------------------------------------------------------------


PDF_DAMAGED = "not a valid PDF file (damaged or incomplete)"


class _Collect(logging.Handler):
    """Keeps pypdf's warnings ("EOF marker not found", ...) from reaching stderr."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _read_pdf(filename: str, data: bytes) -> ExtractedText:
    from pypdf import PdfReader

    logger = logging.getLogger("pypdf")
    collect = _Collect()
    logger.addHandler(collect)
    limit = _limits.current().text_chars
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailed(filename, "the PDF is password-protected")
        pages, size = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > limit:
                raise ImportFailed(filename, _text_too_long())
        title = None
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title)
    except ImportFailed:
        raise
    except RecursionError as err:
        raise ImportFailed(filename, f"{PDF_DAMAGED}: objects nested too deeply") from err
    except Exception as err:  # pypdf fails in many ways on a damaged file
        raise ImportFailed(filename, PDF_DAMAGED) from err
    finally:
        logger.removeHandler(collect)
    text, original = clean_pages(pages), _joined(pages)
    if not text.strip():
        raise ImportFailed(filename, NO_TEXT_LAYER)
    return ExtractedText(
        text, "pdf", None, title, {"pages": len(pages)}, None if original == text else original
    )
