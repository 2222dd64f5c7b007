"""Suggesting names for the pseudonym key: strings that may identify someone.

Speaker labels, register names and their variants, names after a title ("Dr",
"Cllr", "Mrs") or a relation ("my colleague Jo Reid"), affiliations ("Pat
Avery (Northgate Trust)"), a spaCy pipeline's entities, capitalised word
sequences, and the initials and first names or surnames of the people found.
Each comes with its count and a few lines of context; the researcher accepts
or rejects each one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from exports.common_words import is_common
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

_WORD = r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,2}}"
TITLES = (
    "Dr Cllr Councillor Mr Mrs Ms Miss Mx Prof Professor Rev Revd Sir Dame Lord Lady "
    "Baroness Judge Inspector Sergeant"
).split()
_TITLED = re.compile(rf"\b({'|'.join(TITLES)})\.?[ \t]+({_NAME})")
RELATIONS = (
    "colleague colleagues manager boss friend partner husband wife son daughter mum mother "
    "dad father sister brother neighbour neighbor chair director coordinator supervisor "
    "mentor worker deputy assistant trustee treasurer secretary"
).split()
_RELATED = re.compile(
    rf"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)[ \t]+({'|'.join(RELATIONS)}),?[ \t]+({_NAME})"
)
_ORG_WORD = r"[A-Z][\w&'’.-]*"
_AFFILIATED = re.compile(
    rf"(?<![\w*_])[*_]{{0,2}}({_NAME})[*_]{{0,2}}[ \t]*\([*_]{{0,2}}"
    rf"({_ORG_WORD}(?:[ \t]+(?:{_ORG_WORD}|of|for|and|the|&))*)[*_]{{0,2}}\)"
)
#: Characters of context either side of an occurrence, and how many are kept.
CONTEXT_CHARS = 40
CONTEXTS = 3


@dataclass(frozen=True)
class Suggestion:
    """A string that may identify someone, for the researcher to accept or reject."""

    text: str
    kind: NameKind
    reason: str  # "speaker label", "register", "variant of Sarah Jones", "capitalised name", ...
    count: int  # whole-word occurrences in the texts plus uses as a speaker label
    #: the first few occurrences with the words around them, one line each
    context: tuple[str, ...] = field(default=(), compare=False)


def name_variants(name: str) -> list[str]:
    """First name, surname and initials of a multi-word person name; a first
    name or surname only when it is not an ordinary word ("Hope", "Green")."""
    words = name.split()
    if len(words) < 2:
        return []
    single = [w for w in (words[0], words[-1]) if not is_common(w)]
    return [*single, "".join(w[0].upper() for w in words)]


def _all_common(text: str) -> bool:
    return all(is_common(w) or w.casefold() in STOPLIST for w in text.split())


def _pattern_names(texts: list[str]) -> list[tuple[str, NameKind, str]]:
    """Names after a title or a relation, and affiliations, in text order."""
    found: list[tuple[int, int, str, NameKind, str]] = []
    for n, text in enumerate(texts):
        for m in _TITLED.finditer(text):
            found.append((n, m.start(), m.group(2), "person", f"after the title {m.group(1)}"))
        for m in _RELATED.finditer(text):
            found.append((n, m.start(), m.group(2), "person", f"after '{m.group(1)}'"))
        for m in _AFFILIATED.finditer(text):
            person, organisation = m.group(1), m.group(2).strip()
            found.append((n, m.start(), person, "person", f"affiliated to {organisation}"))
            found.append((n, m.start(2), organisation, "organisation", f"affiliation of {person}"))
    found.sort(key=lambda f: (f[0], f[1]))
    return [(name, kind, reason) for _, _, name, kind, reason in found if not _all_common(name)]


def _snippet(text: str, start: int, end: int) -> str:
    """The words around ``text[start:end]`` on one line, cut at word edges."""
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in left:
        left = "…" + left[left.index(" ") + 1 :]
    if end + CONTEXT_CHARS < len(text) and " " in right:
        right = right[: right.rindex(" ")] + "…"
    return " ".join((left + text[start:end] + right).split())


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
    for text, kind, reason in _pattern_names(texts):
        offer(text, kind, reason)
    lowercase_words = {w for text in texts for w in re.findall(r"\b[a-z][a-z'’-]*", text)}
    found_variants: list[tuple[str, NameKind, str]] = []

    def offer_variants() -> None:
        """The initials, first names and surnames of the people found so far."""
        for text, kind, reason in list(candidates.values()):
            if kind != "person" or reason == "register" or reason.startswith("variant"):
                continue
            for v in name_variants(text):
                if _is_initials(v) or v.casefold() not in lowercase_words:
                    found_variants.append((v, "person", f"variant of {text}"))
                    offer(v, "person", f"variant of {text}")

    offer_variants()
    if model is not None:
        for text, kind, reason in _entities(texts, model):
            offer(text, kind, reason)
    for text, kind in _capitalised_names(texts):
        if not _common_word(text, lowercase_words):
            offer(text, kind, "capitalised name")
    offer_variants()

    counts = dict.fromkeys(candidates, 0)
    contexts: dict[str, list[str]] = {norm: [] for norm in candidates}
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
                        if len(contexts[norm]) < CONTEXTS:
                            contexts[norm].append(_snippet(text, match.start(), match.end()))
    for label in labels:
        norm = _normalise(label)
        if norm in counts:
            counts[norm] += 1
            line = f"{label} (speaker label)"
            if len(contexts[norm]) < CONTEXTS and line not in contexts[norm]:
                contexts[norm].append(line)

    # variants and capitalised names only when they occur on their own
    only_if_found = (
        {reason for _, _, reason in variants}
        | {reason for _, _, reason in found_variants}
        | {"capitalised name"}
    )
    suggestions = [
        Suggestion(text, kind, reason, counts[norm], tuple(contexts[norm]))
        for norm, (text, kind, reason) in candidates.items()
        if counts[norm] > 0 or reason not in only_if_found
    ]
    suggestions.sort(key=lambda s: (-s.count, s.text.casefold()))
    return suggestions
