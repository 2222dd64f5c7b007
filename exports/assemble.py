"""Excerpts from plain rows: who said each coded passage, in which turn, for whom.

The facade reads codings, segments and the register in a few set-based queries
and hands the rows here; this module only joins them in memory.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from exports.model import Excerpt

#: The register attribute that says which stakeholder group a case belongs to.
GROUP_ATTRIBUTE = "stakeholder group"
_QUOTED_AS = re.compile(r"quoted as\s+(.+?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    speaker: str | None = None  # the label as written
    participant: int | None = None  # case id of the linked participant


@dataclass
class Register:
    """Cases by id (name, pseudonym, role, organisation_id) and their attributes."""

    cases: dict[int, dict] = field(default_factory=dict)
    attributes: dict[int, dict[str, str]] = field(default_factory=dict)

    def group_label(self, participant: int | None, organisation: int | None) -> str | None:
        """ "Participant from VCSE": the role's "quoted as …", else the stakeholder
        group of the participant, else that of their organisation."""
        if participant is not None:
            role = self.cases.get(participant, {}).get("role") or ""
            quoted = _QUOTED_AS.search(role)
            if quoted:
                return quoted.group(1)
            group = self.attributes.get(participant, {}).get(GROUP_ATTRIBUTE)
            if group:
                return f"Participant from {group}"
        if organisation is not None:
            group = self.attributes.get(organisation, {}).get(GROUP_ATTRIBUTE)
            if group:
                return f"Participant from {group}"
        return None


class _Spans:
    """The turns (or paragraphs) of one document, searchable by offset."""

    def __init__(self, spans: Sequence[Span]):
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def at(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i].end > offset:
            return i
        return None


def _context(spans: _Spans | None, text: str, start: int, end: int) -> tuple[str, Span | None]:
    if spans is None:
        return "", None
    first = spans.at(start)
    if first is None:
        return "", None
    last = spans.at(max(start, end - 1))
    if last is None or last < first:
        last = first
    span = spans.spans[first]
    return text[span.start : max(spans.spans[last].end, span.end)], span


def build_excerpts(
    codings: Iterable[Mapping],
    code_paths: Mapping[str, str],
    texts: Mapping[int, str],
    segments: Iterable[Mapping],
    register: Register,
) -> list[Excerpt]:
    """One excerpt per coding row (see ``qda.storage.exports.coding_rows``).

    ``segments`` are turn and paragraph rows (document_id, kind, start, end,
    speaker, participant_id). Context is the surrounding turn, or the paragraph
    when the document has no turns; the speaker is the turn's.
    """
    by_doc: dict[tuple[int, str], list[Span]] = {}
    for s in segments:
        span = Span(s["start"], s["end"], s.get("speaker"), s.get("participant_id"))
        by_doc.setdefault((s["document_id"], s["kind"]), []).append(span)
    indexes = {k: _Spans(v) for k, v in by_doc.items()}

    out: list[Excerpt] = []
    for row in codings:
        doc_id, start, end = row["document_id"], row["start"], row["end"]
        text = texts.get(doc_id, "")
        context, turn = _context(indexes.get((doc_id, "turn")), text, start, end)
        if turn is None:
            context, _ = _context(indexes.get((doc_id, "paragraph")), text, start, end)
        participant_id = turn.participant if turn else None
        participant = register.cases.get(participant_id) if participant_id else None
        org_id = (participant or {}).get("organisation_id") or row.get("document_organisation_id")
        organisation = register.cases.get(org_id) if org_id else None
        attributes = {
            **register.attributes.get(org_id, {}),
            **register.attributes.get(participant_id, {}),
        }
        speaker = participant["name"] if participant else (turn.speaker if turn else None)
        out.append(
            Excerpt(
                coding=row["coding"],
                code=row["code"],
                code_path=code_paths.get(row["code"], ""),
                text=text[start:end],
                document=row["document"],
                document_name=row["document_name"],
                context=context,
                document_kind=row.get("document_kind") or "",
                document_date=row.get("document_date"),
                speaker=speaker,
                participant_pseudonym=participant.get("pseudonym") if participant else None,
                group_label=register.group_label(participant_id, org_id),
                organisation=organisation["name"] if organisation else None,
                organisation_pseudonym=organisation.get("pseudonym") if organisation else None,
                coder=row.get("coder") or "",
                origin=row.get("origin") or "",
                memo=row.get("memo"),
                start=start,
                end=end,
                attributes=attributes,
            )
        )
    return out


def _matches(value: str | None, wanted: object) -> bool:
    if isinstance(wanted, str | int | float | bool):
        wanted = [wanted]
    allowed = {str(w).casefold() for w in wanted}  # type: ignore[union-attr]
    return value is not None and str(value).casefold() in allowed


def filter_excerpts(
    excerpts: Iterable[Excerpt],
    organisations: Iterable[str] | None = None,
    attribute_filters: Mapping[str, object] | None = None,
) -> list[Excerpt]:
    """Excerpts whose organisation (name or pseudonym) is in ``organisations`` and
    whose attributes match every ``attribute_filters`` entry (a value or a list)."""
    result = list(excerpts)
    if organisations is not None:
        names = {o.casefold() for o in organisations}
        result = [
            e
            for e in result
            if (e.organisation or "").casefold() in names
            or (e.organisation_pseudonym or "").casefold() in names
        ]
    for name, wanted in (attribute_filters or {}).items():
        result = [e for e in result if _matches(e.attributes.get(name), wanted)]
    return result


def merge_coders(excerpts: Iterable[Excerpt]) -> list[Excerpt]:
    """One excerpt per passage and code: the same span coded by two coders is
    quoted once, with both coders named and every distinct memo kept."""
    merged: dict[tuple, Excerpt] = {}
    for excerpt in excerpts:
        key = (excerpt.code, excerpt.document, excerpt.start, excerpt.end)
        first = merged.get(key)
        if first is None:
            merged[key] = replace(excerpt)
            continue
        if excerpt.coder and excerpt.coder not in first.coder.split(", "):
            first.coder = f"{first.coder}, {excerpt.coder}" if first.coder else excerpt.coder
        if excerpt.memo and excerpt.memo != first.memo:
            first.memo = f"{first.memo}\n{excerpt.memo}" if first.memo else excerpt.memo
    return list(merged.values())
