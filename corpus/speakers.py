"""Speaker-turn detection.

``detect_turns(text, speakers)`` finds turns in a canonical text with one of
the :data:`PRESETS`, with the preset that explains the text best
(``"auto"``), with a user's regex, or not at all (``"none"``).

Decisions:

* A turn's span covers the spoken text only; the label is excluded and
  recorded in ``Turn.label_start``. Text between two labels belongs to the
  earlier turn; surrounding whitespace is trimmed off the span.
* Detection returns the labelled turns only; the import pipeline then makes
  text before the first label, and the narrative around quotations found by
  ``quote_attribution``, turns with ``speaker=None``
  (:func:`corpus.review.cover_text`), so no character is outside every turn.
  The ``seminar`` preset (:mod:`corpus.notes`) scores its own candidates and
  also returns agenda lines as labels without a speaker.
* ``"auto"`` only accepts labels that look like names or roles, are not
  ordinary prose labels (``Note:``, ``Tel:``, ``Figure 2:``) and either recur
  or are typical roles (``Interviewer``, ``P3``, ``Participant 3``, ``Q``);
  a preset needs at least two turns to win. The winner covers the most text;
  ties go to the earlier preset in :data:`PRESETS`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from corpus.model import Turn
from corpus.presets import PRESETS, Label, SpeakerPreset, custom_finder, initials

__all__ = [
    "PRESETS",
    "Detection",
    "SpeakerPreset",
    "detect",
    "detect_turns",
    "speaker_summary",
    "suggest_aliases",
]

MIN_TURNS = 2

_WORD = re.compile(r"[\w'\u2019.&-]+")
_PARTICLES = frozenset("de da di del der den van von la le du bin al of from and".split())
_STOP = frozenset(
    """note notes nb n.b. ps p.s. tel tel. telephone phone mobile mob fax email e-mail web website
    url http https www twitter facebook instagram linkedin address postcode date time times
    location venue place source sources figure fig fig. table chart graph image photo subject
    from to cc bcc re fwd keywords title subtitle summary abstract contents section chapter part
    step example examples warning caution tip important update edit isbn doi ref reference
    references author authors editor published version page pages duration transcript
    transcriber project file filename recording attendees present apologies agenda action
    actions minutes definition aim aims objective objectives outcome outcomes key total
    inaudible laughs laughter laughing crosstalk pause silence music applause unclear noise
    coughs sighs overlapping indistinct background""".split()
)
_ROLES = frozenset(
    """interviewer interviewee interviewees respondent respondents participant participants
    moderator facilitator researcher speaker chair chairperson host guest panellist panelist
    member volunteer staff trustee manager director officer worker student teacher parent
    resident audience attendee narrator int resp mod fac question answer q a i r p m f ie ir
    youth client user carer""".split()
)
_SHORT_ROLE = re.compile(r"[A-Z]\d{0,3}|[A-Z]{2}\d{1,3}")
# Presets whose labels must read like names; the others only need a letter.
_NAMED = frozenset(
    {"timestamp_name", "name_timestamp", "markdown_bold", "seminar", "quote_attribution", "colon"}
)


@dataclass
class Detection:
    """The result of speaker detection: which preset found the turns (``None``
    when none did or for ``"none"``), the turns, and alias suggestions."""

    preset: str | None
    turns: list[Turn]
    aliases: list[tuple[str, str]] = field(default_factory=list)


@lru_cache(maxsize=4096)
def is_name_like(label: str) -> bool:
    """Short, capitalised words: ``Interviewee G``, ``SARAH``, ``P3``, ``Dr Mo Ali``."""
    words = label.split()
    if not words or len(words) > 5 or len(label) > 40:
        return False
    if not words[0][0].isalpha() or not words[0][0].isupper():
        return False
    if words[-1].casefold() in _PARTICLES:
        return False
    for word in words:
        if not _WORD.fullmatch(word):
            return False
        if not (word[0].isupper() or word[0].isdigit() or word in _PARTICLES):
            return False
    return True


@lru_cache(maxsize=4096)
def is_stop_label(label: str) -> bool:
    """Prose labels that are not speakers: ``Note``, ``Tel``, ``Figure 2``."""
    folded = label.casefold().strip()
    return folded in _STOP or folded.split()[0] in _STOP


@lru_cache(maxsize=4096)
def is_role(label: str) -> bool:
    """Typical transcript roles: ``Interviewer``, ``Participant 3``, ``P3``, ``Q``."""
    if _SHORT_ROLE.fullmatch(label):
        return True
    words = label.split()
    return bool(words) and len(words) <= 4 and words[0].casefold().rstrip(".") in _ROLES


def _keep(preset: str, labels: list[Label], auto: bool) -> list[Label]:
    def plausible(lb: Label) -> bool:
        if preset in ("custom", "seminar") or _attributed(preset, lb):
            return True  # a user's pattern; notes score their own candidates
        if is_stop_label(lb.speaker) or not any(c.isalpha() for c in lb.speaker):
            return False
        return preset not in _NAMED or is_name_like(lb.speaker)

    labels = [lb for lb in labels if plausible(lb)]
    if not auto or preset == "seminar":
        return labels
    counts = Counter(lb.speaker.casefold() for lb in labels)
    # A numbered label seen once (id2, Speaker 7) counts when its kind recurs (id1, id3).
    shapes = Counter(_shape(lb.speaker) for lb in labels if any(c.isdigit() for c in lb.speaker))
    return [
        lb
        for lb in labels
        if counts[lb.speaker.casefold()] >= 2
        or is_role(lb.speaker)
        or "alias" in lb.meta
        or (preset == "seminar" and "time" in lb.meta)
        or shapes.get(_shape(lb.speaker), 0) >= 2
        or _attributed(preset, lb)
    ]


def _attributed(preset: str, label: Label) -> bool:
    """A quotation attributed in brackets or in prose (``corpus.quotes``)."""
    return preset == "quote_attribution" and ("group" in label.meta or "affiliation" in label.meta)


def _shape(label: str) -> str:
    return re.sub(r"\d+", "#", label.casefold())


def build_turns(text: str, labels: list[Label]) -> list[Turn]:
    """Turns from labels: each runs from its content to the next label (or to
    its own ``end``), whitespace trimmed; empty turns are dropped."""
    labels = sorted(labels, key=lambda lb: lb.start)
    kept: list[Label] = []
    for lb in labels:
        if kept and lb.start < max(kept[-1].content_start, kept[-1].end or 0):
            continue
        kept.append(lb)
    turns = []
    for i, lb in enumerate(kept):
        end = (
            lb.end
            if lb.end is not None
            else (kept[i + 1].start if i + 1 < len(kept) else len(text))
        )
        chunk = text[lb.content_start : end]
        stripped = chunk.strip()
        if not stripped:
            continue
        start = lb.content_start + len(chunk) - len(chunk.lstrip())
        label_start = lb.start if lb.start < lb.content_start else None
        turns.append(Turn(start, start + len(stripped), lb.speaker, dict(lb.meta), label_start))
    return turns


# What a preset's labels cannot do without: a text lacking it gets no turns
# from that preset, so "auto" skips it (most transcripts use one or two of
# the seven formats; the others cost ~2 ms per 60 KB text to rule out).
_NEEDS = {
    "timestamp_name": re.compile(r"[\[(]\d").search,
    "name_timestamp": re.compile(r"\(\d").search,
    "bracket_id": re.compile(r"\[").search,
    "markdown_bold": re.compile(r"\*\*").search,
    "seminar": re.compile(r"[-\u2013\u2014](?=[ \t\n]|$)|\(|\d[.:]\d\d", re.M).search,
    "quote_attribution": re.compile("[\"\u201c\u201e\u00ab'\u2018(]").search,
}


def _run(text: str, preset: SpeakerPreset, auto: bool) -> list[Turn]:
    assert preset.finder is not None
    needs = _NEEDS.get(preset.name)
    if auto and needs is not None and needs(text) is None:
        return []
    return build_turns(text, _keep(preset.name, preset.finder(text), auto))


def _coverage(turns: list[Turn]) -> int:
    return sum(t.end - t.region_start for t in turns if t.speaker is not None)


def detect(text: str, speakers: str = "auto") -> Detection:
    """Speaker turns of ``text`` and the preset that found them.

    ``speakers``: ``"auto"``, ``"none"``, a key of :data:`PRESETS`, or a
    regex with a named group ``speaker`` matched at line start."""
    if speakers == "none" or not text.strip():
        return Detection(None, [])
    if speakers == "auto":
        best: Detection = Detection(None, [])
        best_score = 0
        for preset in PRESETS.values():
            if preset.finder is None:
                continue
            turns = _run(text, preset, auto=True)
            score = _coverage(turns)
            if len(turns) >= MIN_TURNS and score > best_score:
                best, best_score = Detection(preset.name, turns), score
    elif speakers in PRESETS:
        preset = PRESETS[speakers]
        if preset.finder is None:
            raise ValueError("the custom preset needs a regex with a named group (?P<speaker>...)")
        best = Detection(preset.name, _run(text, preset, auto=False))
    else:
        labels = custom_finder(speakers)(text)
        best = Detection("custom", build_turns(text, _keep("custom", labels, auto=False)))
    best.aliases = _detection_aliases(best.turns)
    return best


def detect_turns(text: str, speakers: str = "auto") -> list[Turn]:
    """The speaker turns of ``text``, sorted and non-overlapping; see :func:`detect`."""
    return detect(text, speakers).turns


def speaker_summary(turns: Iterable[Turn]) -> dict[str, int]:
    """Speaker label -> number of turns, in first-seen order (``None`` skipped)."""
    summary: dict[str, int] = {}
    for turn in turns:
        if turn.speaker is not None:
            summary[turn.speaker] = summary.get(turn.speaker, 0) + 1
    return summary


def _detection_aliases(turns: list[Turn]) -> list[tuple[str, str]]:
    pairs = [(t.meta["alias"], t.speaker) for t in turns if "alias" in t.meta and t.speaker]
    pairs += suggest_aliases(speaker_summary(turns))
    return list(dict.fromkeys(pairs))


def _abbreviation(label: str) -> str:
    digits = "".join(w for w in label.split() if w.isdigit())
    letters = initials(" ".join(w for w in label.split() if not w.isdigit()))
    return letters + digits


def suggest_aliases(labels: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs ``(alias, canonical)`` of labels that probably name one person:
    case or punctuation variants (``SARAH``/``Sarah``), initials or
    abbreviations (``PA``/``Pat Avery``, ``P3``/``Participant 3``,
    ``I``/``Interviewer``) and first names (``Sarah``/``Sarah Jones``), each
    only when it points to exactly one other label. Chains are resolved."""
    unique = list(dict.fromkeys(label for label in labels if label and label.strip()))
    mapping: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for label in unique:
        groups.setdefault(re.sub(r"[\W_]+", "", label.casefold()), []).append(label)
    for variants in groups.values():
        if len(variants) > 1:
            canonical = next((v for v in variants if v != v.upper()), variants[0])
            mapping.update({v: canonical for v in variants if v != canonical})
    for label in unique:
        if label in mapping or " " in label:
            continue
        if re.fullmatch(r"[A-Z]{1,4}\d{0,3}", label):
            found = [
                o
                for o in unique
                if o != label and len(o) > len(label) and _abbreviation(o) == label
            ]
        elif label[:1].isupper():
            found = [o for o in unique if len(o.split()) > 1 and _first_name(o) == label]
        else:
            found = []
        found = [o for o in found if o not in mapping]
        if len(found) == 1:
            mapping[label] = found[0]
    pairs = []
    for alias in unique:
        if alias in mapping:
            target = mapping[alias]
            seen = {alias}
            while target in mapping and target not in seen:
                seen.add(target)
                target = mapping[target]
            pairs.append((alias, target))
    return pairs


def _first_name(label: str) -> str:
    words = [
        w
        for w in label.split()
        if w.casefold().rstrip(".") not in ("dr", "prof", "mr", "mrs", "ms")
    ]
    return words[0] if words else ""
