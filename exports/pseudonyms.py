"""The pseudonym key: which real names become which pseudonyms, and how to apply it.

Participants were promised anonymity, so every exporter sends text through
``PseudonymKey.apply`` before it is written. ``suggest_names`` proposes names
for the key; the researcher accepts or rejects each one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from exports.model import Excerpt

NameKind = Literal["person", "organisation", "place"]
AttributionMode = Literal["pseudonym", "group", "real"]

#: What an ambiguous variant becomes (e.g. "Sarah" listed for two different people).
AMBIGUOUS = "[name]"
#: How a participant is shown when nothing safer is known.
UNKNOWN_PARTICIPANT = "Participant"

_APOSTROPHES = "'\u2019"


@dataclass
class PseudonymEntry:
    """One real name, the pseudonym that replaces it, and the researcher's decision."""

    real: str
    pseudonym: str
    kind: NameKind = "person"
    accepted: bool = True
    variants: tuple[str, ...] = ()  # e.g. ("Sarah", "Jones", "SJ") for "Sarah Jones"

    def names(self) -> tuple[str, ...]:
        return (self.real, *self.variants)


def _normalise(name: str) -> str:
    """The form names are compared in: single spaces, straight apostrophes, casefolded."""
    return " ".join(name.replace("\u2019", "'").split()).casefold()


def _name_pattern(name: str) -> str:
    """A regex for ``name`` tolerant of runs of whitespace and either apostrophe."""
    parts = []
    for word in name.split():
        parts.append(
            "".join(f"[{_APOSTROPHES}]" if ch in _APOSTROPHES else re.escape(ch) for ch in word)
        )
    return r"\s+".join(parts)


