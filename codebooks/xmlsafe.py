"""Parsing untrusted XML safely: the one way the project parses XML.

Every XML reader goes through here: REFI-QDA codebooks (``.qdc``) and
projects (``.qdpx``, read or validated), the schema handed to the validator,
and the XML parts of ``.docx`` and ``.odt`` files. The parser resolves no
entities, loads no DTD, never touches the network and keeps libxml2's size
limits (no huge trees); a document that declares entities is refused
outright (entity bombs, external entities) with ``UnsafeXML``, and so is
a reference to an entity the document does not define (its text would be
lost). A document larger than ``corpus.limits`` allows, or nested deeper,
is refused with ``InvalidXML`` before or while it is parsed.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from codebooks.errors import InvalidXML, UnsafeXML
from corpus import limits as _limits

__all__ = ["InvalidXML", "UnsafeXML", "parse_xml", "parse_xml_file"]

_UTF8_BOM = b"\xef\xbb\xbf"
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _parser() -> etree.XMLParser:
    # A new one per document: lxml parsers must not be shared between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )


def parse_xml(data: bytes, source: str, *, base_url: str | None = None) -> etree._Element:
    """Parse ``data`` and return its root element.

    A UTF-8 byte order mark and whitespace before ``<?xml`` are tolerated.
    Raises ``UnsafeXML`` for entity declarations and ``InvalidXML`` for
    malformed documents; both name ``source`` and the line. ``base_url``
    (a file's path) only locates what the document itself includes, e.g. a
    schema's ``xsd:include``.
    """
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    data = data.lstrip(b" \t\r\n")
    if not data:
        raise InvalidXML("the file is empty", source=source)
    limits = _limits.current()
    if len(data) > limits.xml_bytes:
        raise InvalidXML(
            f"the XML is larger than {_limits.describe('xml_bytes', limits)}", source=source
        )
    entity = _ENTITY.search(data)
    if entity:
        raise UnsafeXML(
            "entity declarations are not allowed (possible entity bomb or external entity)",
            line=_line_at(data, entity.start()),
            source=source,
        )
    try:
        tree = etree.fromstring(data, _parser(), base_url=base_url).getroottree()
    except etree.XMLSyntaxError as err:
        line = err.lineno if err.lineno and err.lineno > 0 else None
        if "Excessive depth" in err.msg:
            raise InvalidXML(_too_deep(limits), line=line, source=source) from None
        message = " ".join(err.msg.split())  # libxml2 ends some messages with a newline
        raise InvalidXML(f"malformed XML: {message}", line=line, source=source) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and dtd.entities():
        # Reached when the declaration is not visible in the raw bytes, e.g. UTF-16.
        doctype = _DOCTYPE.search(data)
        line = _line_at(data, doctype.start()) if doctype else None
        raise UnsafeXML("entity declarations are not allowed", line=line, source=source)
    root = tree.getroot()
    for entity in root.iter(etree.Entity):
        # Declared in a DTD that was not loaded: neither expanded nor kept as
        # text, so what follows it in the element would silently disappear.
        raise InvalidXML(
            f"undefined entity {entity.text} (only &amp; &lt; &gt; &quot; &apos; "
            "and character references are allowed)",
            line=entity.sourceline,
            source=source,
        )
    if limits.xml_depth < _LIBXML_DEPTH and _depth_over(root, limits.xml_depth):
        raise InvalidXML(_too_deep(limits), source=source)
    return root


# libxml2 refuses deeper documents itself unless huge trees are allowed (never here).
_LIBXML_DEPTH = 256


def _too_deep(limits) -> str:
    depth = min(limits.xml_depth, _LIBXML_DEPTH)
    return f"elements are nested more than {depth} deep (limit QDA_LIMIT_XML_DEPTH)"


def _depth_over(root: etree._Element, limit: int) -> bool:
    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limit:
            return True
    return False


def parse_xml_file(path: str | Path, source: str | None = None) -> etree._Element:
    """Parse the XML file at ``path`` like :func:`parse_xml`; errors name
    ``source`` (default: the file's name). ``OSError`` if it cannot be read."""
    path = Path(path)
    return parse_xml(path.read_bytes(), source or path.name, base_url=str(path))
