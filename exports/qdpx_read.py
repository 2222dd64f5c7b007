"""Reading ``.qdpx`` projects written by NVivo, ATLAS.ti, MAXQDA, QualCoder and us.

Tolerant where real files differ: the namespace is taken from the root
element; ``plainTextPath`` may be ``internal://x.txt`` or a bare relative
path; a ``TextSource`` may hold ``PlainTextContent`` instead; a PDF source
counts through its plain-text ``Representation``. What cannot be taken
over (pictures, audio, video, PDF areas, sources without text, selections
outside their text, codings of unknown codes) is skipped and listed in
``ProjectExchange.warnings``. Texts keep what they hold except line ends
(to ``\\n``), control characters and Unicode composition (NFC); every
position is mapped exactly from the text as written, and selections whose
text NFC changed are listed. ``Description``s of sources, cases and
selections are read (memos in QualCoder's and MAXQDA's files), times are
checked, a code GUID used twice is refused, and ``extensions/qda.xml`` is
read when present.
"""

from __future__ import annotations

import unicodedata
from typing import IO

from lxml import etree

from codebooks.model import Codebook
from codebooks.qdc import codes_from_xml
from codebooks.xmlsafe import parse_xml
from corpus.normalize import decode_bytes
from exports.qdpx_extension import EXTENSION_MEMBER, read_extension
from exports.qdpx_model import (
    PROJECT_TARGET,
    Case,
    Coding,
    Note,
    ProjectExchange,
    QdpxError,
    Selection,
    TextSource,
    User,
    Variable,
    derived_guid,
    parse_stamp,
)
from exports.qdpx_offsets import OffsetMap
from exports.qdpx_zip import SafeZip, open_safe, source_member

_OTHER_SOURCES = {
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}


def find_project_member(archive: SafeZip) -> str | None:
    found = archive.find("project.qde")
    if found is not None:
        return found
    roots = [n for n in archive.names if "/" not in n and n.lower().endswith(".qde")]
    return roots[0] if len(roots) == 1 else None


def read_root(archive: SafeZip) -> etree._Element:
    member = find_project_member(archive)
    if member is None:
        raise QdpxError("no project.qde inside (is this a REFI-QDA project?)", archive.source)
    root = parse_xml(archive.read(member), f"{archive.source}/{member}")
    if etree.QName(root).localname != "Project":
        raise QdpxError(
            f"project.qde holds <{etree.QName(root).localname}>, not a REFI-QDA <Project>",
            archive.source,
        )
    return root


