"""What our projects carry that REFI-QDA has no place for, as a separate zip member.

``Project.xsd`` allows no foreign elements or attributes, so additions inside
``project.qde`` would make the file invalid. They travel instead in
``extensions/qda.xml`` (namespace :data:`EXTENSION_NS`), which other tools never
open: the project stays valid and they read it as if the member were absent.

Two things live there: which speaker label in a source is which participant
case, and dated classifications of cases (``culture = hierarchy as of 2024-03``).
Everything with a standard place (document kind and date as source variables,
a document's organisation as the organisation case's ``SourceRef``, memos as
``Description`` and ``Note``) travels in ``project.qde``.
"""

from __future__ import annotations

from lxml import etree

from codebooks.xmlsafe import parse_xml

EXTENSION_MEMBER = "extensions/qda.xml"
EXTENSION_NS = "urn:qda:exchange-extension:1.0"
_SPEAKER_FIELDS = ("source", "label", "case")
_CLASSIFICATION_FIELDS = ("case", "scheme", "value", "asOf", "note")


def _q(tag: str) -> str:
    return f"{{{EXTENSION_NS}}}{tag}"


def extension_xml(extension: dict) -> bytes:
    """``extension`` has ``speakers`` (dicts of source, label, case GUIDs) and
    ``classifications`` (dicts of case, scheme, value, asOf, note)."""
    root = etree.Element(_q("Extension"), nsmap={None: EXTENSION_NS})
    for tag, key, fields in (
        ("Speaker", "speakers", _SPEAKER_FIELDS),
        ("Classification", "classifications", _CLASSIFICATION_FIELDS),
    ):
        for item in extension.get(key, []):
            el = etree.SubElement(root, _q(tag))
            for name in fields:
                if item.get(name):
                    el.set(name, item[name])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_extension(data: bytes, source: str) -> dict:
    """The extension member back as :func:`extension_xml` takes it; elements
    missing a required attribute are left out."""
    root = parse_xml(data, source)
    out: dict[str, list[dict[str, str]]] = {"speakers": [], "classifications": []}
    if root.tag != _q("Extension"):
        return out
    for tag, key, fields, required in (
        ("Speaker", "speakers", _SPEAKER_FIELDS, _SPEAKER_FIELDS),
        ("Classification", "classifications", _CLASSIFICATION_FIELDS, _CLASSIFICATION_FIELDS[:4]),
    ):
        for el in root.iterchildren(_q(tag)):
            item = {name: el.get(name, "") for name in fields}
            if all(item[name] for name in required):
                out[key].append(item)
    return out
