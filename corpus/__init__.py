"""Import of transcripts and surveys: readers, normalisation, speaker turns,
segmentation. Pure domain code: no UI, no SQL.

The names below are imported from their modules on first use (PEP 562), so
``from corpus.model import ImportFailed`` does not load spaCy or pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "DOCUMENT_KINDS": "model",
    "ExtractedText": "model",
    "ImportFailed": "model",
    "ImportPreview": "pipeline",
    "PRESETS": "speakers",
    "ParsedDocument": "model",
    "Respondent": "surveys",
    "SEGMENT_KINDS": "model",
    "SUPPORTED_EXTENSIONS": "readers",
    "Segment": "model",
    "Survey": "surveys",
    "Turn": "model",
    "canonicalize": "normalize",
    "decode_bytes": "normalize",
    "detect": "speakers",
    "detect_turns": "speakers",
    "extract": "readers",
    "get_nlp": "segment",
    "parse_document": "pipeline",
    "preview_document": "pipeline",
    "read_survey": "surveys",
    "read_table": "surveys",
    "respondent_document": "surveys",
    "segment_text": "segment",
    "speaker_summary": "speakers",
    "suggest_aliases": "speakers",
    "survey_to_document_text": "surveys",
    "word_count": "words",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'corpus' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"corpus.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DOCUMENT_KINDS",
    "PRESETS",
    "SEGMENT_KINDS",
    "SUPPORTED_EXTENSIONS",
    "ExtractedText",
    "ImportFailed",
    "ImportPreview",
    "ParsedDocument",
    "Respondent",
    "Segment",
    "Survey",
    "Turn",
    "canonicalize",
    "decode_bytes",
    "detect",
    "detect_turns",
    "extract",
    "get_nlp",
    "parse_document",
    "preview_document",
    "read_survey",
    "read_table",
    "respondent_document",
    "segment_text",
    "speaker_summary",
    "suggest_aliases",
    "survey_to_document_text",
    "word_count",
]
