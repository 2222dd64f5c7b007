"""The pseudonym key as a project sees it: the register of cases plus the key table.

The register (participants and organisations) supplies most of the key: every
participant's name, first name, surname and the speaker labels linked to them;
every organisation's name and its short forms. The key table holds the
researcher's own entries and decisions, which win: an entry there replaces the
register's pseudonym for that name, and a rejected entry ("Hope" is not a name
here) stops the register from using it as a variant.

A case without a pseudonym is still hidden: its names become ``[name]`` or
``[organisation]``, so nothing identifying leaks because a pseudonym is missing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from exports.common_words import is_common
from exports.pseudonyms import NameKind, PseudonymKey, _normalise
from exports.suggest import STOPLIST, _is_role_label

MISSING_PERSON = "[name]"
MISSING_ORGANISATION = "[organisation]"

#: Legal forms dropped to get an organisation's everyday name.
LEGAL_SUFFIXES = frozenset("cic cio ltd limited plc llp inc fc afc".split())
#: Words that make the first word of an organisation's name a place ("Marsh Lane").
PLACE_WORDS = frozenset(
    "lane street road heath park green hill way avenue close court square row end "
    "estate village vale common bridge".split()
)
#: Variants shorter than this are too likely to be ordinary words ("Al", "Jo").
MIN_VARIANT = 3


@dataclass(frozen=True)
class RegisterCase:
    """A participant or organisation as the key needs it."""

    name: str
    pseudonym: str | None
    kind: NameKind  # person | organisation
    labels: tuple[str, ...] = ()  # speaker labels linked to this participant


@dataclass(frozen=True)
class KeyRow:
    """A row of the key table as stored."""

    real: str
    pseudonym: str
    kind: NameKind
    accepted: bool = True


def _usable(word: str) -> bool:
    clean = word.strip(".,;:'\u2019\"()")
    return len(clean) >= MIN_VARIANT and clean.casefold() not in STOPLIST


def is_name_word(word: str, vocabulary: Collection[str] = frozenset()) -> bool:
    """True when one word of a longer name may stand for it on its own: long
    enough, not an ordinary word ("Third", "Sector", "Community") and not
    written in lower case in the project's texts (``vocabulary``, lower-case)."""
    clean = word.strip(".,;:'\u2019\"()")
    return _usable(clean) and not is_common(clean) and clean.casefold() not in vocabulary


def _is_first_or_surname(word: str, vocabulary: Collection[str]) -> bool:
    """A person's first name or surname may be as short as "Jo" or "Ed", as
    long as it is not an ordinary word."""
    clean = word.strip(".,;:'\u2019\"()")
    return (
        len(clean) >= 2
        and clean.casefold() not in STOPLIST
        and not is_common(clean)
        and clean.casefold() not in vocabulary
    )


def _words_make_a_name(words: list[str]) -> bool:
    """A variant of several words needs one that is not an ordinary word: "Community
    Pantry" may stand for its organisation, "Borough Council" may not."""
    return any(not is_common(w) and _usable(w) for w in words)


def person_variants(
    name: str, labels: Iterable[str] = (), vocabulary: Collection[str] = frozenset()
) -> list[str]:
    """First name, surname and linked speaker labels that can stand for a person.

    A first name or surname is a variant only when it is a name on its own
    (:func:`is_name_word`): "Hope" of "Grace Hope" would also replace "hope".
    Initials are left out: the key matches case-insensitively, so "DO" would
    also replace "do". Role labels ("Interviewer", "P3") and one-letter labels
    ("A", "R") are not names.
    """
    words = name.split()
    parts = [words[0], words[-1]] if len(words) > 1 else []
    found = [w.strip(".,;:'\u2019\"()") for w in parts if _is_first_or_surname(w, vocabulary)]
    found += [
        " ".join(label.split()) for label in labels if not _is_role_label(label) and _usable(label)
    ]
    out: list[str] = []
    for variant in found:
        if _normalise(variant) != _normalise(name) and variant not in out:
            out.append(variant)
    return out


