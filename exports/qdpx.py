"""REFI-QDA project exchange (``.qdpx``): write, read and validate.

A ``.qdpx`` file is a zip holding ``project.qde`` (XML in namespace
``urn:QDA-XML:project:1.0``) and ``sources/<GUID>.txt`` for each text.
Elements follow the order of the standard's ``Project.xsd``: Users,
CodeBook, Variables, Cases, Sources, Notes, Links, Sets, Graphs,
Description, then the project's own NoteRefs.

Memos are ``Note`` elements; a ``NoteRef`` sits in what a memo is about (a
code, a source, a selection, a coding, or the project). A case has no
``NoteRef`` in the standard, so a memo on a case is a ``Link`` from the
note to the case. Memos about a coding, a document or a case are also the
``Description`` of the selection, the source and the case (where QualCoder
and MAXQDA read them); notes about a code or the project, which have no such
place, are written as files (``plainTextPath``), the form QualCoder keeps.
Each selection has one creator: codings of a span by two coders are two
selections. Times are UTC with ``Z``. Our additions without a place in the
standard go in a separate member (see ``exports.qdpx_extension``).
Positions count code points of the text as written:
with ``crlf=True`` texts are written with CRLF line ends (as MAXQDA
expects) and every position shifts by the line ends before it.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal, InvalidOperation
from typing import IO

from lxml import etree

from codebooks.qdc import PROJECT_NS, codes_to_xml
from exports.qdpx_extension import EXTENSION_MEMBER, extension_xml
from exports.qdpx_model import (
    PROJECT_TARGET,
    Case,
    Coding,
    Note,
    Problem,
    ProjectExchange,
    QdpxError,
    Selection,
    TextSource,
    User,
    Variable,
    derived_guid,
    utc_stamp,
)
from exports.qdpx_offsets import CrlfPositions, crlf_text
from exports.qdpx_read import read_qdpx
from exports.qdpx_validate import validate_qdpx

__all__ = [
    "PROJECT_TARGET",
    "Case",
    "Coding",
    "Note",
    "Problem",
    "ProjectExchange",
    "QdpxError",
    "Selection",
    "TextSource",
    "User",
    "Variable",
    "derived_guid",
    "project_xml",
    "read_qdpx",
    "validate_qdpx",
    "write_qdpx",
]

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_VALUE_ELEMENT = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, **attrs: str | None) -> etree._Element:
    el = etree.SubElement(parent, _q(tag))
    for key, value in attrs.items():
        if value is not None:
            el.set(key, _clean(value))
    return el


def _clean(text: str) -> str:
    """Drop the characters XML 1.0 cannot hold (control characters)."""
    return _NOT_XML.sub("", text)


def _text_el(parent: etree._Element, tag: str, text: str) -> None:
    etree.SubElement(parent, _q(tag)).text = _clean(text)


def _value_text(value: str, type_: str) -> str:
    if type_ == "Boolean":
        return "true" if value.strip().lower() in ("true", "yes", "1") else "false"
    if type_ in ("Float", "Integer"):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return value
        return format(number, "f") if type_ == "Float" else str(int(number))
    return value


class _NoteRefs:
    """Which notes point at which GUID (case notes become links instead)."""

    def __init__(self, notes: list[Note]) -> None:
        self.by_target: dict[str, list[str]] = {}
        for note in notes:
            for target in note.targets:
                self.by_target.setdefault(target, []).append(note.guid)

    def add(self, element: etree._Element, guid: str) -> None:
        for note_guid in self.by_target.get(guid, []):
            _sub(element, "NoteRef", targetGUID=note_guid)


def _codebook(root: etree._Element, exchange: ProjectExchange, refs: _NoteRefs) -> None:
    if not exchange.codebook.codes:
        return
    codes_el = codes_to_xml(_sub(root, "CodeBook"), exchange.codebook, PROJECT_NS)
    for code_el in codes_el.iter(_q("Code")):
        notes = refs.by_target.get(code_el.get("guid"), [])
        at = 1 if len(code_el) and code_el[0].tag == _q("Description") else 0
        for i, note_guid in enumerate(notes):
            ref = etree.Element(_q("NoteRef"))
            ref.set("targetGUID", note_guid)
            code_el.insert(at + i, ref)


def _cases(root: etree._Element, exchange: ProjectExchange) -> None:
    types = {v.guid: v.type for v in exchange.variables}
    if exchange.variables:
        variables_el = _sub(root, "Variables")
        for var in exchange.variables:
            var_el = _sub(variables_el, "Variable", guid=var.guid, name=var.name)
            var_el.set("typeOfVariable", var.type)
            if var.description:
                _text_el(var_el, "Description", var.description)
    if not exchange.cases:
        return
    cases_el = _sub(root, "Cases")
    for case in exchange.cases:
        case_el = _sub(cases_el, "Case", guid=case.guid, name=case.name)
        if case.description:
            _text_el(case_el, "Description", case.description)
        _values(case_el, case.values, types)
        for source_guid in case.sources:
            _sub(case_el, "SourceRef", targetGUID=source_guid)


def _values(element: etree._Element, values: dict[str, str], types: dict[str, str]) -> None:
    for var_guid, value in values.items():
        type_ = types.get(var_guid, "Text")
        value_el = _sub(element, "VariableValue")
        _sub(value_el, "VariableRef", targetGUID=var_guid)
        _text_el(value_el, _VALUE_ELEMENT[type_], _value_text(value, type_))


def _sources(root: etree._Element, exchange: ProjectExchange, refs: _NoteRefs, crlf: bool) -> None:
    if not exchange.sources:
        return
    types = {v.guid: v.type for v in exchange.variables}
    sources_el = _sub(root, "Sources")
    for source in exchange.sources:
        shift = CrlfPositions(source.text) if crlf else (lambda p: p)
        el = _sub(
            sources_el,
            "TextSource",
            guid=source.guid,
            name=source.name,
            plainTextPath=f"internal://{source.guid}.txt",
            creatingUser=source.user,
            creationDateTime=utc_stamp(source.created),
        )
        if source.description:
            _text_el(el, "Description", source.description)
        for sel in source.selections:
            sel_el = _sub(
                el,
                "PlainTextSelection",
                guid=sel.guid,
                name=sel.name or None,
                startPosition=str(shift(sel.start)),
                endPosition=str(shift(sel.end)),
                creatingUser=sel.user,
                creationDateTime=utc_stamp(sel.created),
            )
            if sel.description:
                _text_el(sel_el, "Description", sel.description)
            for coding in sel.codings:
                coding_el = _sub(
                    sel_el,
                    "Coding",
                    guid=coding.guid,
                    creatingUser=coding.user,
                    creationDateTime=utc_stamp(coding.created),
                )
                _sub(coding_el, "CodeRef", targetGUID=coding.code)
                refs.add(coding_el, coding.guid)
            refs.add(sel_el, sel.guid)
        refs.add(el, source.guid)
        _values(el, source.values, types)


def _note_files(exchange: ProjectExchange) -> set[str]:
    """Notes written as files (``plainTextPath``) rather than ``PlainTextContent``:
    those about a code or the project, whose target has no ``Description`` that
    carries the memo too (QualCoder keeps such notes only as files, as journals)."""
    codes = {c.guid for c in exchange.codebook.codes}
    return {
        n.guid for n in exchange.notes if all(t in codes or t == PROJECT_TARGET for t in n.targets)
    }


def _notes(root: etree._Element, exchange: ProjectExchange) -> None:
    if not exchange.notes:
        return
    as_files = _note_files(exchange)
    notes_el = _sub(root, "Notes")
    for note in exchange.notes:
        note_el = _sub(
            notes_el,
            "Note",
            guid=note.guid,
            name=note.name,
            plainTextPath=f"internal://{note.guid}.txt" if note.guid in as_files else None,
            creatingUser=note.user,
            creationDateTime=utc_stamp(note.created),
        )
        if note.guid not in as_files:
            _text_el(note_el, "PlainTextContent", note.text)
    case_guids = {c.guid for c in exchange.cases}
    links = [(n, t) for n in exchange.notes for t in n.targets if t in case_guids]
    if links:
        links_el = _sub(root, "Links")
        for note, case_guid in links:
            _sub(
                links_el,
                "Link",
                guid=derived_guid("link", note.guid, case_guid),
                name="memo",
                direction="OneWay",
                originGUID=note.guid,
                targetGUID=case_guid,
            )


def project_xml(exchange: ProjectExchange, crlf: bool = False) -> bytes:
    """The ``project.qde`` document (UTF-8 bytes)."""
    root = etree.Element(_q("Project"), nsmap={None: PROJECT_NS})
    root.set("name", exchange.name or "Project")
    root.set("origin", exchange.origin)
    if exchange.users:
        root.set("creatingUserGUID", exchange.users[0].guid)
        users_el = _sub(root, "Users")
        for user in exchange.users:
            _sub(users_el, "User", guid=user.guid, name=user.name)
    refs = _NoteRefs(exchange.notes)
    _codebook(root, exchange, refs)
    _cases(root, exchange)
    _sources(root, exchange, refs, crlf)
    _notes(root, exchange)
    if exchange.description:
        _text_el(root, "Description", exchange.description)
    refs.add(root, PROJECT_TARGET)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_qdpx(exchange: ProjectExchange, out: IO[bytes], crlf: bool = False) -> None:
    """Write the project as a ``.qdpx`` zip to a binary stream.

    ``crlf=True`` writes texts with CRLF line ends and shifts positions to match."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(exchange, crlf))
        for source in exchange.sources:
            text = crlf_text(source.text) if crlf else source.text
            archive.writestr(f"sources/{source.guid}.txt", text.encode("utf-8"))
        files = _note_files(exchange)
        for note in exchange.notes:
            if note.guid in files:
                text = crlf_text(note.text) if crlf else note.text
                archive.writestr(f"sources/{note.guid}.txt", _clean(text).encode("utf-8"))
        if exchange.extension:
            archive.writestr(EXTENSION_MEMBER, extension_xml(exchange.extension))
