"""Plain data types shared by the importers, the segmenter and the store.

Every offset is a Python ``str`` index into a document's canonical text
(NFC, ``\\n`` line ends). ``text[seg.start:seg.end]`` is the segment's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEGMENT_KINDS = ("turn", "paragraph", "sentence")

# "seminar" and "meeting" are notes of a seminar or meeting; a "report" is
# imported by paragraph with its quotations as turns (corpus.kinds).
DOCUMENT_KINDS = (
    "interview",
    "focus group",
    "workshop",
    "roundtable",
    "seminar",
    "meeting",
    "report",
    "survey",
    "other",
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A span of the canonical text: a speaker turn, a paragraph or a sentence."""

    kind: str
    start: int
    end: int
    speaker: str | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Turn:
    """One speaker turn: ``speaker`` is the label as written in the text
    (``None`` for text before the first label or in a document without labels).
    ``start``/``end`` cover the spoken text (the label itself is not part of
    the turn's span). ``meta`` keeps e.g. ``{"time": "00:01:23"}``."""

    start: int
    end: int
    speaker: str | None
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    # Where the speaker label begins (``None`` when the label is not in the
    # text, e.g. a WebVTT voice). Paragraphs are cut here so that a label
    # stays with the turn it introduces.
    label_start: int | None = field(default=None, compare=False)

    @property
    def region_start(self) -> int:
        """Start of the label if there is one in the text, else of the turn."""
        return self.start if self.label_start is None else self.label_start


@dataclass
class ExtractedText:
    """What a reader gets out of a file before speaker detection.

    ``text`` is already canonical. ``turns`` is filled only by formats that
    carry speakers themselves (WebVTT voices, bold labels in .docx); plain
    formats leave it ``None`` and speaker detection runs on the text.
    ``original`` is the file's text before markup conversion or PDF clean-up
    (``None`` when ``text`` is the file's text as it was)."""

    text: str
    format: str
    turns: list[Turn] | None = None
    title: str | None = None
    meta: dict = field(default_factory=dict)
    original: str | None = None
    # (start, end) of words that were bold labels before conversion (Markdown)
    emphasis: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class ParsedDocument:
    """A transcript ready to store: canonical text, its segments and speakers."""

    name: str
    text: str
    sha256: str
    format: str
    segments: list[Segment]
    speakers: dict[str, int]  # speaker label -> number of turns, in first-seen order
    meta: dict = field(default_factory=dict)
    original: str | None = None  # the text before conversion, kept for provenance

    def segments_of(self, kind: str) -> list[Segment]:
        return [s for s in self.segments if s.kind == kind]


class ImportFailed(Exception):
    """A file that cannot be imported. ``str(err)`` is one line naming the file."""

    def __init__(self, filename: str, reason: str):
        self.filename = filename
        self.reason = " ".join(reason.splitlines())  # one line, whatever a library said
        super().__init__(" ".join(f"{filename}: {self.reason}".splitlines()))
