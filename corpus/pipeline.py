"""From a file's bytes to a :class:`~corpus.model.ParsedDocument`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from corpus.model import ParsedDocument, Turn
from corpus.readers import extract
from corpus.segment import segment_text
from corpus.speakers import detect, speaker_summary, suggest_aliases
from corpus.words import word_count


@dataclass
class ImportPreview:
    """What the import preview shows before anything is stored."""

    document: ParsedDocument
    preset: str | None  # the preset that found the turns, "reader" or None
    aliases: list[tuple[str, str]] = field(default_factory=list)


def preview_document(
    filename: str, data: bytes, speakers: str = "auto", nlp: Any = None
) -> ImportPreview:
    """Parse a file and say how its speakers were found.

    ``speakers``: ``"auto"`` (turns a reader found, e.g. WebVTT voices or bold
    .docx labels, win; otherwise the best preset), ``"none"``, a preset name
    or a regex with a named group ``speaker`` (both applied to the text,
    ignoring reader turns)."""
    extracted = extract(filename, data)
    text = extracted.text
    if speakers == "auto" and extracted.turns is not None:
        preset: str | None = "reader"
        turns: list[Turn] = extracted.turns
        aliases = suggest_aliases(speaker_summary(turns))
    else:
        detection = detect(text, speakers)
        preset, turns, aliases = detection.preset, detection.turns, detection.aliases
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
    )
    return ImportPreview(document, preset, aliases)


def parse_document(
    filename: str, data: bytes, speakers: str = "auto", nlp: Any = None
) -> ParsedDocument:
    """Extract, canonicalise, find speaker turns and segment one file.

    ``name`` is the file name without extension; ``sha256`` hashes the
    canonical text as UTF-8; ``meta`` holds ``speaker_preset``,
    ``word_count``, ``title`` when the file has one, and reader extras
    (``pages`` for PDF, ``cues`` for captions without voices)."""
    return preview_document(filename, data, speakers, nlp).document
