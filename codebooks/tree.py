"""Walking and checking the code tree.

Codes point to their parent by id. The first half of this module is the one
place the project walks that tree, as pure functions on plain data, so the
codebook, the analysis frames, the exports, the pages and the facade (whose
ids may be GUIDs or database ids) share one cycle-safe implementation:

- ``rows`` are ``(id, parent id, name)`` triples, in sibling order (the
  parent id is ``None`` at the top);
- ``parents`` is a mapping ``{id: parent id}``; its order is the sibling
  order.

``walk`` gives depth-first order with depth and path, ``paths`` the path of
every row, ``ancestor_ids``/``descendant_ids`` one code's line up or subtree
down, and ``with_ancestors``/``with_descendants`` roll a set of codes up to
their parents or down to their children. A cycle in the parent links never
loops: a walk stops where it would come back to a code it has seen.

The second half answers the questions a researcher asks of a ``Codebook``
(what is under this theme, what is its full path, which code did they mean
by "Present") and checks its rules.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Generic, NamedTuple, TypeVar

from codebooks.errors import AmbiguousCode, InvalidCodebook, UnknownCode
from codebooks.model import Code, Codebook

COLOUR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")
PATH_SEPARATOR = "/"

K = TypeVar("K", bound=Hashable)

#: One code as the walking functions see it: ``(id, parent id, name)``.
Row = tuple[K, K | None, str]


# -- plain rows -----------------------------------------------------------------------------


class Step(NamedTuple, Generic[K]):
    """One row reached by :func:`walk`."""

    index: int  # the row's position in the input, to find the caller's own record
    id: K
    parent: K | None  # None for a top-level row (and an orphan taken as one)
    depth: int  # 0 for a top-level row
    path: str  # the names from the top down, e.g. "Bonding/Present"


def walk(
    rows: Iterable[Row[K]], *, sep: str = PATH_SEPARATOR, orphans_as_roots: bool = True
) -> list[Step[K]]:
    """The rows depth first: each parent before its children, siblings in input order.

    A row whose parent id is not among the rows (an orphan) is a top-level row
    when ``orphans_as_roots``, else it is left out with everything under it.
    Rows in a parent cycle cannot be reached from the top and are left out;
    each row is reached at most once, so a repeated id does not repeat its
    children.
    """
    rows = list(rows)
    known = {row[0] for row in rows}
    top: list[int] = []
    kids: dict[K, list[int]] = {}
    for i, (_, parent, _) in enumerate(rows):
        if parent is None or (orphans_as_roots and parent not in known):
            top.append(i)
        elif parent in known:
            kids.setdefault(parent, []).append(i)
    steps: list[Step[K]] = []
    placed: set[int] = set()
    stack: list[tuple[int, K | None, int, str]] = [(i, None, 0, "") for i in reversed(top)]
    while stack:
        i, parent, depth, prefix = stack.pop()
        if i in placed:
            continue
        placed.add(i)
        guid, _, name = rows[i]
        path = f"{prefix}{sep}{name}" if depth else name
        steps.append(Step(i, guid, parent, depth, path))
        stack.extend((j, guid, depth + 1, path) for j in reversed(kids.get(guid, [])))
    return steps


def paths(rows: Iterable[Row[K]], *, sep: str = PATH_SEPARATOR) -> dict[K, str]:
    """``{id: "Top/Child/Grandchild"}`` for every row.

    An orphan's path starts at the orphan. A row in a parent cycle gets the
    names up to where the cycle closes, e.g. ``"B/A"`` for A under B under A.
    """
    rows = list(rows)
    parents = {guid: parent for guid, parent, _ in rows}
    names = {guid: name for guid, _, name in rows}
    return {
        guid: sep.join(names[g] for g in reversed([guid, *ancestor_ids(parents, guid)]))
        for guid in names
    }


def ancestor_ids(parents: Mapping[K, K | None], guid: K) -> list[K]:
    """The ids above ``guid``, its parent first, up to the top.

    Stops at a parent that is not a key of ``parents`` and where a cycle
    would come back to an id already listed (or to ``guid`` itself).
    """
    found: list[K] = []
    seen = {guid}
    node = parents.get(guid)
    while node is not None and node in parents and node not in seen:
        found.append(node)
        seen.add(node)
        node = parents[node]
    return found


def with_ancestors(parents: Mapping[K, K | None], ids: Iterable[K]) -> list[K]:
    """The ``ids`` and every code above them, without repeats: each id (even
    an unknown one) followed by those of its ancestors not listed yet. This
    rolls codes up to their parents, e.g. to keep a search hit's themes."""
    found: list[K] = []
    seen: set[K] = set()
    for guid in ids:
        if guid in seen:
            continue
        seen.add(guid)
        found.append(guid)
        for above in ancestor_ids(parents, guid):
            if above in seen:
                break  # its own ancestors are listed already
            seen.add(above)
            found.append(above)
    return found


