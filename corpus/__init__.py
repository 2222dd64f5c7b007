"""Import of transcripts and surveys: readers, normalisation, speaker turns,
segmentation. Pure domain code: no UI, no SQL."""

from corpus.model import (
    DOCUMENT_KINDS,
    SEGMENT_KINDS,
    ExtractedText,
    ImportFailed,
    ParsedDocument,
    Segment,
    Turn,
)
from corpus.normalize import canonicalize, decode_bytes
from corpus.pipeline import ImportPreview, parse_document, preview_document
from corpus.readers import SUPPORTED_EXTENSIONS, extract
from corpus.segment import get_nlp, segment_text, word_count
from corpus.speakers import PRESETS, detect, detect_turns, speaker_summary, suggest_aliases
from corpus.surveys import (
    Respondent,
    Survey,
    read_survey,
    read_table,
    respondent_document,
    survey_to_document_text,
)

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
