"""What the import preview lets a user check and change before importing.

* :func:`cover_text`: no character is outside every turn. Text before the
  first turn, between two turns (around quotations) and after the last one
  becomes a turn without a speaker.
* :func:`coverage`: how much of the text the speaker turns hold, the turns
  of each speaker with their first lines, and a warning when that is little.
* :class:`SpeakerEdits` / :func:`apply_edits`: switch to paragraphs only,
  rename a label, merge a label into another, undo an automatic alias
  (initials resolved to a full name) and mark a label "not a speaker" (its
  text joins the turn before it).
* :func:`proposed_affiliations`: ``Name (Org)`` / ``Name, Org`` found with a
  speaker label, for the user to confirm as that participant's organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus.model import Turn

__all__ = [
    "LOW_COVERAGE",
    "Coverage",
    "SpeakerEdits",
    "SpeakerStats",
    "apply_edits",
    "cover_text",
    "coverage",
    "proposed_affiliations",
]

LOW_COVERAGE = 50.0  # per cent of the text in speaker turns below which the preview warns
FIRST_LINES = 3


@dataclass(frozen=True)
class SpeakerEdits:
    """The user's corrections of detected speakers, applied in this order:
    ``keep_as_written`` (labels written as initials that stay as written,
    undoing their automatic alias), ``rename`` (label -> new label; two labels
    renamed to one are merged), ``not_speakers`` (labels, as written or as
    renamed, whose turns join the turn before them)."""

    paragraphs_only: bool = False
    rename: dict[str, str] = field(default_factory=dict)
    not_speakers: frozenset[str] = frozenset()
    keep_as_written: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(
            self.paragraphs_only or self.rename or self.not_speakers or self.keep_as_written
        )


def apply_edits(turns: list[Turn], edits: SpeakerEdits | None) -> list[Turn]:
    """Turns with the user's edits applied (a new list; turns are not changed)."""
    if not edits:
        return list(turns)
    if edits.paragraphs_only:
        return []
    out: list[Turn] = []
    for turn in turns:
        written = turn.meta.get("alias")
        speaker = turn.speaker
        meta = dict(turn.meta)
        if written and written in edits.keep_as_written:
            speaker = written
            meta.pop("alias")
        if speaker is not None:
            speaker = edits.rename.get(speaker, speaker).strip() or None
        if speaker in edits.not_speakers or (written and written in edits.not_speakers):
            if out:
                prev = out[-1]
                out[-1] = Turn(prev.start, turn.end, prev.speaker, prev.meta, prev.label_start)
            else:
                out.append(Turn(turn.region_start, turn.end, None, {}, None))
            continue
        if speaker != turn.speaker or meta != turn.meta:
            turn = Turn(turn.start, turn.end, speaker, meta, turn.label_start)
        out.append(turn)
    return out


def cover_text(text: str, turns: list[Turn]) -> list[Turn]:
    """``turns`` (sorted, non-overlapping) plus a turn without a speaker for
    every stretch of non-blank text outside them, whitespace trimmed. A text
    without any speaker turn keeps no turns at all (paragraphs only)."""
    if not any(t.speaker is not None for t in turns):
        return []
    out: list[Turn] = []
    last = 0
    for turn in turns:
        _gap(text, last, turn.region_start, out)
        out.append(turn)
        last = turn.end
    _gap(text, last, len(text), out)
    return out


def _gap(text: str, start: int, end: int, out: list[Turn]) -> None:
    if end <= start:
        return
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = start + len(chunk) - len(chunk.lstrip())
        out.append(Turn(lead, lead + len(stripped), None, {}, None))


@dataclass
class SpeakerStats:
    turns: int
    characters: int
    first_lines: list[str]


@dataclass
class Coverage:
    """``percent``: characters in speaker turns (labels included) of all the
    text's characters, leading and trailing whitespace excluded; ``speakers``
    in first-seen order; ``warning`` one line, or None."""

    percent: float
    speakers: dict[str, SpeakerStats]
    unattributed_turns: int
    warning: str | None = None


def coverage(text: str, turns: list[Turn], low: float = LOW_COVERAGE) -> Coverage:
    total = len(text.strip())
    stats: dict[str, SpeakerStats] = {}
    inside = 0
    unattributed = 0
    for turn in turns:
        if turn.speaker is None:
            unattributed += 1
            continue
        inside += turn.end - turn.region_start
        entry = stats.setdefault(turn.speaker, SpeakerStats(0, 0, []))
        entry.turns += 1
        entry.characters += turn.end - turn.start
        if len(entry.first_lines) < FIRST_LINES:
            entry.first_lines.append(_first_line(text[turn.start : turn.end]))
    percent = round(100.0 * inside / total, 1) if total else 0.0
    warning = None
    if stats and percent < low:
        warning = (
            f"only {percent:g}% of the text is in speaker turns: check the labels, "
            "or import as paragraphs only (or as a report)"
        )
    return Coverage(percent, stats, unattributed, warning)


def _first_line(text: str, width: int = 80) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) <= width else line[: width - 1].rstrip() + "\u2026"


def proposed_affiliations(turns: list[Turn]) -> dict[str, str]:
    """Speaker label -> the organisation written with it (the first seen)."""
    out: dict[str, str] = {}
    for turn in turns:
        affiliation = turn.meta.get("affiliation")
        if turn.speaker and affiliation and turn.speaker not in out:
            out[turn.speaker] = affiliation
    return out
