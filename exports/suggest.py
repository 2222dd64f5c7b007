"""Suggesting names for the pseudonym key: strings that may identify someone.

Speaker labels, register names and their variants, a spaCy pipeline's entities
and capitalised word sequences; the researcher accepts or rejects each one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from exports.pseudonyms import NameKind, _normalise, whole_word_regex

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
_PLACE_WORDS = frozenset(
    "lane street road heath park green hill way avenue close court square estate "
    "village vale common bridge house".split()
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
    """ "Interviewer", "P3", "Q" or "A": a label that is not a person's name."""
    words = label.split()
    return (
        not words
        or len(label) == 1
        or words[0].casefold() in ROLE_WORDS
        or bool(_LABEL_CODE.match(label))
    )


def _common_word(candidate: str, lowercase_words: set[str]) -> bool:
    """True when every word of ``candidate`` also appears in lower case in the
    texts: "That", "Slowly" or "Voluntary Service", not a name."""
    return all(word.casefold() in lowercase_words for word in candidate.split())


def _is_initials(text: str) -> bool:
    return text.isupper() and len(text) <= 4


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
            kind: NameKind = "person"
            if last in _ORGANISATION_WORDS:
                kind = "organisation"
            elif last in _PLACE_WORDS and len(span) > 1:
                kind = "place"
            found.append((span.text, kind))
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
    lowercase_words = {w for text in texts for w in re.findall(r"\b[a-z][a-z'’-]*", text)}
    for text, kind in _capitalised_names(texts):
        if not _common_word(text, lowercase_words):
            offer(text, kind, "capitalised name")

    counts = dict.fromkeys(candidates, 0)
    pattern = whole_word_regex(text for text, _, _ in candidates.values())
    if pattern is not None:
        for text in texts:
            for match in pattern.finditer(text):
                norm = _normalise(match.group(0))
                if norm in counts:
                    written = candidates[norm][0]
                    # initials count only as written: "DO" is not "do"
                    if not _is_initials(written) or match.group(0) == written:
                        counts[norm] += 1
    for label in labels:
        norm = _normalise(label)
        if norm in counts:
            counts[norm] += 1

    # variants and capitalised names only when they occur on their own
    only_if_found = {reason for _, _, reason in variants} | {"capitalised name"}
    suggestions = [
        Suggestion(text, kind, reason, counts[norm])
        for norm, (text, kind, reason) in candidates.items()
        if counts[norm] > 0 or reason not in only_if_found
    ]
    suggestions.sort(key=lambda s: (-s.count, s.text.casefold()))
    return suggestions