def _children(parents: Mapping[K, K | None]) -> dict[K | None, list[K]]:
    kids: dict[K | None, list[K]] = {}
    for guid, parent in parents.items():
        kids.setdefault(parent, []).append(guid)
    return kids


def _below(kids: Mapping[K | None, list[K]], guid: K, seen: set[K], found: list[K]) -> None:
    """Append the unseen codes under ``guid`` to ``found``, depth first in sibling order."""
    stack = list(reversed(kids.get(guid, [])))
    while stack:
        node = stack.pop()
        if node in seen:
            continue  # reached twice: a cycle
        seen.add(node)
        found.append(node)
        stack.extend(reversed(kids.get(node, [])))


def descendant_ids(parents: Mapping[K, K | None], guid: K) -> list[K]:
    """The ids below ``guid`` (not itself), depth first, siblings in ``parents`` order."""
    found: list[K] = []
    _below(_children(parents), guid, {guid}, found)
    return found


def with_descendants(parents: Mapping[K, K | None], ids: Iterable[K]) -> list[K]:
    """The ``ids`` and every code below them, without repeats: each id (even
    an unknown one) followed by its descendants in tree order. This is "a
    code and its subcodes", e.g. for a filter or a delete."""
    kids = _children(parents)
    found: list[K] = []
    seen: set[K] = set()
    for guid in ids:
        if guid in seen:
            continue
        seen.add(guid)
        found.append(guid)
        _below(kids, guid, seen, found)
    return found


# -- a Codebook -----------------------------------------------------------------------------


def _rows(codes: Iterable[Code]) -> list[Row[str]]:
    return [(code.guid, code.parent, code.name) for code in codes]


def _parents(codes: Iterable[Code]) -> dict[str, str | None]:
    return {code.guid: code.parent for code in codes}


def _by_guid(cb: Codebook) -> dict[str, Code]:
    return {code.guid: code for code in cb.codes}


def children(cb: Codebook, guid: str | None) -> list[Code]:
    """The codes directly under ``guid`` (top-level codes for ``None``), in order."""
    return [code for code in cb.codes if code.parent == guid]


def roots(cb: Codebook) -> list[Code]:
    """The top-level codes, in order."""
    return children(cb, None)


def _ancestry(
    index: Mapping[str, Code], parents: Mapping[str, str | None], guid: str
) -> list[Code]:
    """The code and its ancestors, top first. Raises on unknown GUIDs and cycles.

    ``index`` maps each GUID to its code and ``parents`` to its parent GUID.
    """
    if guid not in index:
        raise UnknownCode(guid)
    chain = [index[g] for g in [guid, *ancestor_ids(parents, guid)]]
    above = chain[-1].parent
    if above in index:  # the walk stopped where the chain closes on itself
        names = " -> ".join([code.name for code in chain] + [index[above].name])
        raise InvalidCodebook(f"cycle in parents: {names}", code=index[guid].name, guid=guid)
    if above is not None:
        raise InvalidCodebook(f"unknown parent '{above}'", code=chain[-1].name, guid=chain[-1].guid)
    chain.reverse()
    return chain


def path_parts(cb: Codebook, guid: str) -> list[str]:
    """The names from the top-level code down to ``guid``."""
    return [code.name for code in _ancestry(_by_guid(cb), _parents(cb.codes), guid)]


def path_of(cb: Codebook, guid: str, sep: str = PATH_SEPARATOR) -> str:
    """The readable path of a code, e.g. ``"Bonding/Present"``."""
    return sep.join(path_parts(cb, guid))