class _Reader:
    def __init__(self, archive: SafeZip, root: etree._Element) -> None:
        self.archive = archive
        self.root = root
        self.ns = etree.QName(root).namespace or ""
        self.warnings: list[str] = []
        self.codes: set[str] = set()
        self.notes: dict[str, Note] = {}
        self.note_targets: list[tuple[str, str]] = []  # (note GUID, target GUID)
        self.bad_stamps: list[str] = []
        self.composed: list[str] = []  # selections whose text NFC changed

    def q(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}" if self.ns else tag

    def children(self, el: etree._Element, tag: str) -> list[etree._Element]:
        return list(el.iterchildren(self.q(tag)))

    def items(self, parent_tag: str, tag: str) -> list[etree._Element]:
        """The ``tag`` children of the root's ``parent_tag`` element (none if absent)."""
        parent = self.child(self.root, parent_tag)
        return [] if parent is None else self.children(parent, tag)

    def child(self, el: etree._Element | None, tag: str) -> etree._Element | None:
        return None if el is None else el.find(self.q(tag))

    def text_of(self, el: etree._Element | None, tag: str) -> str:
        found = self.child(el, tag)
        return (found.text or "") if found is not None else ""

    def stamp(self, el: etree._Element, what: str) -> str | None:
        """``creationDateTime`` in UTC as we store it (``...T15:12:00.000+00:00``);
        an unreadable one is dropped with a warning (the importer then uses the
        time of import)."""
        value = el.get("creationDateTime")
        if value is None:
            return None
        when = parse_stamp(value)
        if when is None:
            self.bad_stamps.append(f"{what}: {value!r}")
            return None
        return when.isoformat(timespec="milliseconds")

    def note_refs(self, el: etree._Element, target: str) -> None:
        for ref in self.children(el, "NoteRef"):
            if ref.get("targetGUID"):
                self.note_targets.append((ref.get("targetGUID"), target))

    # -- parts ----------------------------------------------------------------------
    def users(self) -> list[User]:
        out = []
        for el in self.items("Users", "User"):
            guid = el.get("guid")
            if guid:
                out.append(User(guid, el.get("name") or el.get("id") or guid))
        return out

    def codebook(self) -> Codebook:
        codes_el = self.child(self.child(self.root, "CodeBook"), "Codes")
        if codes_el is None:
            return Codebook(name=self.root.get("name", ""))
        seen: set[str] = set()
        for code_el in codes_el.iter(self.q("Code")):
            guid = code_el.get("guid")
            if guid in seen:
                raise QdpxError(
                    f"code GUID {guid} is used by more than one code "
                    f"(again by {code_el.get('name')!r}); the file is inconsistent",
                    self.archive.source,
                )
            seen.add(guid)
        codes = codes_from_xml(codes_el, self.ns)
        for code_el in codes_el.iter(self.q("Code")):
            if code_el.get("guid"):
                self.note_refs(code_el, code_el.get("guid"))
        self.codes = {c.guid for c in codes}
        return Codebook(name=self.root.get("name", ""), codes=codes)

    def variables(self) -> list[Variable]:
        out = []
        for el in self.items("Variables", "Variable"):
            if el.get("guid"):
                out.append(
                    Variable(
                        el.get("guid"),
                        el.get("name") or el.get("guid"),
                        el.get("typeOfVariable") or "Text",
                        self.text_of(el, "Description"),
                    )
                )
        return out

    def cases(self) -> list[Case]:
        out = []
        for el in self.items("Cases", "Case"):
            if not el.get("guid"):
                continue
            case = Case(el.get("guid"), el.get("name") or el.get("guid"))
            case.description = self.text_of(el, "Description")
            case.values = self.values(el)
            case.sources = [
                r.get("targetGUID") for r in self.children(el, "SourceRef") if r.get("targetGUID")
            ]
            out.append(case)
        return out

    def values(self, el: etree._Element) -> dict[str, str]:
        out = {}
        for value_el in self.children(el, "VariableValue"):
            ref = self.child(value_el, "VariableRef")
            values = [c for c in value_el if c is not ref and isinstance(c.tag, str)]
            if ref is not None and ref.get("targetGUID") and values:
                out[ref.get("targetGUID")] = (values[0].text or "").strip()
        return out

    def read_text(self, el: etree._Element, what: str) -> str | None:
        content = self.child(el, "PlainTextContent")
        if content is not None:
            return content.text or ""
        member, why = source_member(el.get("plainTextPath"), self.archive)
        if member is None:
            self.warnings.append(f"{what}: skipped, no plain text ({why})")
            return None
        return decode_bytes(self.archive.read(member), member)

    def sources(self) -> list[TextSource]:
        out: list[TextSource] = []
        sources_el = self.child(self.root, "Sources")
        if sources_el is None:
            return out
        for el in sources_el:
            if not isinstance(el.tag, str):
                continue
            kind = etree.QName(el).localname
            label = f"source {el.get('name') or el.get('guid')!r}"
            if kind == "TextSource":
                source = self.text_source(el, el, label)
            elif kind == "PDFSource":
                rep = self.child(el, "Representation")
                areas = len(self.children(el, "PDFSelection"))
                if areas:
                    self.warnings.append(f"{label}: {areas} PDF area selection(s) skipped")
                if rep is None:
                    self.warnings.append(f"{label}: skipped, a PDF without a text representation")
                    continue
                source = self.text_source(rep, el, label)
            else:
                what = _OTHER_SOURCES.get(kind, kind)
                self.warnings.append(f"{label}: skipped, {what} sources are not supported")
                continue
            if source is not None:
                out.append(source)
        return out

    def text_source(
        self, el: etree._Element, outer: etree._Element, label: str
    ) -> TextSource | None:
        guid = outer.get("guid")
        raw = self.read_text(el, label)
        if raw is None or not guid:
            return None
        offsets = OffsetMap(raw, keep_end=True)
        if not offsets.canonical.strip():
            self.warnings.append(f"{label}: skipped, its plain text is empty")
            return None
        name = outer.get("name") or _stem(el.get("plainTextPath")) or guid
        source = TextSource(
            guid,
            name,
            offsets.canonical,
            user=outer.get("creatingUser"),
            created=self.stamp(outer, label),
            description=self.text_of(outer, "Description"),
            values=self.values(outer),
        )
        self.note_refs(outer, guid)
        bad = unknown = 0
        for sel_el in self.children(el, "PlainTextSelection"):
            sel, dropped = self.selection(sel_el, offsets)
            unknown += dropped
            if sel is None:
                bad += 1
            else:
                source.selections.append(sel)
        whole = self.codings(el)
        if whole:
            source.selections.append(
                Selection(
                    derived_guid("whole", guid), 0, len(source.text), whole, name="whole source"
                )
            )
        if self.composed:
            self.warnings.append(
                f"{label}: the text of {len(self.composed)} selection(s) changed under Unicode "
                f"NFC normalisation (positions {', '.join(self.composed[:5])}); check them"
            )
            self.composed = []
        if bad:
            self.warnings.append(f"{label}: {bad} selection(s) outside the text skipped")
        if unknown:
            self.warnings.append(f"{label}: {unknown} coding(s) of unknown codes skipped")
        return source

    def codings(self, el: etree._Element) -> list[Coding]:
        out = []
        for coding_el in self.children(el, "Coding"):
            ref = self.child(coding_el, "CodeRef")
            code = ref.get("targetGUID") if ref is not None else None
            if code in self.codes and coding_el.get("guid"):
                out.append(
                    Coding(
                        coding_el.get("guid"),
                        code,
                        coding_el.get("creatingUser"),
                        self.stamp(coding_el, f"coding {coding_el.get('guid')}"),
                    )
                )
                self.note_refs(coding_el, coding_el.get("guid"))
        return out

    def selection(self, el: etree._Element, offsets: OffsetMap) -> tuple[Selection | None, int]:
        codings = self.codings(el)
        dropped = len(self.children(el, "Coding")) - len(codings)
        try:
            start, end = int(el.get("startPosition", "")), int(el.get("endPosition", ""))
        except ValueError:
            return None, dropped
        if not 0 <= start < end <= len(offsets.raw):
            return None, dropped
        if not unicodedata.is_normalized("NFC", offsets.raw[start:end]):
            self.composed.append(f"{start}-{end}")
        start, end = offsets.position(start), offsets.position(end)
        if start >= end:
            return None, dropped
        guid = el.get("guid") or ""
        self.note_refs(el, guid)
        sel = Selection(
            guid, start, end, codings, el.get("creatingUser"), self.stamp(el, f"selection {guid}")
        )
        sel.name = el.get("name") or ""
        sel.description = self.text_of(el, "Description")
        return sel, dropped

    def read_notes(self) -> list[Note]:
        for el in self.items("Notes", "Note"):
            guid = el.get("guid")
            if not guid:
                continue
            text = self.read_text(el, f"note {el.get('name') or guid!r}")
            if text is None:
                continue
            self.notes[guid] = Note(
                guid,
                el.get("name") or "",
                OffsetMap(text).canonical,
                user=el.get("creatingUser"),
                created=self.stamp(el, f"note {guid}"),
            )
        self.note_refs(self.root, PROJECT_TARGET)
        for link in self.items("Links", "Link"):
            origin, target = link.get("originGUID"), link.get("targetGUID")
            if origin in self.notes and target:
                self.note_targets.append((origin, target))
            elif target in self.notes and origin:
                self.note_targets.append((target, origin))
        for note_guid, target in self.note_targets:
            note = self.notes.get(note_guid)
            if note is not None and target not in note.targets:
                note.targets.append(target)
        return list(self.notes.values())


