"""Pseudonyms for a fresh project, so every person and organisation stays distinct.

Without pseudonyms the key hides a case behind ``[name]`` or ``[organisation]``:
safe, but quotes cannot be told apart and a chart by organisation collapses
into one bar. :func:`generate_pseudonyms` gives each case its own:

- ``numbered``: "Participant 1", "Participant 2", … and "Organisation A",
  "Organisation B", … (after Z: AA, AB, …);
- ``role``: a participant is named after their role, numbered within it
  ("VCS lead 1", "VCS lead 2"); an organisation after its group (an attribute
  the researcher chooses, e.g. stakeholder group: "VCS organisation 1"). A case
  with no role or group, or whose role would give a name away, falls back to
  the numbered form.

Numbers already taken by other pseudonyms are skipped, in any case, so a
generated pseudonym never repeats one in use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

Scheme = Literal["numbered", "role"]
SCHEMES: tuple[str, ...] = ("numbered", "role")
PERSON = "Participant"
ORGANISATION = "Organisation"
#: Roles longer than this are cut at a word edge.
MAX_ROLE = 40


@dataclass(frozen=True)
class PseudonymCase:
    """A case as the generator sees it."""

    id: int
    kind: str  # participant | organisation
    name: str
    pseudonym: str | None = None
    role: str | None = None  # a participant's role
    group: str | None = None  # an organisation's group (an attribute value)


def letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA, 28 -> AB."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def role_label(role: str | None) -> str | None:
    """The part of a role that names it: "Volunteer coordinator; quoted as …"
    gives "Volunteer coordinator", "Club chair (volunteer)" gives "Club chair"."""
    if not role:
        return None
    text = " ".join(re.split(r"[;(,/]", role, maxsplit=1)[0].split())
    if len(text) > MAX_ROLE:
        text = text[:MAX_ROLE].rsplit(" ", 1)[0]
    return text or None


def generate_pseudonyms(
    cases: Iterable[PseudonymCase],
    scheme: Scheme = "numbered",
    *,
    replace: bool = False,
    unsafe: Callable[[str], bool] = lambda label: False,
) -> dict[int, str]:
    """``{case id: new pseudonym}`` for the cases that get one, in the order given.

    Only cases without a pseudonym get one unless ``replace``; the pseudonyms
    kept are taken. ``unsafe(label)`` says a role or group label would give a
    real name away (it is then not used).
    """
    if scheme not in SCHEMES:
        raise ValueError(f"scheme {scheme!r} is not one of {', '.join(SCHEMES)}")
    cases = list(cases)
    taken = {
        " ".join(c.pseudonym.split()).casefold()
        for c in cases
        if c.pseudonym and c.pseudonym.strip() and not replace
    }
    counters: dict[tuple[str, str], int] = {}
    out: dict[int, str] = {}

    def next_free(stem: str, kind: str, as_letters: bool) -> str:
        n = counters.get((kind, stem), 0)
        while True:
            n += 1
            candidate = f"{stem} {letters(n) if as_letters else n}"
            if candidate.casefold() not in taken:
                counters[(kind, stem)] = n
                taken.add(candidate.casefold())
                return candidate

    for case in cases:
        if case.pseudonym and case.pseudonym.strip() and not replace:
            continue
        if case.kind == "organisation":
            group = " ".join((case.group or "").split())[:MAX_ROLE] or None
            if scheme == "role" and group and not unsafe(group):
                out[case.id] = next_free(f"{group} organisation", case.kind, False)
            else:
                out[case.id] = next_free(ORGANISATION, case.kind, True)
        else:
            label = role_label(case.role) if scheme == "role" else None
            if label and not unsafe(label):
                out[case.id] = next_free(label, case.kind, False)
            else:
                out[case.id] = next_free(PERSON, case.kind, False)
    return out
