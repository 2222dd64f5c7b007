"""What the exporters work on: excerpts (a coding with its context) and codes.

Pure data. The facade builds these from storage; the exporters never see SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from codebooks.model import Code
from codebooks.tree import walk


@dataclass
class Excerpt:
    """One coded passage, with everything an export needs to show and attribute it.

    ``speaker`` and ``organisation`` are real names; the pseudonym fields are what
    participants were promised. Exporters show the pseudonyms unless told otherwise.
    """

    coding: str  # GUID of the coding
    code: str  # GUID of the code
    code_path: str  # "Parent/Child"
    text: str  # the coded passage
    document: str  # GUID of the document
    document_name: str
    context: str = ""  # the surrounding speaker turn
    document_kind: str = ""
    document_date: str | None = None
    speaker: str | None = None
    participant_pseudonym: str | None = None  # e.g. "Interviewee G"
    group_label: str | None = None  # e.g. "Participant from VCSE"
    organisation: str | None = None
    organisation_pseudonym: str | None = None  # e.g. "Organisation 4"
    coder: str = ""
    origin: str = ""  # the suggester a coding was accepted from ("rules", "model", ...), if any
    memo: str | None = None
    start: int = 0
    end: int = 0
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportCode:
    """A code as an export shows it: its place in the tree is already resolved."""

    guid: str
    name: str
    path: str  # "Parent/Child"
    parent: str | None = None
    definition: str = ""
    depth: int = 1  # 1 for a top-level code


def export_codes(codes: Iterable[Code]) -> list[ExportCode]:
    """Resolve paths and depths and return the codes depth-first.

    Siblings keep the order they have in ``codes``. A code whose parent is not in
    ``codes`` is treated as top-level, so a partial list still exports; codes in
    a parent cycle cannot be placed and are left out.
    """
    codes = list(codes)
    result: list[ExportCode] = []
    for step in walk([(c.guid, c.parent, c.name) for c in codes]):
        code = codes[step.index]
        result.append(
            ExportCode(
                code.guid, code.name, step.path, step.parent, code.definition, step.depth + 1
            )
        )
    return result