def _stem(path: str | None) -> str:
    if not path:
        return ""
    name = path.removeprefix("internal://").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def read_qdpx(fp: IO[bytes], source: str = "project.qdpx") -> ProjectExchange:
    """Read a ``.qdpx`` file from a binary stream.

    Raises ``QdpxError`` (not a zip, unsafe or oversized members, no
    project) or ``InvalidXML``/``UnsafeXML`` (from ``codebooks.xmlsafe``)."""
    archive = open_safe(fp, source)
    root = read_root(archive)
    reader = _Reader(archive, root)
    users = reader.users()
    codebook = reader.codebook()
    exchange = ProjectExchange(
        name=root.get("name") or "",
        origin=root.get("origin") or "",
        users=users,
        codebook=codebook,
        variables=reader.variables(),
        cases=reader.cases(),
        sources=reader.sources(),
        description=reader.text_of(root, "Description"),
    )
    exchange.notes = reader.read_notes()
    member = archive.find(EXTENSION_MEMBER)
    if member is not None:
        exchange.extension = read_extension(archive.read(member), f"{source}/{member}")
    if reader.bad_stamps:
        reader.warnings.append(
            f"{len(reader.bad_stamps)} creationDateTime value(s) are not date-times and were "
            f"replaced by the time of import (first: {reader.bad_stamps[0]})"
        )
    exchange.warnings = reader.warnings
    return exchange