def whole_word_regex(names: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive alternation matching any of ``names`` as whole words.

    Longest names come first so "Sarah Jones" wins over "Sarah". A possessive
    ("Sarah's", "Sarah’s") matches because the apostrophe ends the word.
    """
    unique = sorted({n.strip() for n in names if n.strip()}, key=lambda n: (-len(n), n))
    if not unique:
        return None
    alternation = "|".join(_name_pattern(n) for n in unique)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


@dataclass
class PseudonymKey:
    """The project's list of real names and their pseudonyms.

    Only accepted entries are applied. Replacement is a single regex pass, so a
    pseudonym is never itself rewritten and the result does not depend on offsets.
    """

    entries: list[PseudonymEntry] = field(default_factory=list)
    _cache: tuple[tuple, re.Pattern[str] | None, dict[str, str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def add(
        self,
        real: str,
        pseudonym: str,
        kind: NameKind = "person",
        *,
        accepted: bool = True,
        variants: Iterable[str] = (),
    ) -> PseudonymEntry:
        entry = PseudonymEntry(real, pseudonym, kind, accepted, tuple(variants))
        self.entries.append(entry)
        return entry

    def _compiled(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        signature = tuple((e.real, e.pseudonym, e.accepted, e.variants) for e in self.entries)
        if self._cache is not None and self._cache[0] == signature:
            return self._cache[1], self._cache[2]
        mapping: dict[str, str] = {}
        for entry in self.entries:
            if not entry.accepted:
                continue
            for name in entry.names():
                norm = _normalise(name)
                if not norm:
                    continue
                previous = mapping.get(norm)
                mapping[norm] = (
                    entry.pseudonym if previous in (None, entry.pseudonym) else AMBIGUOUS
                )
        pattern = whole_word_regex(n for e in self.entries if e.accepted for n in e.names())
        self._cache = (signature, pattern, mapping)
        return pattern, mapping

    def _replacer(self, mapping: dict[str, str]) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            return mapping.get(_normalise(match.group(0)), AMBIGUOUS)

        return replace

    def applier(self) -> Callable[[str], str]:
        """``apply`` for many texts with the key as it is now (compiled once)."""
        pattern, mapping = self._compiled()
        if pattern is None:
            return lambda text: text
        sub, replace = pattern.sub, self._replacer(mapping)
        return lambda text: sub(replace, text) if text else text

    def finder(self) -> Callable[[str | None], str | None]:
        """``pseudonym_for`` for many names with the key as it is now."""
        _, mapping = self._compiled()
        return lambda real: mapping.get(_normalise(real)) if real else None

    def apply(self, text: str) -> str:
        """``text`` with every accepted real name (and its variants) replaced."""
        pattern, mapping = self._compiled()
        if pattern is None or not text:
            return text
        return pattern.sub(self._replacer(mapping), text)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, pseudonym)`` of every name ``apply`` would replace in
        ``text``, in order: what a view that keeps offsets shows instead."""
        return self.spanner()(text)

    def spanner(self) -> Callable[[str], list[tuple[int, int, str]]]:
        """``spans`` for many texts with the key as it is now (compiled once)."""
        pattern, mapping = self._compiled()
        if pattern is None:
            return lambda text: []
        finditer, replace = pattern.finditer, self._replacer(mapping)
        return lambda text: [(m.start(), m.end(), replace(m)) for m in finditer(text or "")]

    def apply_with_spans(
        self, text: str, spans: Iterable[tuple[int, int]]
    ) -> tuple[str, list[tuple[int, int]]]:
        """Apply the key and move ``(start, end)`` spans so they cover the same words.

        A span boundary that falls inside a replaced name snaps outwards to the
        edges of its pseudonym.
        """
        pattern, mapping = self._compiled()
        spans = list(spans)
        if pattern is None:
            return text, spans
        replace = self._replacer(mapping)
        pieces: list[str] = []
        # (old_start, old_end, new_start, new_end) of each replacement
        moves: list[tuple[int, int, int, int]] = []
        last = 0
        new_len = 0
        for match in pattern.finditer(text):
            pieces.append(text[last : match.start()])
            new_len += match.start() - last
            repl = replace(match)
            moves.append((match.start(), match.end(), new_len, new_len + len(repl)))
            pieces.append(repl)
            new_len += len(repl)
            last = match.end()
        pieces.append(text[last:])

        def move(offset: int, is_end: bool) -> int:
            shift = 0
            for old_s, old_e, new_s, new_e in moves:
                if offset <= old_s:
                    break
                if offset < old_e:
                    return new_e if is_end else new_s
                shift = new_e - old_e
            return offset + shift

        return "".join(pieces), [(move(s, False), move(e, True)) for s, e in spans]

    def pseudonym_for(self, real: str | None) -> str | None:
        """The pseudonym of exactly this name (or variant), if accepted."""
        if not real:
            return None
        _, mapping = self._compiled()
        return mapping.get(_normalise(real))


def attribution(
    excerpt: Excerpt, key: PseudonymKey | None = None, mode: AttributionMode = "pseudonym"
) -> str:
    """The line saying who said it: "Interviewee G, Organisation 4" or "Participant from VCSE".

    ``pseudonym`` and ``group`` never fall back to a real name: a participant with
    no pseudonym becomes "Participant".
    """
    key = key or PseudonymKey()
    if mode == "real":
        person = excerpt.speaker or excerpt.participant_pseudonym or UNKNOWN_PARTICIPANT
        parts = [person, excerpt.organisation or excerpt.organisation_pseudonym]
    elif mode == "group":
        parts = [excerpt.group_label or UNKNOWN_PARTICIPANT]
    elif mode == "pseudonym":
        person = (
            excerpt.participant_pseudonym
            or key.pseudonym_for(excerpt.speaker)
            or excerpt.group_label
            or UNKNOWN_PARTICIPANT
        )
        organisation = excerpt.organisation_pseudonym or key.pseudonym_for(excerpt.organisation)
        parts = [key.apply(person), key.apply(organisation) if organisation else None]
    else:
        raise ValueError(f"unknown attribution mode {mode!r}")
    return ", ".join(p for p in parts if p)


# Suggestions live in their own module; imported here so callers find them with the key.
from exports.suggest import (  # noqa: E402
    ROLE_WORDS,
    STOPLIST,
    Suggestion,
    _is_role_label,
    name_variants,
    suggest_names,
)

__all__ = [
    "AMBIGUOUS",
    "ROLE_WORDS",
    "STOPLIST",
    "UNKNOWN_PARTICIPANT",
    "PseudonymEntry",
    "PseudonymKey",
    "Suggestion",
    "_is_role_label",
    "attribution",
    "name_variants",
    "suggest_names",
    "whole_word_regex",
]
