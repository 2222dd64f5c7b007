"""From a file's bytes to a :class:`~corpus.model.ParsedDocument`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from corpus.kinds import guess_kind, speakers_for
from corpus.markup import mark_labels, unmark_offset
from corpus.model import ParsedDocument, Turn
from corpus.readers import extract
from corpus.review import (
    LOW_COVERAGE,
    Coverage,
    SpeakerEdits,
    apply_edits,
    cover_text,
    coverage,
    proposed_affiliations,
)
from corpus.segment import clean_turns, segment_text
from corpus.speakers import detect, speaker_summary, suggest_aliases
from corpus.words import word_count


@dataclass
class ImportPreview:
    """What the import preview shows before anything is stored: the document,
    how its speakers were found (a preset, ``"reader"`` or None), alias
    suggestions ``(alias, canonical)``, the kind (the user's, or the one the
    text looks like), how much of the text the speaker turns hold, and the
    organisations written with speaker labels (to confirm)."""

    document: ParsedDocument
    preset: str | None
    aliases: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "interview"
    coverage: Coverage | None = None
    affiliations: dict[str, str] = field(default_factory=dict)


def preview_document(
    filename: str,
    data: bytes,
    speakers: str = "auto",
    nlp: Any = None,
    *,
    kind: str | None = None,
    edits: SpeakerEdits | None = None,
) -> ImportPreview:
    """Parse a file and say how its speakers were found.

    ``speakers``: ``"auto"`` (turns a reader found, e.g. WebVTT voices or bold
    .docx labels, win; otherwise the kind's default, see
    :mod:`corpus.kinds`, else the best preset), ``"none"``, a preset name or
    a regex with a named group ``speaker`` (both applied to the text,
    ignoring reader turns). ``kind`` None: a text that looks like a report is
    a report (its speakers are then its attributed quotations). ``edits``: the
    user's corrections (:class:`corpus.review.SpeakerEdits`). Text outside
    every speaker turn becomes turns without a speaker."""
    extracted = extract(filename, data)
    text = extracted.text
    mode = "none" if edits is not None and edits.paragraphs_only else speakers_for(kind, speakers)
    if mode == "auto" and extracted.turns is not None:
        preset: str | None = "reader"
        turns: list[Turn] = extracted.turns
        aliases = suggest_aliases(speaker_summary(turns))
    else:
        preset, turns, aliases = _detect(text, mode, extracted.emphasis)
        if kind is None and mode == "auto":
            kind = guess_kind(text, turns, preset)
            if kind == "report" and preset != "quote_attribution":
                preset, turns, aliases = _detect(text, speakers_for(kind, mode), [])
    if kind is None:
        kind = guess_kind(text, turns, preset)
    turns = cover_text(text, apply_edits(turns, edits))
    if edits:
        kept = set(speaker_summary(turns))
        renamed = [(a, edits.rename.get(c, c)) for a, c in aliases]
        aliases = [(a, c) for a, c in renamed if c in kept and a not in kept]
    segments = segment_text(text, turns, nlp)
    meta = dict(extracted.meta)
    meta.update({"speaker_preset": preset, "word_count": word_count(text)})
    if extracted.title:
        meta["title"] = extracted.title
    document = ParsedDocument(
        name=PurePath(filename).stem,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format=extracted.format,
        segments=segments,
        speakers=speaker_summary(turns),
        meta=meta,
        original=extracted.original,
    )
    return ImportPreview(
        document,
        preset,
        aliases,
        kind,
        coverage(text, turns, low=0.0 if kind == "report" else LOW_COVERAGE),
        proposed_affiliations(turns),
    )


def _detect(
    text: str, mode: str, emphasis: list[tuple[int, int]]
) -> tuple[str | None, list[Turn], list[tuple[str, str]]]:
    """Speaker detection; on converted Markdown the words that were bold are
    marked again for it and the turns mapped back to the plain text."""
    if not emphasis or mode == "none":
        detection = detect(text, mode)
        return detection.preset, detection.turns, detection.aliases
    marked, markers = mark_labels(text, emphasis)
    detection = detect(marked, mode)

    def back(pos: int) -> int:
        return unmark_offset(pos, markers)

    turns = [
        Turn(
            back(t.start),
            back(t.end),
            t.speaker,
            t.meta,
            None if t.label_start is None else back(t.label_start),
        )
        for t in detection.turns
    ]
    return detection.preset, clean_turns(text, turns), detection.aliases


def parse_document(
    filename: str,
    data: bytes,
    speakers: str = "auto",
    nlp: Any = None,
    *,
    kind: str | None = None,
    edits: SpeakerEdits | None = None,
) -> ParsedDocument:
    """Extract, canonicalise, find speaker turns and segment one file.

    ``name`` is the file name without extension; ``sha256`` hashes the
    canonical text as UTF-8; ``meta`` holds ``speaker_preset``,
    ``word_count``, ``title`` when the file has one, and reader extras
    (``pages`` for PDF, ``cues`` for captions without voices, ``markup`` for
    converted Markdown/HTML)."""
    return preview_document(filename, data, speakers, nlp, kind=kind, edits=edits).document
