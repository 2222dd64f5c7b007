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

    def apply(self, text: str) -> str:
        """``text`` with every accepted real name (and its variants) replaced."""
        pattern, mapping = self._compiled()
        if pattern is None or not text:
            return text
        return pattern.sub(self._replacer(mapping), text)

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


# --- Suggesting names for the key ------------------------------------------------

ROLE_WORDS = frozenset(
    "interviewer interviewee participant facilitator moderator researcher respondent "
    "speaker chair chairperson notetaker observer member volunteer trustee".split()
)
_CALENDAR = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday christmas easter"
)
_COMMON = (
    "yes yeah no ok okay well so and but or the a an it its we they he she you i'm i've "
    "um erm uh oh right sure thanks thank hello hi mr mrs ms miss dr god covid "
    "english british england scotland wales council government lottery"
)
#: Capitalised words that are not names (compared lower-case).
STOPLIST = frozenset((_CALENDAR + " " + _COMMON).split()) | ROLE_WORDS
_ORGANISATION_WORDS = frozenset(
    "trust centre center group network association foundation charity project cic ltd "
    "partnership alliance forum society club services hub".split()
)
_NER_KINDS: dict[str, NameKind] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
_NAME_TOKEN = r"^[A-Z][a-z]+(?:['’-]?[A-Z][a-z]+)*$"
_AFTER_BREAK = frozenset(":\"“‘'(-–—")
_LABEL_CODE = re.compile(r"^[A-Z]{0,2}\d+$")


@dataclass(frozen=True)
class Suggestion:
    """A string that may identify someone, for the researcher to accept or reject."""

    text: str
    kind: NameKind
    reason: str  # "speaker label", "register", "variant of Sarah Jones", "capitalised name", ...
    count: int  # whole-word occurrences in the texts plus uses as a speaker label


def name_variants(name: str) -> list[str]:
    """First name, surname and initials of a multi-word person name."""
    words = name.split()
    if len(words) < 2:
        return []
    return [words[0], words[-1], "".join(w[0].upper() for w in words)]


def _is_role_label(label: str) -> bool:
    words = label.split()
    return not words or words[0].casefold() in ROLE_WORDS or bool(_LABEL_CODE.match(label))


def _blank_pipeline():  # -> spacy.language.Language
    import spacy

    if _blank_pipeline.nlp is None:  # type: ignore[attr-defined]
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        ruler = nlp.add_pipe("entity_ruler")
        not_stop = {"NOT_IN": sorted(STOPLIST)}
        token = {"TEXT": {"REGEX": _NAME_TOKEN}, "LOWER": not_stop}
        ruler.add_patterns([{"label": "CANDIDATE", "pattern": [{**token, "OP": "+"}]}])
        _blank_pipeline.nlp = nlp  # type: ignore[attr-defined]
    return _blank_pipeline.nlp  # type: ignore[attr-defined]


_blank_pipeline.nlp = None  # type: ignore[attr-defined]


def _capitalised_names(texts: list[str]) -> list[tuple[str, NameKind]]:
    found: list[tuple[str, NameKind]] = []
    for doc in _blank_pipeline().pipe(texts):
        for span in doc.ents:
            first = span[0]
            previous = doc[first.i - 1] if first.i > 0 else None
            if first.is_sent_start or previous is None:
                continue
            if (
                "\n" in previous.text
                or previous.text in _AFTER_BREAK
                or "\n" in previous.whitespace_
            ):
                continue
            last = span[-1].lower_
            found.append((span.text, "organisation" if last in _ORGANISATION_WORDS else "person"))
    return found


def _entities(texts: list[str], model) -> list[tuple[str, NameKind, str]]:
    import spacy

    nlp = spacy.load(model) if isinstance(model, str) else model
    found = []
    for doc in nlp.pipe(texts):
        for ent in doc.ents:
            if ent.label_ in _NER_KINDS:
                found.append(
                    (ent.text.strip(), _NER_KINDS[ent.label_], f"named entity ({ent.label_})")
                )
    return found


def suggest_names(
    texts: Iterable[str],
    speaker_labels: Iterable[str] = (),
    register_names: Iterable[str] | dict[str, NameKind] = (),
    *,
    model=None,
) -> list[Suggestion]:
    """Strings in ``texts`` that may identify a participant, most frequent first.

    Sources, in order of precedence when the same name comes from several:
    speaker labels (role labels like "Interviewer" or "P3" excluded), names already
    in the register, their variants (first name, surname, initials; only when they
    occur), the PERSON / ORG / GPE entities of ``model`` (an installed spaCy
    pipeline name or object), and capitalised word sequences not at a sentence start.
    """
    texts = list(texts)
    labels = [" ".join(label.split()) for label in speaker_labels]
    kinds = (
        register_names
        if isinstance(register_names, dict)
        else dict.fromkeys(register_names, "person")
    )

    candidates: dict[str, tuple[str, NameKind, str]] = {}
    variants: list[tuple[str, NameKind, str]] = []

    def offer(text: str, kind: NameKind, reason: str) -> None:
        norm = _normalise(text)
        if norm and norm not in candidates:
            candidates[norm] = (" ".join(text.split()), kind, reason)

    for label in labels:
        if not _is_role_label(label):
            offer(label, "person", "speaker label")
    for name, kind in kinds.items():
        offer(name, kind, "register")
        if kind == "person":
            variants.extend((v, "person", f"variant of {name}") for v in name_variants(name))
    for text, kind, reason in variants:
        offer(text, kind, reason)
    if model is not None:
        for text, kind, reason in _entities(texts, model):
            offer(text, kind, reason)
    for text, kind in _capitalised_names(texts):
        offer(text, kind, "capitalised name")

    counts = dict.fromkeys(candidates, 0)
    pattern = whole_word_regex(text for text, _, _ in candidates.values())
    if pattern is not None:
        for text in texts:
            for match in pattern.finditer(text):
                norm = _normalise(match.group(0))
                if norm in counts:
                    counts[norm] += 1
    for label in labels:
        norm = _normalise(label)
        if norm in counts:
            counts[norm] += 1

    variant_reasons = {reason for _, _, reason in variants}
    suggestions = [
        Suggestion(text, kind, reason, counts[norm])
        for norm, (text, kind, reason) in candidates.items()
        if counts[norm] > 0 or reason not in variant_reasons
    ]
    suggestions.sort(key=lambda s: (-s.count, s.text.casefold()))
    return suggestions
