"""Parsing untrusted XML (REFI-QDA codebooks and projects) safely.

One helper for every XML importer: no network, no DTD loading, no entity
expansion, no huge trees, and any document that declares entities is
refused outright (entity bombs, external entities).
"""

from __future__ import annotations

import re

from lxml import etree

from codebooks.errors import InvalidXML, UnsafeXML

__all__ = ["InvalidXML", "UnsafeXML", "parse_xml"]

_UTF8_BOM = b"\xef\xbb\xbf"
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )


def parse_xml(data: bytes, source: str) -> etree._Element:
    """Parse ``data`` and return its root element.

    A UTF-8 byte order mark and whitespace before ``<?xml`` are tolerated.
    Raises ``UnsafeXML`` for entity declarations and ``InvalidXML`` for
    malformed documents; both name ``source`` and the line.
    """
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    data = data.lstrip(b" \t\r\n")
    if not data:
        raise InvalidXML("the file is empty", source=source)
    entity = _ENTITY.search(data)
    if entity:
        raise UnsafeXML(
            "entity declarations are not allowed (possible entity bomb or external entity)",
            line=_line_at(data, entity.start()),
            source=source,
        )
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as err:
        line = err.lineno if err.lineno and err.lineno > 0 else None
        raise InvalidXML(f"malformed XML: {err.msg}", line=line, source=source) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and dtd.entities():
        doctype = _DOCTYPE.search(data)
        line = _line_at(data, doctype.start()) if doctype else None
        raise UnsafeXML("entity declarations are not allowed", line=line, source=source)
    return tree.getroot()
