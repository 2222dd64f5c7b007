"""File readers: bytes of one file -> :class:`~corpus.model.ExtractedText`.

Every reader returns canonical text (see :mod:`corpus.normalize`). Paragraphs
of .docx, .odt and .pdf pages are joined with a blank line. Bold speaker
labels in .docx (``**Sarah:** text``, or a paragraph that is only a bold
name) are kept in the text as ``Sarah: text`` / ``Sarah`` and returned as
turns, so they survive as speakers.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from lxml import etree

from codebooks.xmlsafe import InvalidXML, parse_xml
from corpus.captions import read_captions
from corpus.markup import plain_text
from corpus.model import ExtractedText, ImportFailed
from corpus.normalize import canonicalize, text_from_bytes
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
    archives, PDFs without a text layer and binary data posing as text."""
    ext = extension(filename)
    if ext not in SUPPORTED_EXTENSIONS:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        raise ImportFailed(
            filename, f"unsupported file type {ext or '(none)'!r}; use one of {supported}"
        )
    if not data:
        raise ImportFailed(filename, "the file is empty")
    if ext in (".txt", ".md"):
        result = plain_text(text_from_bytes(data, filename), ext[1:])
    elif ext in (".vtt", ".srt"):
        result = read_captions(text_from_bytes(data, filename), filename, ext[1:])
    elif ext == ".docx":
        result = _read_docx(filename, data)
    elif ext == ".odt":
        result = _read_odt(filename, data)
    else:
        result = _read_pdf(filename, data)
    if not result.text.strip():
        raise ImportFailed(filename, "the file contains no text")
    return result


def _joined(paragraphs: list[str]) -> str:
    return canonicalize("\n\n".join(p for p in (canonicalize(x) for x in paragraphs) if p.strip()))


# --- .docx -----------------------------------------------------------------


def _read_docx(filename: str, data: bytes) -> ExtractedText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        _check_xml_parts(data)
        document = docx.Document(io.BytesIO(data))
    except InvalidXML as err:  # before ValueError, its base class
        raise ImportFailed(filename, f"the .docx content cannot be read: {err}") from None
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as err:
        raise ImportFailed(
            filename, "not a valid .docx file (damaged, or not a Word document)"
        ) from err
    paragraphs: list[tuple[str, str | None]] = []  # (text, bold label or None)
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs.append(_docx_paragraph(Paragraph(child, document)))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = {cell._tc: cell.text for cell in row.cells}  # merged cells repeat
                paragraphs.append(("\t".join(cells.values()), None))
    parts: list[str] = []
    labels: list[Label] = []
    pos = 0
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
    text = "".join(parts)
    turns = build_turns(text, _keep("colon", labels, auto=True))
    title = document.core_properties.title or None
    return ExtractedText(text, "docx", turns if len(turns) >= 2 else None, title)


def _check_xml_parts(data: bytes) -> None:
    """Parse the package's XML parts (``[Content_Types].xml``, ``*.rels``,
    ``*.xml``) with the hardened parser before python-docx parses them with
    its own, so that entity declarations are refused with a clear error.
    Embedded files (images, an SVG, an HTML chunk) are not read as XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                parse_xml(archive.read(name), name)


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


def _read_odt(filename: str, data: bytes) -> ExtractedText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError) as err:
        raise ImportFailed(
            filename, "not a valid .odt file (damaged, or not an OpenDocument text)"
        ) from err
    try:
        root = parse_xml(content, "content.xml")
    except InvalidXML as err:
        raise ImportFailed(filename, f"the .odt content cannot be read: {err}") from None
    etree.strip_tags(root, etree.Comment)  # a comment's tail stays, joined to the text
    body = root.find(f"{{{_OFFICE_NS}}}body/{{{_OFFICE_NS}}}text")
    if body is None:
        raise ImportFailed(filename, "not an OpenDocument text (no office:text body)")
    paragraphs: list[str] = []
    _odt_blocks(body, paragraphs)
    return ExtractedText(_joined(paragraphs), "odt")


def _odt_blocks(element, out: list[str]) -> None:
    for child in element:
        ns, _, tag = child.tag[1:].partition("}")
        if ns == _TEXT_NS and tag in ("p", "h"):
            out.append(_odt_inline(child))
        elif ns == _TABLE_NS and tag == "table-row":
            cells = []
            for cell in child:
                inner: list[str] = []
                _odt_blocks(cell, inner)
                cells.append(" ".join(inner))
            out.append("\t".join(cells))
        elif ns == _TEXT_NS and tag in ("tracked-changes", "sequence-decls"):
            continue
        else:
            _odt_blocks(child, out)


def _odt_inline(element) -> str:
    parts = [element.text or ""]
    for child in element:
        ns, _, tag = child.tag[1:].partition("}")
        if ns == _TEXT_NS and tag == "s":
            parts.append(" " * int(child.get(f"{{{_TEXT_NS}}}c", "1")))
        elif ns == _TEXT_NS and tag == "tab":
            parts.append("\t")
        elif ns == _TEXT_NS and tag == "line-break":
            parts.append("\n")
        elif ns == _TEXT_NS and tag in ("note", "annotation"):
            pass
        else:
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- .pdf --------------------------------------------------------------------


def _read_pdf(filename: str, data: bytes) -> ExtractedText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailed(filename, "the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportFailed:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise ImportFailed(filename, "not a valid PDF file (damaged or incomplete)") from err
    text, original = clean_pages(pages), _joined(pages)
    if not text.strip():
        raise ImportFailed(filename, NO_TEXT_LAYER)
    title = None
    if reader.metadata is not None and reader.metadata.title:
        title = str(reader.metadata.title)
    return ExtractedText(
        text, "pdf", None, title, {"pages": len(pages)}, None if original == text else original
    )
