"""Checking a ``.qdpx`` file and reporting every problem in one pass.

With a schema (the standard's ``Project.xsd``), ``project.qde`` is
validated against it; without one only the structural checks run (the
caller should say so). Structural checks: unsafe or oversized zip members,
duplicate GUIDs, references to nothing (CodeRef, NoteRef, SourceRef,
SelectionRef, VariableRef, creating users), selections outside their text
(counted in code points of the text as written) and source files missing
from the archive.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from codebooks.errors import InvalidXML
from codebooks.xmlsafe import parse_xml, parse_xml_file
from corpus.model import ImportFailed
from corpus.normalize import decode_bytes
from exports.qdpx_model import Problem, QdpxError
from exports.qdpx_read import find_project_member
from exports.qdpx_zip import SafeZip, open_zip, source_member

# Reference element -> the elements whose GUIDs it may point at.
_REFERENCES = {
    "CodeRef": ("Code",),
    "MemberCode": ("Code",),
    "NoteRef": ("Note",),
    "MemberNote": ("Note",),
    "SourceRef": ("TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource"),
    "MemberSource": ("TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource"),
    "SelectionRef": (
        "PlainTextSelection",
        "PDFSelection",
        "PictureSelection",
        "AudioSelection",
        "VideoSelection",
        "TranscriptSelection",
    ),
    "VariableRef": ("Variable",),
}
_USER_ATTRIBUTES = ("creatingUser", "modifyingUser", "creatingUserGUID", "modifyingUserGUID")
_PATH_ATTRIBUTES = ("plainTextPath", "richTextPath", "path")


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _elements(root: etree._Element) -> Iterator[etree._Element]:
    return (el for el in root.iter() if isinstance(el.tag, str))


def load_schema(path: str | Path) -> etree.XMLSchema:
    """The XML schema at ``path`` (a local file; nothing is fetched).

    Parsed like every other XML file (``codebooks.xmlsafe``). A file that is
    malformed or declares entities raises lxml's ``XMLSchemaParseError``, as
    an unusable schema does, so callers catch one kind of error."""
    try:
        root = parse_xml_file(path)
    except InvalidXML as err:
        raise etree.XMLSchemaParseError(str(err)) from None
    return etree.XMLSchema(root.getroottree())


def _schema_problems(root: etree._Element, schema: etree.XMLSchema, where: str) -> list[Problem]:
    schema.validate(root.getroottree())
    return [
        Problem(f"{where} line {err.line}", f"schema: {err.message}") for err in schema.error_log
    ]


def _guid_problems(root: etree._Element, where: str) -> tuple[dict[str, set[str]], list[Problem]]:
    """GUIDs by element name, and a problem for each GUID used twice."""
    seen: dict[str, etree._Element] = {}
    by_kind: dict[str, set[str]] = {}
    problems = []
    for el in _elements(root):
        guid = el.get("guid")
        if not guid:
            continue
        key = guid.strip("{}").lower()
        by_kind.setdefault(_local(el), set()).add(key)
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(
                    f"{where} line {el.sourceline}",
                    f"duplicate GUID {guid} ({_local(el)}; first used by "
                    f"{_local(first)} on line {first.sourceline})",
                )
            )
        else:
            seen[key] = el
    return by_kind, problems


def _reference_problems(
    root: etree._Element, by_kind: dict[str, set[str]], where: str
) -> list[Problem]:
    problems = []
    users = by_kind.get("User", set())
    for el in _elements(root):
        name = _local(el)
        if name in _REFERENCES and el.get("targetGUID"):
            target = el.get("targetGUID").strip("{}").lower()
            kinds = _REFERENCES[name]
            if not any(target in by_kind.get(k, ()) for k in kinds):
                problems.append(
                    Problem(
                        f"{where} line {el.sourceline}",
                        f"{name} points to no {kinds[0]} (GUID {el.get('targetGUID')})",
                    )
                )
        for attr in _USER_ATTRIBUTES:
            user = el.get(attr)
            if user and user.strip("{}").lower() not in users:
                problems.append(
                    Problem(
                        f"{where} line {el.sourceline}",
                        f"{name} {attr} points to no User (GUID {user})",
                    )
                )
    return problems


def _text_length(el: etree._Element, archive: SafeZip) -> int | None:
    for child in el:
        if isinstance(child.tag, str) and _local(child) == "PlainTextContent":
            return len(child.text or "")
    member, _ = source_member(el.get("plainTextPath"), archive)
    if member is None:
        return None
    try:
        return len(decode_bytes(archive.read(member), member))
    except (ImportFailed, QdpxError):
        return None


def _source_problems(root: etree._Element, archive: SafeZip, where: str) -> list[Problem]:
    problems = []
    for el in _elements(root):
        name = _local(el)
        for attr in _PATH_ATTRIBUTES:
            path = el.get(attr)
            if not path or path.startswith(("relative://", "absolute://", "file://")):
                continue
            member, why = source_member(path, archive)
            if member is None:
                problems.append(Problem(f"{where} line {el.sourceline}", f"{name} {attr}: {why}"))
        if name not in ("TextSource", "Representation", "Note"):
            continue
        has_content = any(isinstance(c.tag, str) and _local(c) == "PlainTextContent" for c in el)
        if not has_content and not el.get("plainTextPath"):
            problems.append(
                Problem(
                    f"{where} line {el.sourceline}",
                    f"{name} has neither PlainTextContent nor plainTextPath",
                )
            )
            continue
        length = _text_length(el, archive)
        for sel in el:
            if not isinstance(sel.tag, str) or _local(sel) != "PlainTextSelection":
                continue
            try:
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            except (TypeError, ValueError):
                problems.append(
                    Problem(f"{where} line {sel.sourceline}", "selection without integer positions")
                )
                continue
            if start < 0 or start >= end or (length is not None and end > length):
                bound = f" (the text has {length} characters)" if length is not None else ""
                problems.append(
                    Problem(
                        f"{where} line {sel.sourceline}",
                        f"selection {start}-{end} is outside its text{bound}",
                    )
                )
    return problems


def validate_qdpx(fp: IO[bytes], schema: str | Path | None = None) -> list[Problem]:
    """Every problem of a ``.qdpx`` file (an empty list: valid).

    ``schema``: path of ``Project.xsd``; without it only structural checks run."""
    try:
        archive, problems = open_zip(fp, "archive")
    except QdpxError as err:
        return [Problem("archive", err.message)]
    if problems:
        return problems  # nothing inside an unsafe archive is opened
    safe = SafeZip(archive, "archive")
    member = find_project_member(safe)
    if member is None:
        return [Problem("archive", "no project.qde inside")]
    try:
        root = parse_xml(safe.read(member), member)
    except InvalidXML as err:
        where = f"{member} line {err.line}" if err.line else member
        return [Problem(where, err.message)]
    except QdpxError as err:
        return [Problem(member, err.message)]
    if _local(root) != "Project":
        return [Problem(member, f"the root element is <{_local(root)}>, not <Project>")]
    if schema is not None:
        problems += _schema_problems(root, load_schema(schema), member)
    by_kind, guid_problems = _guid_problems(root, member)
    problems += guid_problems
    problems += _reference_problems(root, by_kind, member)
    problems += _source_problems(root, safe, member)
    return problems