def find_code(cb: Codebook, ref: str) -> Code:
    """The code a researcher means by ``ref``: a GUID, a path ``"A/B"`` or a name.

    Exact matches win over case-insensitive ones. A name shared by several
    codes raises ``AmbiguousCode`` listing their paths; no match raises
    ``UnknownCode``.
    """
    index = _by_guid(cb)
    if ref in index:
        return index[ref]
    parents = _parents(cb.codes)
    code_paths = {
        code.guid: PATH_SEPARATOR.join(c.name for c in _ancestry(index, parents, code.guid))
        for code in cb.codes
    }
    for matches in (
        lambda c: code_paths[c.guid] == ref,
        lambda c: code_paths[c.guid].casefold() == ref.casefold(),
        lambda c: c.name == ref,
        lambda c: c.name.casefold() == ref.casefold(),
        lambda c: c.guid.casefold().strip("{}") == ref.casefold().strip("{}"),
    ):
        found = [code for code in cb.codes if matches(code)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousCode(ref, sorted(code_paths[code.guid] for code in found))
    raise UnknownCode(ref)


def descendants(cb: Codebook, guid: str) -> list[Code]:
    """Every code below ``guid`` (not itself), in tree order."""
    index: dict[str, Code] = {}
    for code in cb.codes:
        index.setdefault(code.guid, code)
    return [index[g] for g in descendant_ids(_parents(cb.codes), guid)]


def in_tree_order(codes: Iterable[Code]) -> list[Code]:
    """The codes depth first: each parent before its children, siblings kept in order.

    Codes that cannot be reached from the top (unknown parent, cycle) come
    last, in their original order, so nothing is lost.
    """
    codes = list(codes)
    steps = walk(_rows(codes), orphans_as_roots=False)
    placed = {step.index for step in steps}
    return [codes[step.index] for step in steps] + [
        code for i, code in enumerate(codes) if i not in placed
    ]


def is_guid(value: str) -> bool:
    """True for a UUID, bare or in braces (the REFI-QDA GUID forms)."""
    text = value[1:-1] if value.startswith("{") and value.endswith("}") else value
    if len(text) != 36:
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def validate(
    cb: Codebook,
    *,
    source: str | None = None,
    lines: Sequence[int | None] | None = None,
) -> None:
    """Raise ``InvalidCodebook`` for the first broken rule, else return.

    Rules: GUIDs are UUIDs and unique; names are not empty; colours are
    ``#rrggbb``; parents exist; no cycles; sibling names differ (ignoring
    case). ``lines`` gives, for each code in ``cb.codes`` order, the line it
    was read from, so the error can point into the file.
    """
    line_of = {id(code): line for code, line in zip(cb.codes, lines or [], strict=False)}

    def fail(message: str, code: Code, label: str | None) -> InvalidCodebook:
        return InvalidCodebook(
            message, code=label, line=line_of.get(id(code)), source=source, guid=code.guid
        )

    seen: dict[str, Code] = {}
    for code in cb.codes:
        if not is_guid(code.guid):
            raise fail(f"invalid GUID '{code.guid}'", code, code.name or None)
        if code.guid in seen:
            raise fail(f"duplicate GUID {code.guid}", code, code.name or None)
        seen[code.guid] = code
    for code in cb.codes:
        if not code.name.strip():
            raise fail("empty code name", code, None)
    for code in cb.codes:
        if code.parent is not None and code.parent not in seen:
            raise fail(f"unknown parent '{code.parent}'", code, code.name)
    parents = _parents(seen.values())
    for code in cb.codes:
        try:
            _ancestry(seen, parents, code.guid)
        except InvalidCodebook as err:
            raise fail(err.message, code, code.name) from None
    for code in cb.codes:
        if not COLOUR_PATTERN.fullmatch(code.colour):
            raise fail(
                f"invalid colour '{code.colour}' (expected #rrggbb)",
                code,
                path_of(cb, code.guid),
            )
    siblings: set[tuple[str | None, str]] = set()
    for code in cb.codes:
        key = (code.parent, code.name.strip().casefold())
        if key in siblings:
            raise fail("duplicate sibling name", code, path_of(cb, code.guid))
        siblings.add(key)
