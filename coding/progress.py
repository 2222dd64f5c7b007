"""Coding progress per document and per coder. Pure.

Two measures, each a share of a whole it can never exceed:

* **units**: counting units coded / counting units, where a unit is coded as
  :mod:`coding.units` defines it (a coding covers one of its characters).
  The counting unit of a document is chosen once, here: its speaker turns
  when it has any, else its paragraphs (:func:`counting_kind`).
* **characters**: characters covered by the union of the codings (overlaps
  counted once, codings clipped to the document) / the document's length.

Segments and codings are records (mappings): a segment has ``document``,
``kind``, ``start`` and ``end``; a coding ``document``, ``start``, ``end`` and
``coder``. Offsets are canonical ``str`` indices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coding.spans import Span, clip, union, union_length
from coding.units import Units

COUNTING_KINDS = ("turn", "paragraph")


def counting_kind(kinds: Collection[str]) -> str:
    """The kind of segment a document's progress counts: ``"turn"`` when it
    has turns, else ``"paragraph"`` (also for a document with neither)."""
    return "turn" if "turn" in kinds else "paragraph"


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole`` to one decimal, 0.0 for an
    empty whole, and never outside 0-100."""
    if whole <= 0:
        return 0.0
    return round(100 * min(max(part, 0), whole) / whole, 1)


@dataclass(frozen=True)
class Progress:
    """How far one document is coded (by everyone, or by one coder)."""

    codings: int
    units: int
    coded: int
    length: int
    coded_characters: int

    @property
    def percent(self) -> float:
        """Coded units as a percentage of the units."""
        return percent(self.coded, self.units)

    @property
    def characters_percent(self) -> float:
        """Coded characters as a percentage of the document's length."""
        return percent(self.coded_characters, self.length)


def measure(units: Units | Sequence[Span], codings: Sequence[Span], length: int) -> Progress:
    """Progress of one document with counting units ``units`` (spans, or
    :class:`~coding.units.Units` to reuse), coded by ``codings`` (spans),
    ``length`` characters long."""
    index = units if isinstance(units, Units) else Units(units)
    inside = [c if 0 <= c[0] and c[1] <= length else clip(c, 0, length) for c in codings]
    return Progress(
        codings=len(codings),
        units=len(index),
        coded=len(index.coded(inside)),
        length=length,
        coded_characters=union_length(inside),
    )


@dataclass(frozen=True)
class DocumentProgress:
    """A document's counting ``kind``, its progress by everyone (``total``)
    and by each coder who coded it (``coders``, by name in order)."""

    kind: str
    total: Progress
    coders: dict[str, Progress] = field(default_factory=dict)


def document_progress(
    segments: Mapping[str, Sequence[Span]], codings: Iterable[Mapping[str, Any]], length: int
) -> DocumentProgress:
    """Progress of one document from its segment spans per kind and its
    codings (records with ``start``, ``end`` and ``coder``)."""
    kind = counting_kind([k for k, spans in segments.items() if spans])
    units = Units(segments.get(kind, ()))
    by_coder: dict[str, list[Span]] = defaultdict(list)
    for c in codings:
        span = (c["start"], c["end"])
        by_coder[c["coder"]].append(
            span if 0 <= span[0] and span[1] <= length else clip(span, 0, length)
        )
    coders: dict[str, Progress] = {}
    everyone_units: set[int] = set()
    everyone_spans: list[Span] = []
    for name in sorted(by_coder):
        found = by_coder[name]
        coded, covered = units.coded(found), union(found)
        everyone_units.update(coded)
        everyone_spans += covered
        coders[name] = Progress(
            codings=len(found),
            units=len(units),
            coded=len(coded),
            length=length,
            coded_characters=sum(e - s for s, e in covered),
        )
    # every coding has one coder: everyone's coverage is the union of the coders'
    total = Progress(
        codings=sum(p.codings for p in coders.values()),
        units=len(units),
        coded=len(everyone_units),
        length=length,
        coded_characters=union_length(everyone_spans),
    )
    return DocumentProgress(kind=kind, total=total, coders=coders)


def project_progress(
    lengths: Mapping[Hashable, int],
    segments: Iterable[Mapping[str, Any]],
    codings: Iterable[Mapping[str, Any]],
) -> dict[Hashable, DocumentProgress]:
    """:func:`document_progress` of every document of ``lengths`` (document ->
    its length in characters), in that order. Segments of a kind other than
    turns and paragraphs, and records of other documents, are ignored."""
    spans: dict[Hashable, dict[str, list[Span]]] = {
        doc: {kind: [] for kind in COUNTING_KINDS} for doc in lengths
    }
    for s in segments:
        kinds = spans.get(s["document"])
        if kinds is not None and s["kind"] in kinds:
            kinds[s["kind"]].append((s["start"], s["end"]))
    coded: dict[Hashable, list[Mapping[str, Any]]] = defaultdict(list)
    for c in codings:
        coded[c["document"]].append(c)
    return {
        doc: document_progress(spans[doc], coded.get(doc, ()), length)
        for doc, length in lengths.items()
    }
