"""Speaker labels of meeting and seminar notes, found by scoring candidates.

Notes written by hand (or exported from Word as Markdown) mix several ways of
naming a speaker in one document::

    10.25 – **Pat Adams** (*Knowsley CVS*) welcomes everyone…
    Jo Green (Food Trust)– thanks Pat…
    PA – so what changed?  … agreed. **JG** – and the money?
    ?? – could the slides be shared?
    Questions
    Task – list three assets

:func:`find_notes` collects candidates from several patterns (a label at the
start of a line, with or without a time, an affiliation in brackets or after
a comma, emphasis markers around either; initials or a name after the end of
a sentence inside a paragraph; ``?``/``??`` for an unknown speaker), then
scores each distinct label over all its occurrences:

* +3 a time before it, +2 an affiliation, +2 a dash or colon after it,
  +1 at the start of a line (0 inside a paragraph), +1 emphasis markers;
* +2 when it recurs, +3 for initials of exactly one accepted full name
  (they become that name, ``meta["alias"]`` keeping what was written);
* a label must score 4 (a role or an unknown speaker at a line start
  needs no score) and look like a name, a role, initials or an unknown speaker;
  stop-list words and agenda lines (``Questions``, ``Lunch``, ``Panel
  Session``, ``Task – …``: the first word is an agenda word) are never speakers, whatever their score: such a
  line at a line start ends the turn before it and begins a turn without a
  speaker (``Label.speaker`` ``None``, ``meta["section"]``).

A label inside a paragraph is kept only when the same label is also kept at
a line start or resolves to a kept name. Emphasis markers are not part of the speaker name,
but offsets stay exact: ``Label.start`` is where the marked-up label begins
and ``content_start`` where the spoken text begins.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from corpus.presets import Label, initials

__all__ = ["AGENDA_WORDS", "find_notes", "is_agenda_label"]

AGENDA_WORDS = frozenset(
    """questions question q&a lunch break coffee tea refreshments panel session sessions task tasks
    welcome welcomes introduction introductions discussion discussions plenary workshop workshops
    summary close closing feedback networking registration arrival arrivals keynote presentation
    presentations breakout breakouts round recap wrap next steps aob business item items overview
    background findings finding conclusion conclusions recommendations recommendation notes report
    context purpose exercise activity activities agenda actions action minutes attendees apologies
    present chair's update updates any other thanks thank end day morning afternoon evening
    group groups table tables theme themes topic topics key points point outcome outcomes""".split()
)
_EMPHASIS = r"(?:\*{1,3}|_{1,2})?"
_DASH = "[-\u2013\u2014]"
_NAME_WORD = r"(?:[A-Z\u00c0-\u00de][\w'\u2019.-]*|de|da|di|del|der|van|von|le|la|du|bin|al)"
_NAME = rf"{_NAME_WORD}(?:[ \t\u00a0]+{_NAME_WORD}){{0,4}}"
_SPEAKER = rf"(?P<speaker>\?{{1,3}}|[A-Z]{{2,4}}|{_NAME})"
_AFFILIATION = (
    rf"(?:[ \t\u00a0]*\({_EMPHASIS}(?P<aff>[^()\n]{{1,80}}?){_EMPHASIS}\)"
    rf"|,[ \t\u00a0]+{_EMPHASIS}(?P<aff2>{_NAME}){_EMPHASIS}(?=[ \t\u00a0]*{_DASH}))?"
)
_TIME = r"(?P<time>\d{1,2}[.:]\d{2}(?:[ \t\u00a0]*[ap]\.?m\.?)?)"
THRESHOLD = 4
LINE_LABEL = re.compile(
    rf"^[ \t\u00a0]*(?:{_TIME}[ \t\u00a0]*(?:{_DASH}|:)[ \t\u00a0]*)?"
    rf"(?P<open>{_EMPHASIS}){_SPEAKER}(?P<close>{_EMPHASIS})"
    rf"{_AFFILIATION}"
    rf"(?P<sep>[ \t\u00a0]*(?:{_DASH}|:)(?=[ \t\u00a0]|$)|[ \t\u00a0]*$)?[ \t\u00a0]*",
    re.M,
)
INLINE_LABEL = re.compile(
    rf"[.!?\u2026)\"\u201d\u2019'][ \t\u00a0]+(?P<open>{_EMPHASIS})"
    rf"(?P<speaker>\?{{1,3}}|[A-Z]{{2,4}}|{_NAME})(?P<close>{_EMPHASIS})"
    rf"{_AFFILIATION}[ \t\u00a0]*(?P<sep>{_DASH})[ \t\u00a0]+"
)
_ROLE_WORDS = frozenset(
    """interviewer interviewee participant facilitator moderator chair researcher speaker
    host guest panellist panelist member audience attendee""".split()
)
_COMMON_CAPS = frozenset(
    """the a an this that these those it we they he she i you our their my his her its there
    then when what why how who where which yes no so but and or if also all some many one
    two three four five six seven eight nine ten first second third next last later today
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december however although though
    meanwhile overall finally firstly secondly thirdly lastly also in on at for with as after
    before during while because since here now yesterday tomorrow please well ok okay
    sometimes often most several each every both either neither other such instead therefore
    thus still yet only even perhaps maybe indeed again further furthermore moreover""".split()
)


def is_agenda_label(label: str) -> bool:
    """Section and agenda lines that are not speakers: the label's first word
    is an agenda word (``Questions``, ``Panel Session``, ``Task``; a surname
    such as ``Jo Day`` or ``Sam Close`` stays a name)."""
    words = label.split()
    return bool(words) and words[0].strip(".,:;'\u2019").casefold() in AGENDA_WORDS


_JOB_WORDS = frozenset(
    """chair chairperson ceo director manager officer lead coordinator co-ordinator trustee
    volunteer founder head secretary treasurer president councillor cllr worker adviser advisor
    researcher lecturer professor fellow student member convenor facilitator""".split()
)


def split_role(affiliation: str) -> tuple[str | None, str]:
    """``"Chair, Knowsley CVS"`` -> ``("Chair", "Knowsley CVS")``; an affiliation
    without a job title before a comma is all organisation."""
    head, sep, tail = affiliation.partition(",")
    words = head.split()
    if sep and tail.strip() and words and words[-1].casefold() in _JOB_WORDS:
        return head.strip(), tail.strip()
    return None, affiliation


@lru_cache(maxsize=4096)
def _shape(speaker: str) -> str | None:
    """``"unknown"``, ``"initials"``, ``"role"``, ``"name"`` or None (not a label)."""
    if set(speaker) == {"?"}:
        return "unknown"
    if re.fullmatch(r"[A-Z]{2,4}", speaker):
        return "initials"
    words = speaker.split()
    if len(speaker) > 40 or is_agenda_label(speaker):
        return None
    if words[0].casefold().rstrip(".") in _ROLE_WORDS:
        return "role"
    if words[0].casefold() in _COMMON_CAPS or words[-1].casefold() in _COMMON_CAPS:
        return None
    if speaker.isupper() and len(words) == 1:
        return "name" if len(speaker) > 4 else None
    return "name"


def _score(m: re.Match[str], at_line: bool) -> int:
    groups = m.groupdict()
    score = 1 if at_line else 0
    if groups.get("time"):
        score += 3
    if groups.get("aff") or groups.get("aff2"):
        score += 2
    sep = (groups.get("sep") or "").strip()
    if sep:
        score += 2
    if groups.get("open") and groups.get("close"):
        score += 1
    return score


SECTION_LINE = re.compile(
    rf"^[ \t\u00a0]*[*_#]{{0,3}}[ \t\u00a0]*(?P<head>[A-Z][\w&'\u2019 /-]{{0,50}}?)[*_]{{0,3}}[ \t\u00a0]*"
    rf"(?P<rest>(?:{_DASH}|:)[^\n]*)?$",
    re.M,
)


def _sections(text: str) -> list[int]:
    """Starts of agenda lines: up to five words, the first an agenda word,
    alone on the line or before a dash or colon (``Panel Session``,
    ``Next steps``, ``Task – list three assets``)."""
    out = []
    for m in SECTION_LINE.finditer(text):
        words = m.group("head").split()
        if words and len(words) <= 5 and words[0].casefold() in AGENDA_WORDS:
            out.append(m.start() + len(m.group()) - len(m.group().lstrip()))
    return out


def _ends_line_or_dash(text: str, m: re.Match[str]) -> bool:
    if (m.group("sep") or "").strip():
        return True
    end = text.find("\n", m.end())
    return not text[m.end() : len(text) if end < 0 else end].strip()


Candidates = dict[str, list[tuple[re.Match[str], bool, int]]]


def _collect(text: str, matches, at_line: bool, candidates: Candidates, weak: Candidates) -> None:
    """Add the plausible label occurrences among ``matches`` to ``candidates``
    (``Name:`` without a time or affiliation to ``weak``: kept only for a
    label the notes accept on other grounds, so that a plain colon transcript
    stays the colon preset's)."""
    for m in matches:
        speaker = " ".join((m.group("speaker") or "").split())  # no-break spaces too
        shape = _shape(speaker) if speaker else None
        if shape is None:
            continue
        groups = m.groupdict()
        sep = (groups.get("sep") or "").strip()
        has_time = bool(groups.get("time"))
        has_aff = bool(groups.get("aff") or groups.get("aff2"))
        if at_line and not sep and not has_time and not (has_aff and _ends_line_or_dash(text, m)):
            continue  # a line that is only a name is a heading unless it has an affiliation
        if sep == ":" and not (has_time or has_aff):
            weak[speaker].append((m, at_line, 0))
            continue
        candidates[speaker].append((m, at_line, _score(m, at_line)))


def _accepted(candidates: Candidates) -> dict[str, int]:
    """Labels kept on their own score: seen at a line start and scoring
    :data:`THRESHOLD` over all their occurrences (roles and unknown speakers
    need no score)."""
    accepted: dict[str, int] = {}
    for speaker, occ in candidates.items():
        best = max(score for _, _, score in occ) + (2 if len(occ) >= 2 else 0)
        at_line = any(line for _, line, _ in occ)
        if at_line and (best >= THRESHOLD or _shape(speaker) in ("role", "unknown")):
            accepted[speaker] = best
    return accepted


def find_notes(text: str) -> list[Label]:
    """Speaker labels of notes; see the module docstring."""
    candidates: Candidates = defaultdict(list)
    weak: Candidates = defaultdict(list)
    _collect(text, LINE_LABEL.finditer(text), True, candidates, weak)
    if not _accepted(candidates):
        return []  # a label inside a paragraph needs one at a line start
    _collect(text, INLINE_LABEL.finditer(text), False, candidates, weak)
    accepted = _accepted(candidates)
    names = [s for s in accepted if _shape(s) == "name"]
    by_initials: dict[str, set[str]] = defaultdict(set)
    for name in names:
        by_initials[initials(name)].add(name)
    for speaker, occ in weak.items():
        if speaker in accepted or len(by_initials.get(speaker, ())) == 1:
            candidates[speaker].extend(occ)
    labels: list[Label] = []
    for speaker, occ in candidates.items():
        target = speaker
        meta_alias = None
        if _shape(speaker) == "initials" and len(by_initials.get(speaker, ())) == 1:
            (target,) = by_initials[speaker]
            meta_alias = speaker
        elif speaker not in accepted:
            continue
        if _shape(speaker) == "unknown" and not any(_shape(s) != "unknown" for s in accepted):
            continue
        for m, at_line, _ in occ:
            groups = m.groupdict()
            meta: dict = {}
            if groups.get("time"):
                meta["time"] = groups["time"].strip()
            role, affiliation = split_role((groups.get("aff") or groups.get("aff2") or "").strip())
            if affiliation:
                meta["affiliation"] = affiliation
            if role:
                meta["role"] = role
            if meta_alias:
                meta["alias"] = meta_alias
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            if not at_line:
                start = m.start("open")
            labels.append(Label(start, m.end(), target, meta))
    if labels:
        # an agenda line ends the turn before it: its own turn, without a speaker
        labels += [Label(start, start, None, {"section": True}) for start in _sections(text)]  # type: ignore[arg-type]
    labels.sort(key=lambda lb: lb.start)
    return labels
