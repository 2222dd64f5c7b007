"""Cut a canonical text into turn, paragraph and sentence segments.

For every kind the segments are sorted, never overlap, satisfy
``0 <= start < end <= len(text)``, carry no leading or trailing whitespace,
and (paragraphs, sentences) every non-whitespace character lies in exactly
one of them. Paragraphs are blank-line separated blocks, also cut where a turn
ends and where a speaker label begins, so a paragraph never spans two turns;
the label stays in the paragraph of the turn it introduces.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import IDX, IS_PUNCT, ORTH

from corpus.model import Segment, Turn
from corpus.presets import blocks

# spaCy's default limit is 1,000,000 characters per doc; longer paragraphs are
# fed in pieces cut at a line break or space (a sentence never spans a cut).
MAX_CHUNK = 100_000


def get_nlp(model: str | None = None) -> Any:
    """A cached spaCy pipeline that only splits sentences.

    ``None``/``""``/``"blank"``: ``spacy.blank("en")`` + ``sentencizer``. A
    two-letter language code: that blank language + ``sentencizer``. The name
    of an installed spaCy package (``en_core_web_sm``): loaded with only
    ``senter`` (or ``parser`` and its ``tok2vec``) enabled. A package that is
    not installed falls back to the blank English pipeline with a warning."""
    if not model or model == "blank":
        return _load("en")
    return _load(model)


@lru_cache(maxsize=8)
def _load(model: str) -> Any:
    if re.fullmatch(r"[a-z]{2,3}", model):
        return _blank(model)
    try:
        nlp = spacy.load(model)
    except OSError:
        warnings.warn(
            f"spaCy model {model!r} is not installed; using the rule-based sentencizer",
            stacklevel=3,
        )
        return _load("en")
    if "senter" in nlp.component_names:
        keep = {"senter"}
    elif "parser" in nlp.component_names:
        keep = {"parser", "tok2vec"}
    else:
        keep = set()
    for name in nlp.component_names:
        if name in keep:
            nlp.enable_pipe(name)
        else:
            nlp.disable_pipe(name)
    if not keep and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp


def _blank(lang: str) -> Any:
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    start += len(chunk) - len(chunk.lstrip())
    return start, start + len(stripped)


def clean_turns(text: str, turns: list[Turn] | None) -> list[Turn]:
    """Turns sorted, clipped to the text and to each other, whitespace trimmed
    (turns that are already clean are kept as they are)."""
    out: list[Turn] = []
    last = 0
    size = len(text)
    for turn in sorted(turns or [], key=lambda t: (t.start, t.end)):
        start, end = turn.start, turn.end
        label = turn.label_start
        if (
            last <= start < end <= size
            and not text[start].isspace()
            and not text[end - 1].isspace()
            and (label is None or last <= label <= start)
        ):
            out.append(turn)
            last = end
            continue
        span = _trim(text, max(start, last, 0), min(end, size))
        if span is None:
            continue
        if label is not None and not (last <= label <= span[0]):
            label = None
        out.append(Turn(span[0], span[1], turn.speaker, dict(turn.meta), label))
        last = span[1]
    return out


def paragraph_spans(text: str, turns: list[Turn]) -> list[tuple[int, int, str | None]]:
    """``(start, end, speaker)`` of each paragraph; see the module docstring."""
    cuts = sorted({t.region_start for t in turns} | {t.end for t in turns})
    region_starts = [t.region_start for t in turns]
    out = []
    for bstart, bend in blocks(text):
        lo = bisect_right(cuts, bstart)
        hi = bisect_left(cuts, bend)
        edges = [bstart, *cuts[lo:hi], bend]
        for start, end in zip(edges, edges[1:], strict=False):
            span = _trim(text, start, end) if start < end else None
            if span is None:
                continue
            i = bisect_right(region_starts, span[0]) - 1
            speaker = turns[i].speaker if i >= 0 and span[0] < turns[i].end else None
            out.append((span[0], span[1], speaker))
    return out


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > MAX_CHUNK:
        cut = text.rfind("\n", start + 1, start + MAX_CHUNK)
        if cut < 0:
            cut = text.rfind(" ", start + 1, start + MAX_CHUNK)
        if cut < 0:
            cut = start + MAX_CHUNK
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def segment_text(text: str, turns: list[Turn] | None, nlp: Any = None) -> list[Segment]:
    """Turn, paragraph and sentence segments of ``text``, in that order of
    kinds, each kind sorted by start. Paragraphs and sentences inherit the
    speaker of the turn they are in (``None`` outside any turn)."""
    if nlp is None:
        nlp = get_nlp()
    turns = clean_turns(text, turns)
    segments = [_segment("turn", t.start, t.end, t.speaker, dict(t.meta)) for t in turns]
    paragraphs = paragraph_spans(text, turns)
    segments += [_segment("paragraph", s, e, speaker, {}) for s, e, speaker in paragraphs]
    pieces: list[tuple[int, int, str | None]] = []
    for start, end, speaker in paragraphs:
        pieces += [(s, e, speaker) for s, e in _chunks(text, start, end)]
    bounds = _sentence_bounds(nlp, [text[s:e] for s, e, _ in pieces])
    for (offset, end, speaker), starts in zip(pieces, bounds, strict=True):
        ends = starts[1:] + [end - offset]
        for start, stop in zip(starts, ends, strict=True):
            span = _trim(text, offset + start, offset + stop)
            if span is not None:
                segments.append(_segment("sentence", span[0], span[1], speaker, {}))
    return segments


def _segment(kind: str, start: int, end: int, speaker: str | None, meta: dict) -> Segment:
    """``Segment(kind, start, end, speaker, meta)`` without the frozen
    dataclass ``__init__`` (which costs ~3 us; a transcript has thousands of
    segments). The result is an ordinary, equal, hashable Segment; Segment has
    ``__slots__`` (no per-segment ``__dict__``: a 50 MB text has millions)."""
    segment = _new(Segment)
    _set_kind(segment, kind)
    _set_start(segment, start)
    _set_end(segment, end)
    _set_speaker(segment, speaker)
    _set_meta(segment, meta)
    return segment


_new = object.__new__
# the slot descriptors' setters: what a frozen dataclass's __init__ itself calls
_set_kind = Segment.kind.__set__
_set_start = Segment.start.__set__
_set_end = Segment.end.__set__
_set_speaker = Segment.speaker.__set__
_set_meta = Segment.meta.__set__


def _sentence_bounds(nlp: Any, texts: list[str]) -> list[list[int]]:
    """For each text, the character offsets where its sentences start.

    With the default pipeline (only a ``sentencizer``) the sentencizer's rule
    is applied here on the tokenizer's arrays, which gives the same sentences
    several times faster than running the component on every token object."""
    if nlp.pipe_names != ["sentencizer"]:
        return [
            [sent.start_char for sent in doc.sents] or [0]
            for doc in nlp.pipe(texts, batch_size=256)
        ]
    punct = _punct_hashes(nlp)
    out = []
    for doc in nlp.tokenizer.pipe(texts, batch_size=256):
        starts = [0]
        seen = False
        for idx, orth, is_punct in doc.to_array([IDX, ORTH, IS_PUNCT]).tolist():
            if orth in punct:
                seen = True
            elif seen and not is_punct:
                starts.append(idx)
                seen = False
        out.append(starts)
    return out


def _punct_hashes(nlp: Any) -> frozenset[int]:
    chars = nlp.get_pipe("sentencizer").punct_chars
    key = (id(nlp), len(chars))
    if key not in _PUNCT_CACHE:
        _PUNCT_CACHE[key] = frozenset(nlp.vocab.strings.add(c) for c in chars)
    return _PUNCT_CACHE[key]


_PUNCT_CACHE: dict[tuple[int, int], frozenset[int]] = {}