def organisation_variants(
    name: str,
    shared_first_words: set[str] = frozenset(),
    vocabulary: Collection[str] = frozenset(),
) -> list[str]:
    """Everyday forms of an organisation's name.

    The name without its legal form ("Threadworks Arts" for "Threadworks Arts
    CIC"); its first word when that word is a name on its own ("Threadworks",
    "Kinfold"; never "Third" of "Third Sector Partnership", see
    :func:`is_name_word`), or its first two when they are a place ("Marsh
    Lane", "Harbour Street"); and the rest of the name when the first word is
    a place shared with other organisations ("Community Pantry" for "Eastmere
    Community Pantry"), unless that rest is only ordinary words ("Borough
    Council").
    """
    words = name.split()
    out: list[str] = []

    def offer(words_: list[str]) -> None:
        text = " ".join(words_)
        if not words_ or not _usable(text) or _normalise(text) == _normalise(name):
            return
        if len(words_) == 1 and len(words) > 1 and not is_name_word(text, vocabulary):
            return
        if text not in out:
            out.append(text)

    core = list(words)
    while len(core) > 1 and core[-1].strip(".").casefold() in LEGAL_SUFFIXES:
        core.pop()
    offer(core)
    if len(words) < 2:
        return out
    first = words[0].casefold()
    if first in shared_first_words:
        if len(core) > 2 and _words_make_a_name(core[1:]):
            offer(core[1:])
    elif words[1].casefold() in PLACE_WORDS:
        offer(words[:2])
    elif words[0][:1].isupper() and first not in STOPLIST and first != "the":
        offer(words[:1])
    return out


_LOWER_WORD = re.compile(r"\b[a-z]+\b")


def lowercase_vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every word written in lower case somewhere in ``texts``."""
    found: set[str] = set()
    for text in texts:
        found.update(_LOWER_WORD.findall(text))
    return frozenset(found)


def build_key(
    cases: Iterable[RegisterCase],
    rows: Iterable[KeyRow] = (),
    vocabulary: Collection[str] = frozenset(),
) -> PseudonymKey:
    """The key: every case of the register (its pseudonym replaced by the table's
    when the researcher gave one), then the table's other entries.

    ``vocabulary`` is the set of lower-case words of the project's texts: a
    word written in lower case there ("the third sector") is not a name, so
    it never becomes a one-word variant."""
    table = {_normalise(r.real): r for r in rows}
    cases = list(cases)
    key = PseudonymKey()

    first_words: dict[str, int] = {}
    for case in cases:
        if case.kind == "organisation" and len(case.name.split()) > 1:
            word = case.name.split()[0].casefold()
            first_words[word] = first_words.get(word, 0) + 1
    shared = {w for w, n in first_words.items() if n > 1}

    used: set[str] = set()
    for case in cases:
        if case.kind == "organisation":
            pseudonym = case.pseudonym or MISSING_ORGANISATION
            variants = organisation_variants(case.name, shared, vocabulary)
        else:
            pseudonym = case.pseudonym or MISSING_PERSON
            variants = person_variants(case.name, case.labels, vocabulary)
        # a variant the table decides on (e.g. rejects) is the table's, not the register's
        variants = [v for v in variants if _normalise(v) not in table]
        own = table.get(_normalise(case.name))
        accepted = True
        if own is not None:
            used.add(_normalise(case.name))
            pseudonym, accepted = own.pseudonym, own.accepted
        key.add(case.name, pseudonym, case.kind, accepted=accepted, variants=variants)
    for norm, row in table.items():
        if norm not in used:
            key.add(row.real, row.pseudonym, row.kind, accepted=row.accepted)
    return key


def left_out_words(
    cases: Iterable[RegisterCase], key: PseudonymKey
) -> list[tuple[str, NameKind, str]]:
    """First names and surnames of people that the key leaves out because they
    are also ordinary words ("Hope" of "Grace Hope"): ``(word, kind, reason)``
    for the remaining-names report, which looks for them written capitalised."""
    in_key = {_normalise(n) for e in key.entries if e.accepted for n in e.names()}
    out: list[tuple[str, NameKind, str]] = []
    for case in cases:
        words = case.name.split()
        if case.kind != "person" or len(words) < 2:
            continue
        for word, part in ((words[0], "first name"), (words[-1], "surname")):
            clean = word.strip(".,;:'\u2019\"()")
            if len(clean) >= 2 and _normalise(clean) not in in_key:
                out.append((clean, "person", f"{part} of {case.name}, also an ordinary word"))
    return out


def key_rows(key: PseudonymKey) -> list[dict]:
    """The key as rows for a table or CSV: one per entry, variants joined."""
    return [
        {
            "real": e.real,
            "pseudonym": e.pseudonym,
            "kind": e.kind,
            "accepted": e.accepted,
            "variants": "; ".join(e.variants),
        }
        for e in key.entries
    ]


KEY_COLUMNS = ["real", "pseudonym", "kind", "accepted", "variants", "source"]


def write_key_csv(rows: Iterable[dict], out: BinaryIO) -> None:
    """The key as CSV (UTF-8 with BOM for Excel), cells safe from formulas."""
    from exports.tables import neutralise

    text = io.StringIO()
    writer = csv.DictWriter(text, KEY_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: neutralise("yes" if row[k] is True else "no" if row[k] is False else row[k])
                for k in KEY_COLUMNS
            }
        )
    out.write(text.getvalue().encode("utf-8-sig"))
