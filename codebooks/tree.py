"""Walking and checking the code tree of a ``Codebook``.

Codes point to their parent by GUID; these helpers answer the questions a
researcher asks of that tree (what is under this theme, what is its full
path, which code did they mean by "Present") and check its rules.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence

from codebooks.errors import AmbiguousCode, InvalidCodebook, UnknownCode
from codebooks.model import Code, Codebook

COLOUR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")


def children(cb: Codebook, guid: str | None) -> list[Code]:
    """The codes directly under ``guid`` (top-level codes for ``None``), in order."""
    return [code for code in cb.codes if code.parent == guid]


def roots(cb: Codebook) -> list[Code]:
    """The top-level codes, in order."""
    return children(cb, None)


def _by_guid(cb: Codebook) -> dict[str, Code]:
    return {code.guid: code for code in cb.codes}


def _ancestry(index: Mapping[str, Code], guid: str) -> list[Code]:
    """The code and its ancestors, top first. Raises on unknown GUIDs and cycles."""
    chain: list[Code] = []
    seen: set[str] = set()
    current: str | None = guid
    while current is not None:
        if current in seen:
            names = " -> ".join([code.name for code in chain] + [index[current].name])
            raise InvalidCodebook(f"cycle in parents: {names}", code=index[guid].name, guid=guid)
        seen.add(current)
        code = index.get(current)
        if code is None:
            if current == guid:
                raise UnknownCode(guid)
            raise InvalidCodebook(
                f"unknown parent '{current}'", code=chain[-1].name, guid=chain[-1].guid
            )
        chain.append(code)
        current = code.parent
    chain.reverse()
    return chain


def path_parts(cb: Codebook, guid: str) -> list[str]:
    """The names from the top-level code down to ``guid``."""
    return [code.name for code in _ancestry(_by_guid(cb), guid)]


def path_of(cb: Codebook, guid: str, sep: str = "/") -> str:
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
    paths = {code.guid: path_of(cb, code.guid) for code in cb.codes}
    for matches in (
        lambda c: paths[c.guid] == ref,
        lambda c: paths[c.guid].casefold() == ref.casefold(),
        lambda c: c.name == ref,
        lambda c: c.name.casefold() == ref.casefold(),
        lambda c: c.guid.casefold().strip("{}") == ref.casefold().strip("{}"),
    ):
        found = [code for code in cb.codes if matches(code)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousCode(ref, sorted(paths[code.guid] for code in found))
    raise UnknownCode(ref)


def descendants(cb: Codebook, guid: str) -> list[Code]:
    """Every code below ``guid`` (not itself), in tree order."""
    found: list[Code] = []
    seen = {guid}
    stack = list(reversed(children(cb, guid)))
    while stack:
        code = stack.pop()
        if code.guid in seen:
            continue  # a cycle; validate() reports it
        seen.add(code.guid)
        found.append(code)
        stack.extend(reversed(children(cb, code.guid)))
    return found


def in_tree_order(codes: Iterable[Code]) -> list[Code]:
    """The codes depth first: each parent before its children, siblings kept in order.

    Codes that cannot be reached from the top (unknown parent, cycle) come
    last, in their original order, so nothing is lost.
    """
    codes = list(codes)
    known = {code.guid for code in codes}
    kids: dict[str | None, list[Code]] = {}
    for code in codes:
        if code.parent is None or code.parent in known:
            kids.setdefault(code.parent, []).append(code)
        # else an orphan: kept for the end
    ordered: list[Code] = []
    placed: set[int] = set()
    stack = list(reversed(kids.get(None, [])))
    while stack:
        code = stack.pop()
        if id(code) in placed:
            continue
        placed.add(id(code))
        ordered.append(code)
        stack.extend(reversed(kids.get(code.guid, [])))
    ordered.extend(code for code in codes if id(code) not in placed)
    return ordered


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
    for code in cb.codes:
        try:
            _ancestry(seen, code.guid)
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
