"""Keyword rules: a first pass with a code's own vocabulary. Pure.

A :class:`Rule` belongs to one code: keyword phrases matched on *lemmas*
(so "councils" finds the keyword "council" and "commissioning networks" the
phrase "commission network"), an optional regular expression, and optional
conditions on who speaks (speaker labels or participant names) and which
organisation the passage comes from. A rule with conditions only never
matches: it needs keywords or a pattern.

Text is tokenised by ``spacy.blank("en")`` and every token's lemma is looked
up, lower-cased, in the English lookup table of ``spacy-lookups-data``; the
same is done to the keywords, and spaCy's ``PhraseMatcher`` compares the two
on the ``LEMMA`` attribute. A hit is per passage (the unit a researcher
would code) and keeps every match with its offsets in the document's text,
so a preview can show why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

CONTEXT = 60  # characters of context shown either side of the first match


class InvalidRule(ValueError):
    """A rule that cannot be used; the message names the field and the reason."""


@dataclass(frozen=True)
class Rule:
    code: str  # the code's GUID
    keywords: tuple[str, ...] = ()
    pattern: str = ""  # a regular expression, matched ignoring case
    speakers: tuple[str, ...] = ()  # empty: anyone
    organisations: tuple[str, ...] = ()  # empty: any organisation

    def usable(self) -> bool:
        return bool(clean_keywords(self.keywords) or self.pattern.strip())


@dataclass(frozen=True)
class Passage:
    """A unit to search: ``text`` is ``document_text[start:end]``."""

    key: str  # e.g. the segment's GUID
    document: str
    start: int
    end: int
    text: str
    speakers: tuple[str, ...] = ()  # the speaker's label and participant name, if any
    organisation: str | None = None


@dataclass(frozen=True)
class Match:
    start: int  # offsets in the document's text
    end: int
    term: str  # the keyword or pattern that matched


@dataclass
class RuleHit:
    code: str
    passage: Passage
    matches: list[Match] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        """The distinct keywords/patterns that matched, in order of first match."""
        return list(dict.fromkeys(m.term for m in self.matches))

    def context(self, width: int = CONTEXT) -> tuple[str, str, str]:
        """``(before, matched, after)`` around the first match, within the passage."""
        p, m = self.passage, self.matches[0]
        a, b = m.start - p.start, m.end - p.start
        return p.text[max(0, a - width) : a], p.text[a:b], p.text[b : b + width]


def clean_keywords(keywords: Iterable[str]) -> list[str]:
    """Keywords stripped, blanks dropped, duplicates (ignoring case) once."""
    seen: dict[str, str] = {}
    for k in keywords:
        k = " ".join((k or "").split())
        if k and k.lower() not in seen:
            seen[k.lower()] = k
    return list(seen.values())


def check_pattern(pattern: str, field_name: str = "pattern") -> re.Pattern | None:
    """The compiled pattern (ignoring case), ``None`` for a blank one, or
    :class:`InvalidRule` naming the field and what is wrong."""
    if not pattern.strip():
        return None
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise InvalidRule(f"{field_name}: not a valid regular expression ({err})") from None
    if compiled.search(""):
        raise InvalidRule(
            f"{field_name}: the pattern matches empty text, so it would match everywhere"
        )
    return compiled


class _Lemmas(dict):
    """Lower-cased word -> lemma from the lookup table, remembered once asked."""

    def __init__(self, table):
        super().__init__()
        self.table = table

    def __missing__(self, word: str) -> str:
        lemma = self.table.get(word, word).lower()
        self[word] = lemma
        return lemma


@lru_cache(maxsize=1)
def _lemma_table() -> _Lemmas:
    from spacy.lookups import load_lookups

    return _Lemmas(load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup"))


@lru_cache(maxsize=1)
def lemma_nlp():
    """``spacy.blank("en")`` with a lower-cased lookup lemmatizer."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("qda_lower_lemmas"):

        @Language.component("qda_lower_lemmas")
        def lower_lemmas(doc):
            table = _lemma_table()
            for token in doc:
                token.lemma_ = table[token.lower_]
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("qda_lower_lemmas")
    return nlp


def lemmas(text: str) -> list[str]:
    """The lower-cased lemmas of ``text``'s tokens (for tests and display)."""
    return [t.lemma_ for t in lemma_nlp()(text)]


class RuleMatcher:
    """Rules compiled once (phrases, patterns), applied to any passages."""

    def __init__(self, rules: Sequence[Rule]):
        from spacy.matcher import PhraseMatcher

        self.nlp = lemma_nlp()
        self.rules = [r for r in rules if r.usable()]
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self._keyword: dict[int, tuple[int, str]] = {}  # match id -> (rule index, keyword)
        self._patterns: list[tuple[int, re.Pattern, str]] = []
        for i, rule in enumerate(self.rules):
            seen: set[tuple[str, ...]] = set()
            for keyword in clean_keywords(rule.keywords):
                pattern = self.nlp(keyword)
                key = tuple(t.lemma_ for t in pattern)
                if key in seen:  # "grants" after "grant": the same lemmas, one term
                    continue
                seen.add(key)
                label = f"{i}\x1f{keyword}"
                self.matcher.add(label, [pattern])
                self._keyword[self.nlp.vocab.strings[label]] = (i, keyword)
            compiled = check_pattern(rule.pattern, f"rule of code {rule.code}: pattern")
            if compiled is not None:
                self._patterns.append((i, compiled, rule.pattern))

    def _allowed(self, rule: Rule, passage: Passage) -> bool:
        if rule.speakers:
            wanted = {s.casefold() for s in rule.speakers}
            if not any(s.casefold() in wanted for s in passage.speakers if s):
                return False
        if rule.organisations:
            wanted = {o.casefold() for o in rule.organisations}
            if (passage.organisation or "").casefold() not in wanted:
                return False
        return True

    def hits(self, passages: Iterable[Passage]) -> list[RuleHit]:
        """One hit per (passage, code) with at least one match, passages in the
        order given, codes in rule order; matches in text order."""
        out: list[RuleHit] = []
        passages = list(passages)
        docs = self.nlp.pipe(p.text for p in passages) if self._keyword else None
        for passage in passages:
            found: dict[int, list[Match]] = {}
            if docs is not None:
                doc = next(docs)
                for match_id, a, b in self.matcher(doc):
                    i, keyword = self._keyword[match_id]
                    span = doc[a:b]
                    found.setdefault(i, []).append(
                        Match(
                            passage.start + span.start_char,
                            passage.start + span.end_char,
                            keyword,
                        )
                    )
            for i, compiled, source in self._patterns:
                for m in compiled.finditer(passage.text):
                    if m.end() > m.start():
                        found.setdefault(i, []).append(
                            Match(passage.start + m.start(), passage.start + m.end(), source)
                        )
            for i in sorted(found):
                rule = self.rules[i]
                if self._allowed(rule, passage):
                    matches = sorted(set(found[i]), key=lambda m: (m.start, m.end, m.term))
                    out.append(RuleHit(rule.code, passage, matches))
        return out


def find_hits(rules: Sequence[Rule], passages: Iterable[Passage]) -> list[RuleHit]:
    """Every passage a rule matches (see :class:`RuleMatcher`)."""
    return RuleMatcher(rules).hits(passages)
