"""What a REFI-QDA project (``.qdpx``) carries, as plain data.

The facade fills a :class:`ProjectExchange` from the database and the
writer turns it into a zip; the reader does the reverse for files from
other tools. Every position is a Python ``str`` index (a Unicode code
point) of a source's canonical text; conversions to the text as written
(CRLF line ends) happen in the writer and the reader only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from codebooks.model import Codebook

PROJECT_TARGET = "project"  # a note about the project as a whole
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")
# Derived GUIDs (selections, coding memos) are uuid5 names in this namespace,
# so exporting the same project twice gives the same file.
GUID_NAMESPACE = uuid.UUID("6f1c3b52-8f43-4c1e-9a55-2f0d6a1e7c10")


def derived_guid(*parts: str) -> str:
    """A stable GUID for something that has none of its own in the database."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(parts)))


def utc_stamp(value: str | None) -> str | None:
    """A stored timestamp as the standard's ``xsd:dateTime`` in UTC with ``Z``
    (``2026-12-03T15:12:00Z``); ``None`` when there is none or it is unreadable."""
    when = parse_stamp(value)
    return None if when is None else when.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(value: str | None) -> datetime | None:
    """An ``xsd:dateTime`` (``Z``, an offset, or none: taken as UTC) as an aware
    UTC datetime; ``None`` when ``value`` is empty or not a date-time."""
    if not value or len(value) > 40:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if "T" not in text and " " not in text:
        return None  # a date alone is not a date-time
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


class QdpxError(ValueError):
    """A ``.qdpx`` file that cannot be read at all: ``str(err)`` names the file."""

    def __init__(self, message: str, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a ``.qdpx`` file, as found by the validator."""

    where: str  # "project.qde line 12", "sources/x.txt", "archive"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class User:
    guid: str
    name: str


@dataclass
class Variable:
    guid: str
    name: str
    type: str = "Text"  # one of VARIABLE_TYPES
    description: str = ""


@dataclass
class Case:
    guid: str
    name: str
    values: dict[str, str] = field(default_factory=dict)  # variable GUID -> value
    sources: list[str] = field(default_factory=list)  # GUIDs of text sources
    description: str = ""


@dataclass
class Coding:
    guid: str
    code: str  # GUID of the code
    user: str | None = None  # GUID of the creating user
    created: str | None = None


@dataclass
class Selection:
    """A coded span ``[start, end)`` of a source's canonical text."""

    guid: str
    start: int
    end: int
    codings: list[Coding] = field(default_factory=list)
    user: str | None = None
    created: str | None = None
    name: str = ""
    description: str = ""  # a coding memo, as QualCoder and MAXQDA keep it


@dataclass
class TextSource:
    guid: str
    name: str
    text: str  # canonical: "\n" line ends, NFC
    selections: list[Selection] = field(default_factory=list)
    user: str | None = None
    created: str | None = None
    description: str = ""  # a document memo
    values: dict[str, str] = field(default_factory=dict)  # variable GUID -> value


@dataclass
class Note:
    """A memo. ``targets`` are GUIDs of what it is about (codes, sources,
    selections, codings, cases) or :data:`PROJECT_TARGET`."""

    guid: str
    name: str
    text: str
    targets: list[str] = field(default_factory=list)
    user: str | None = None
    created: str | None = None


@dataclass
class ProjectExchange:
    name: str
    origin: str = "qda"
    users: list[User] = field(default_factory=list)
    codebook: Codebook = field(default_factory=Codebook)
    variables: list[Variable] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    description: str = ""
    # Our own additions the standard has no place for (see exports.qdpx_extension).
    extension: dict = field(default_factory=dict)
    # What the reader could not take over (a PDF without text, a picture ...).
    warnings: list[str] = field(default_factory=list)

    def selection_count(self) -> int:
        return sum(len(s.selections) for s in self.sources)

    def coding_count(self) -> int:
        return sum(len(sel.codings) for s in self.sources for sel in s.selections)
