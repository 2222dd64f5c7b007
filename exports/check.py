"""Which real names remain in an export: read back before the file is written.

An export is produced in memory; :func:`file_texts` reads every text of it
as the researcher's tools would (each Word paragraph of every XML part, so a
name split over runs is still found; every CSV or XLSX cell), and
:func:`remaining_names` lists what in those texts may identify someone:

- ``known``: a name of the key or the register (or one of its variants) still
  written out. In a pseudonymised export this is a leak;
- ``possible``: a first name or surname left out of the key because it is also
  an ordinary word ("Will", "Hope"), written capitalised; and every name the
  suggestions find in the exported text (a title, a relation, an affiliation,
  a capitalised name) that the key does not know. The researcher decides.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from codebooks.xmlsafe import parse_xml
from exports.common_words import is_common
from exports.pseudonyms import NameKind, PseudonymKey, _normalise, whole_word_regex
from exports.suggest import CONTEXTS, _snippet, suggest_names

Status = Literal["known", "possible"]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass(frozen=True)
class RemainingName:
    """A name found in an export's text."""

    text: str
    kind: NameKind
    status: Status
    reason: str  # "in the register", "surname of Grace Hope", "after the title Dr", ...
    count: int
    context: tuple[str, ...] = field(default=(), compare=False)

    def row(self, contexts: int | None = None) -> dict:
        """The name as a table row (status, name, kind, count, why, context);
        ``contexts`` limits how many of its contexts are joined with " | "."""
        return {
            "status": self.status,
            "name": self.text,
            "kind": self.kind,
            "count": self.count,
            "why": self.reason,
            "context": " | ".join(self.context[:contexts]),
        }


def _docx_texts(archive: zipfile.ZipFile) -> list[str]:
    texts: list[str] = []
    for name in archive.namelist():
        if not name.endswith(".xml") or name in ("[Content_Types].xml", "docProps/app.xml"):
            continue
        root = parse_xml(archive.read(name), name)
        paragraphs = list(root.iter(f"{_W}p"))
        if paragraphs:
            texts.extend("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in paragraphs)
        elif not name.endswith(".rels"):
            texts.append(" ".join(" ".join(root.itertext()).split()))
    return [t for t in texts if t.strip()]


def _xlsx_texts(archive: zipfile.ZipFile) -> list[str]:
    texts: list[str] = []
    for name in archive.namelist():
        if name.startswith("xl/") and name.endswith(".xml"):
            root = parse_xml(archive.read(name), name)
            for element in root.iter(f"{_S}si", f"{_S}is"):
                texts.append("".join(t.text or "" for t in element.iter(f"{_S}t")))
    return [t for t in texts if t.strip()]


def file_texts(data: bytes, fmt: str) -> list[str]:
    """Every text of an export: ``fmt`` is docx, csv or xlsx."""
    if fmt == "csv":
        return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row if c]
    if fmt not in ("docx", "xlsx"):
        raise ValueError(f"no reader for {fmt!r} exports")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _docx_texts(archive) if fmt == "docx" else _xlsx_texts(archive)


def _occurrences(
    texts: list[str], pattern: re.Pattern[str], accept=lambda match: True
) -> dict[str, tuple[int, list[str]]]:
    found: dict[str, tuple[int, list[str]]] = {}
    for text in texts:
        for match in pattern.finditer(text):
            if not accept(match):
                continue
            norm = _normalise(match.group(0))
            count, context = found.get(norm, (0, []))
            if len(context) < CONTEXTS:
                context.append(_snippet(text, match.start(), match.end()))
            found[norm] = (count + 1, context)
    return found


def remaining_names(
    texts: Iterable[str],
    key: PseudonymKey,
    left_out: Iterable[tuple[str, NameKind, str]] = (),
    ignore: Iterable[str] = (),
) -> list[RemainingName]:
    """The names in ``texts`` that may identify someone, known ones first,
    then by count.

    ``key`` holds the real names (accepted and their variants are ``known``;
    a rejected entry is the researcher's "not a name" and is not reported);
    ``left_out`` are ``(word, kind, reason)`` of name parts kept out of the key
    because they are ordinary words, reported when written capitalised;
    ``ignore`` are strings of the export that are not names (pseudonyms, code
    names, headings).
    """
    texts = list(texts)
    known: dict[str, tuple[str, NameKind, str]] = {}
    rejected: set[str] = set()
    for entry in key.entries:
        if not entry.accepted:
            rejected.add(_normalise(entry.real))
            continue
        known.setdefault(_normalise(entry.real), (entry.real, entry.kind, "in the key"))
        for variant in entry.variants:
            known.setdefault(_normalise(variant), (variant, entry.kind, f"variant of {entry.real}"))
    skip = {_normalise(s) for s in ignore} | {_normalise(e.pseudonym) for e in key.entries}
    skip |= rejected
    for norm in list(known):
        if norm in skip:
            del known[norm]

    out: list[RemainingName] = []
    pattern = whole_word_regex(name for name, _, _ in known.values())
    if pattern is not None:
        for norm, (count, context) in _occurrences(texts, pattern).items():
            if norm in known:
                name, kind, reason = known[norm]
                out.append(RemainingName(name, kind, "known", reason, count, tuple(context)))

    reported = set(known)
    for word, kind, reason in left_out:
        norm = _normalise(word)
        if norm in reported or norm in skip:
            continue
        reported.add(norm)
        exact = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        hits = _occurrences(texts, exact)
        if norm in hits:
            count, context = hits[norm]
            out.append(RemainingName(word, kind, "possible", reason, count, tuple(context)))

    inside = whole_word_regex
    for s in suggest_names(texts):
        norm = _normalise(s.text)
        if norm in reported or norm in skip or s.count == 0:
            continue
        if all(is_common(w) for w in s.text.split()):
            continue
        words = inside([s.text])
        if words is not None and any(words.search(other) for other in skip):
            continue  # a word of a pseudonym or a heading ("Interviewee G")
        reported.add(norm)
        out.append(RemainingName(s.text, s.kind, "possible", s.reason, s.count, s.context))
    out.sort(key=lambda r: (r.status != "known", -r.count, r.text.casefold()))
    return out
