"""REFI-QDA codebook exchange (``.qdc``, namespace ``urn:QDA-XML:codebook:1.0``).

The standard gives a code a name, a GUID, a colour, a codable flag and one
``Description``. We put the definition there and append the inclusion and
exclusion criteria, an example and keywords as marked paragraphs, e.g.::

    Ties within one's own community.

    [Inclusion] Talk of mutual support among members.

    [Keywords] support; belonging

Other tools show this as readable text; our reader splits it again. Meta
data and framework names are not carried. ``codes_to_xml`` and
``codes_from_xml`` also serve the ``.qdpx`` project exchange, whose
``Codes`` element has the same shape in ``urn:QDA-XML:project:1.0``.
"""

from __future__ import annotations

import re
from typing import IO

from lxml import etree

from codebooks.errors import InvalidCodebook
from codebooks.model import Code, Codebook, new_guid
from codebooks.tree import COLOUR_PATTERN, in_tree_order, validate
from codebooks.xmlsafe import parse_xml

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
ORIGIN = "qda"
DEFAULT_COLOUR = Code(name="").colour

_SECTIONS = (
    ("inclusion", "Inclusion"),
    ("exclusion", "Exclusion"),
    ("example", "Example"),
    ("keywords", "Keywords"),
)
_DESCRIPTION = re.compile(
    r"(?P<definition>.*?)"
    + "".join(rf"(?:(?:^|\n\n)\[{label}\] (?P<{key}>.*?))?" for key, label in _SECTIONS)
    + r"\Z",
    re.DOTALL,
)
_SHORT_COLOUR = re.compile(r"#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _xml_text(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters)."""
    return _NOT_XML.sub("", text)


def fold_description(code: Code) -> str:
    """The ``Description`` text: definition plus marked criteria paragraphs."""
    parts = [code.definition] if code.definition else []
    for key, label in _SECTIONS:
        value = "; ".join(code.keywords) if key == "keywords" else getattr(code, key)
        if value:
            parts.append(f"[{label}] {value}")
    return "\n\n".join(parts)


def unfold_description(text: str, code: Code) -> None:
    """Set definition, criteria and keywords of ``code`` from a ``Description``."""
    match = _DESCRIPTION.match(text)
    assert match is not None  # every part is optional; the pattern matches any text
    code.definition = match["definition"]
    for key, _ in _SECTIONS[:3]:
        setattr(code, key, match[key] or "")
    keywords = match["keywords"] or ""
    code.keywords = [word.strip() for word in keywords.split(";") if word.strip()]


def codes_to_xml(parent_element: etree._Element, codebook: Codebook, ns: str) -> etree._Element:
    """Append a ``Codes`` element holding the code tree; return it."""
    codes_el = etree.SubElement(parent_element, _q(ns, "Codes"))
    elements: dict[str, etree._Element] = {}
    for code in in_tree_order(codebook.codes):
        parent_el = elements.get(code.parent or "", codes_el)
        code_el = etree.SubElement(parent_el, _q(ns, "Code"))
        code_el.set("guid", code.guid)
        code_el.set("name", _xml_text(code.name))
        code_el.set("isCodable", "true" if code.codable else "false")
        code_el.set("color", code.colour)
        description = fold_description(code)
        if description:
            etree.SubElement(code_el, _q(ns, "Description")).text = _xml_text(description)
        elements[code.guid] = code_el
    return codes_el


def _colour(value: str | None) -> str:
    if value is None:
        return DEFAULT_COLOUR
    value = value.strip()
    short = _SHORT_COLOUR.fullmatch(value)
    if short:
        value = "#" + "".join(c * 2 for c in short.groups())
    return value if COLOUR_PATTERN.fullmatch(value) else DEFAULT_COLOUR


def codes_from_xml(codes_element: etree._Element, ns: str) -> list[Code]:
    """The codes under a ``Codes`` element, in tree order.

    A missing GUID gets a new one; a missing or malformed colour becomes
    the default grey; a missing ``isCodable`` means codable.
    """
    codes: list[Code] = []

    def walk(element: etree._Element, parent: str | None) -> None:
        for code_el in element.iterchildren(_q(ns, "Code")):
            code = Code(
                name=code_el.get("name", ""),
                guid=code_el.get("guid") or new_guid(),
                parent=parent,
                colour=_colour(code_el.get("color")),
                codable=code_el.get("isCodable", "true").strip().lower() not in ("false", "0"),
            )
            description = code_el.find(_q(ns, "Description"))
            if description is not None and description.text:
                unfold_description(description.text, code)
            codes.append(code)
            walk(code_el, code.guid)

    walk(codes_element, None)
    return codes


def _codes_lines(codes_element: etree._Element, ns: str) -> list[int | None]:
    """The source line of each ``Code`` element, in document (= tree) order."""
    return [el.sourceline for el in codes_element.iter(_q(ns, "Code"))]


def read_qdc(fp: IO[bytes], source: str | None = None) -> Codebook:
    """Read and validate a REFI-QDA codebook from a binary file object.

    Raises ``InvalidXML``/``UnsafeXML`` for bad XML, ``InvalidCodebook``
    for a document that is not a valid codebook.
    """
    source = source or getattr(fp, "name", None) or "codebook.qdc"
    source = str(source).replace("\\", "/").rsplit("/", 1)[-1]
    root = parse_xml(fp.read(), source)
    if root.tag != _q(CODEBOOK_NS, "CodeBook"):
        raise InvalidCodebook(
            f"not a REFI-QDA codebook: the root element is <{etree.QName(root).localname}>",
            line=root.sourceline,
            source=source,
        )
    codes_el = root.find(_q(CODEBOOK_NS, "Codes"))
    if codes_el is None:
        raise InvalidCodebook(
            "the codebook has no <Codes> element", line=root.sourceline, source=source
        )
    codes = codes_from_xml(codes_el, CODEBOOK_NS)
    cb = Codebook(codes=codes)
    validate(cb, source=source, lines=_codes_lines(codes_el, CODEBOOK_NS))
    return cb


def qdc_bytes(cb: Codebook) -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` document (UTF-8 bytes)."""
    if not cb.codes:
        raise InvalidCodebook("a REFI-QDA codebook needs at least one code")
    root = etree.Element(_q(CODEBOOK_NS, "CodeBook"), nsmap={None: CODEBOOK_NS})
    root.set("origin", ORIGIN)
    codes_to_xml(root, cb, CODEBOOK_NS)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_qdc(cb: Codebook, out: IO[bytes]) -> None:
    """Write the codebook as a REFI-QDA ``.qdc`` document to a binary stream."""
    out.write(qdc_bytes(cb))
