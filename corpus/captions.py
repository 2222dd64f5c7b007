"""WebVTT and SubRip (.srt) captions to text and turns.

Representation: cues whose voice is known (``<v Name>``) become turns. Runs
of consecutive cues with the same voice merge into one turn; a cue without a
voice tag continues the previous voice. Each turn is written as
``Name: text of its cues joined by spaces`` and turns are separated by a
blank line; the turn's span excludes ``Name: `` and its meta holds
``{"time": <start of first cue>, "end_time": <end of last cue>}`` as
``HH:MM:SS.mmm``. Files without any voice give one line per cue (a blank
line where the gap between cues is 2 s or more) and no turns, so speaker
detection can still find ``NAME:`` labels in the cue text; every cue's
offsets and times are kept in ``meta["cues"]``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from corpus.model import ExtractedText, ImportFailed, Turn
from corpus.normalize import canonicalize

_TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*"
    r"(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+([^>]+)>")
_TAG = re.compile(r"</?[^>\s][^>]*>")
PARAGRAPH_GAP = 2.0


@dataclass
class Cue:
    time: str
    end_time: str
    text: str
    voice: str | None


def _clock(stamp: str) -> str:
    """``1:23.5`` or ``00:01:23,500`` -> ``00:01:23.500``."""
    stamp = stamp.replace(",", ".")
    clock, _, frac = stamp.partition(".")
    parts = [int(p) for p in clock.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    h, m, s = parts
    return f"{h:02d}:{m:02d}:{s:02d}.{frac.ljust(3, '0')[:3]}"


def _seconds(clock: str) -> float:
    h, m, s = clock.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def parse_cues(text: str, filename: str) -> list[Cue]:
    """Cues of a canonical WebVTT or SRT text, in file order."""
    cues = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = block.strip("\n").split("\n")
        timing_at = next((i for i, line in enumerate(lines[:3]) if _TIMING.match(line)), None)
        if timing_at is None:
            continue  # WEBVTT header, NOTE, STYLE, REGION or junk
        m = _TIMING.match(lines[timing_at])
        assert m is not None
        payload = lines[timing_at + 1 :]
        voice = None
        texts = []
        for line in payload:
            v = _VOICE.search(line)
            if v and voice is None:
                voice = v.group(1).strip()
            plain = html.unescape(_TAG.sub("", line)).strip()
            if plain:
                texts.append(plain)
        if texts:
            cues.append(Cue(_clock(m["start"]), _clock(m["end"]), " ".join(texts), voice))
    if not cues:
        raise ImportFailed(
            filename, "no caption cues found (expected lines like 00:00:01.000 --> 00:00:04.000)"
        )
    return cues


def read_captions(text: str, filename: str, fmt: str) -> ExtractedText:
    """``ExtractedText`` for a canonical .vtt/.srt text (see the module docstring)."""
    cues = parse_cues(text, filename)
    if any(c.voice for c in cues):
        return _voiced(cues, fmt)
    out: list[str] = []
    cue_meta = []
    pos = 0
    previous_end = None
    for cue in cues:
        if out:
            gap = _seconds(cue.time) - _seconds(previous_end or cue.time)
            sep = "\n\n" if gap >= PARAGRAPH_GAP else "\n"
            out.append(sep)
            pos += len(sep)
        cue_text = canonicalize(cue.text)
        cue_meta.append(
            {"start": pos, "end": pos + len(cue_text), "time": cue.time, "end_time": cue.end_time}
        )
        out.append(cue_text)
        pos += len(cue_text)
        previous_end = cue.end_time
    return ExtractedText("".join(out), fmt, None, None, {"cues": cue_meta})


def _voiced(cues: list[Cue], fmt: str) -> ExtractedText:
    runs: list[tuple[str | None, list[Cue]]] = []
    voice = None
    for cue in cues:
        voice = cue.voice or voice
        if runs and runs[-1][0] == voice:
            runs[-1][1].append(cue)
        else:
            runs.append((voice, [cue]))
    parts: list[str] = []
    turns = []
    pos = 0
    for speaker, run in runs:
        if parts:
            parts.append("\n\n")
            pos += 2
        label = f"{speaker}: " if speaker else ""
        body = canonicalize(" ".join(c.text for c in run))
        if not body:
            continue
        parts.append(label + body)
        meta = {"time": run[0].time, "end_time": run[-1].end_time}
        if speaker:
            turns.append(Turn(pos + len(label), pos + len(label) + len(body), speaker, meta, pos))
        pos += len(label) + len(body)
    return ExtractedText("".join(parts).rstrip(), fmt, turns)
