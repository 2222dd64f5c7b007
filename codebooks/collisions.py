"""Code paths a loaded codebook would share with the project's codebook.

Loading a foreign codebook next to existing codes can give two codes one
path ("Culture/Hierarchy" twice: every lookup by path is then ambiguous), and
a flat name holding the separator ("Culture/Hierarchy" at the top) reads like
the path of a real nested code. :func:`collisions` finds both before anything
is stored, so the loader can refuse, or merge codes that share a path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codebooks.model import Code, Codebook
from codebooks.tree import PATH_SEPARATOR


@dataclass
class Collisions:
    # incoming code GUID -> the GUID of the existing code with the same path
    same_path: dict[str, str] = field(default_factory=dict)
    # (code name holding the separator, the path it reads like)
    shadows: list[tuple[str, str]] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)  # incoming GUID -> its path


def _all_parts(cb: Codebook) -> dict[str, list[str]]:
    """Every code's names from the top down, in one pass (parents memoised)."""
    by_guid = {c.guid: c for c in cb.codes}
    done: dict[str, list[str]] = {}
    for code in cb.codes:
        chain, at, seen = [], code, set()
        while at is not None and at.guid not in done and at.guid not in seen:
            seen.add(at.guid)
            chain.append(at)
            at = by_guid.get(at.parent) if at.parent else None
        above = done.get(at.guid, []) if at is not None else []
        for c in reversed(chain):
            above = done[c.guid] = [*above, c.name]
    return done


def _key(path: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(n.split()).casefold() for n in path)


def collisions(existing: Codebook, incoming: Codebook, under: str | None = None) -> Collisions:
    """What loading ``incoming`` below the existing code ``under`` (a GUID, or
    the top when None) would collide with. Paths compare names ignoring case
    and runs of spaces. A code below a colliding one is compared too, so a
    merge can follow the tree down."""
    out = Collisions()
    old, new = _all_parts(existing), _all_parts(incoming)
    base = old.get(under, []) if under else []
    by_path: dict[tuple[str, ...], str] = {}
    for c in existing.codes:
        by_path.setdefault(_key(old[c.guid]), c.guid)
    for code in incoming.codes:
        parts = base + new[code.guid]
        out.paths[code.guid] = PATH_SEPARATOR.join(parts)
        found = by_path.get(_key(parts))
        if found is not None:
            out.same_path[code.guid] = found
    mine = {c.guid for c in incoming.codes}
    every: list[tuple[Code, list[str]]] = [(c, old[c.guid]) for c in existing.codes]
    every += [(c, base + new[c.guid]) for c in incoming.codes]
    nested: dict[tuple[str, ...], tuple[str, str]] = {}
    for c, parts in every:  # an existing code first
        nested.setdefault(_key(parts), (c.guid, PATH_SEPARATOR.join(parts)))
    for code, parts in every:
        if PATH_SEPARATOR not in code.name:
            continue
        reads_like = nested.get(_key(parts[:-1] + code.name.split(PATH_SEPARATOR)))
        if reads_like is not None and (code.guid in mine or reads_like[0] in mine):
            out.shadows.append((code.name, reads_like[1]))
    return out
