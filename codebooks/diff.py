"""What changed between two versions of a codebook, matched by GUID.

Used to show a researcher what an edit or an import will do before it is
applied. Coding counts are added by the caller (they live in storage).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codebooks.model import Code, Codebook
from codebooks.tree import in_tree_order, path_of

#: Fields reported in ``CodebookDiff.changed`` (name and parent have their own lists).
COMPARED_FIELDS = (
    "definition",
    "inclusion",
    "exclusion",
    "example",
    "colour",
    "codable",
    "keywords",
)


@dataclass(frozen=True)
class Renamed:
    guid: str
    old_name: str
    new_name: str


@dataclass(frozen=True)
class Moved:
    guid: str
    old_path: str
    new_path: str


@dataclass(frozen=True)
class Merged:
    guid: str  # the code that disappears
    from_path: str
    into_guid: str
    into_path: str


@dataclass(frozen=True)
class Changed:
    guid: str
    path: str  # in the new codebook
    field: str
    old: object
    new: object


@dataclass
class CodebookDiff:
    added: list[Code] = field(default_factory=list)
    removed: list[Code] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    merged: list[Merged] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when the two codebooks have the same codes, tree and content."""
        return not (
            self.added or self.removed or self.renamed or self.moved or self.merged or self.changed
        )

    def changes_of(self, field_name: str) -> list[Changed]:
        """The changes to one field, e.g. ``"definition"`` or ``"colour"``."""
        return [change for change in self.changed if change.field == field_name]

    def describe(self, new: Codebook, old: Codebook) -> list[str]:
        """One readable line a change, for a confirmation screen or the CLI."""
        lines = [f"added '{path_of(new, c.guid)}'" for c in self.added]
        lines += [f"removed '{path_of(old, c.guid)}'" for c in self.removed]
        lines += [f"renamed '{r.old_name}' to '{r.new_name}'" for r in self.renamed]
        lines += [f"moved '{m.old_path}' to '{m.new_path}'" for m in self.moved]
        lines += [f"merged '{m.from_path}' into '{m.into_path}'" for m in self.merged]
        lines += [f"changed {c.field} of '{c.path}'" for c in self.changed]
        return lines


def diff_codebooks(
    old: Codebook, new: Codebook, merges: dict[str, str] | None = None
) -> CodebookDiff:
    """Compare two codebooks by GUID.

    ``merges`` maps the GUID of each old code merged away to the GUID of the
    code it went into (a code of ``new``); merged codes are reported under
    ``merged``, not ``removed``. Raises ``ValueError`` for a merge whose
    source is unknown or still present, or whose target is not in ``new``.
    """
    merges = merges or {}
    old_codes = {code.guid: code for code in old.codes}
    new_codes = {code.guid: code for code in new.codes}
    for source, target in merges.items():
        if source not in old_codes:
            raise ValueError(f"merged code {source} is not in the old codebook")
        if source in new_codes:
            raise ValueError(f"merged code {source} is still in the new codebook")
        if target not in new_codes:
            raise ValueError(f"merge target {target} is not in the new codebook")

    diff = CodebookDiff()
    for code in in_tree_order(new.codes):
        if code.guid not in old_codes:
            diff.added.append(code)
    for code in in_tree_order(old.codes):
        if code.guid in merges:
            target = merges[code.guid]
            diff.merged.append(
                Merged(code.guid, path_of(old, code.guid), target, path_of(new, target))
            )
        elif code.guid not in new_codes:
            diff.removed.append(code)
    for code in in_tree_order(new.codes):
        before = old_codes.get(code.guid)
        if before is None:
            continue
        if before.name != code.name:
            diff.renamed.append(Renamed(code.guid, before.name, code.name))
        if before.parent != code.parent:
            diff.moved.append(Moved(code.guid, path_of(old, code.guid), path_of(new, code.guid)))
        for name in COMPARED_FIELDS:
            if getattr(before, name) != getattr(code, name):
                diff.changed.append(
                    Changed(
                        code.guid,
                        path_of(new, code.guid),
                        name,
                        getattr(before, name),
                        getattr(code, name),
                    )
                )
    return diff


@dataclass(frozen=True)
class ChangeRow:
    """One change between a snapshot and another (or now), with coding counts.

    ``change`` is added, removed, renamed, moved, merged, changed or codings
    (only the count moved). ``path`` is the code's path: for moved, merged and
    changed as the diff names it in the newer codebook, otherwise its path now
    (as it was, for a removed code). ``old``/``new`` are the names (renamed),
    paths (moved) or field values (changed); for merged, ``old`` is the path merged away and
    ``absorbed`` its codings before; ``before``/``after`` are the code's codings.
    """

    change: str
    guid: str
    path: str
    before: int
    after: int
    old: object = None
    new: object = None
    field: str | None = None
    absorbed: int = 0


def change_rows(
    diff: CodebookDiff,
    before: dict[str, int],
    after: dict[str, int],
    current: Codebook,
) -> list[ChangeRow]:
    """The rows a researcher reads for ``diff``: each change, then the codes
    whose coding counts alone moved. ``current`` is today's codebook; codes the
    diff added or removed join it so every row has a readable path (a code
    whose parent was renamed since shows under the parent's current name)."""
    have = {c.guid for c in current.codes}
    extra = [c for c in (*diff.added, *diff.removed) if c.guid not in have]
    known = Codebook(name=current.name, codes=[*current.codes, *extra])

    def row(change: str, guid: str, path: str | None = None, **fields) -> ChangeRow:
        counts = {"before": before.get(guid, 0), "after": after.get(guid, 0)}
        where = path if path is not None else path_of(known, guid)
        return ChangeRow(change, guid, where, **{**counts, **fields})

    rows = [row("added", c.guid) for c in diff.added]
    rows += [row("removed", c.guid, after=0) for c in diff.removed]
    rows += [row("renamed", r.guid, old=r.old_name, new=r.new_name) for r in diff.renamed]
    rows += [row("moved", m.guid, m.new_path, old=m.old_path, new=m.new_path) for m in diff.moved]
    rows += [
        row("merged", m.into_guid, m.into_path, old=m.from_path, absorbed=before.get(m.guid, 0))
        for m in diff.merged
    ]
    rows += [
        row("changed", c.guid, c.path, old=c.old, new=c.new, field=c.field) for c in diff.changed
    ]
    mentioned = {r.guid for r in rows} | {m.guid for m in diff.merged}
    rows += [
        row("codings", c.guid)
        for c in current.codes
        if c.guid in after and c.guid not in mentioned and before.get(c.guid, 0) != after[c.guid]
    ]
    return rows
