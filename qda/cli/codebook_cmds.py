"""`python -m qda codebook ...`: built-ins, load, list, export, snapshot, diff."""

from __future__ import annotations

import io
from pathlib import Path

from qda.cli.options import command
from qda.cli.output import print_json
from qda.errors import InvalidInput
from qda.project import Project

FORMATS = ("yaml", "yml", "qdc", "csv")
LIST_FIELDS = (
    "guid",
    "name",
    "path",
    "depth",
    "parent",
    "codable",
    "colour",
    "codings",
    "definition",
    "keywords",
    "framework",
)


def cmd_builtins(args) -> int:
    from codebooks.builtins import list_builtins

    entries = list_builtins()
    width = max(len(name) for name, _ in entries)
    for name, title in entries:
        print(f"{name.ljust(width)}  {title}")
    return 0


def cmd_load(args) -> int:
    source = args.source
    if source.startswith("builtin:"):
        name, data = source, b""
    else:
        path = Path(source)
        if not path.is_file():
            raise InvalidInput(f"{source}: no such file")
        name, data = path.name, path.read_bytes()
    project = Project.open(args.project)
    n = project.codebook.import_codebook(name, data, coder=args.coder, fresh=args.fresh)
    print(f"loaded {n} codes from {source}")
    return 0


def cmd_list(args) -> int:
    codes = Project.open(args.project).codebook.codes()
    if args.json:
        print_json([{f: c[f] for f in LIST_FIELDS} for c in codes])
        return 0
    if not codes:
        print("(no codes)")
        return 0
    print("codings  colour   kind    code")
    for c in codes:
        kind = "code" if c["codable"] else "folder"
        print(f"{c['codings']:>7}  {c['colour']}  {kind:<6}  {'  ' * c['depth']}{c['path']}")
    return 0


def cmd_export(args) -> int:
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidInput(f"{out.name}: give a .yaml, .qdc or .csv file name")
    project = Project.open(args.project)
    buffer = io.BytesIO()  # nothing is written unless the export succeeds
    project.codebook.export_codebook(fmt, buffer)
    out.write_bytes(buffer.getvalue())
    print(f"exported {len(project.codebook.codes())} codes to {out}")
    return 0


def cmd_snapshot(args) -> int:
    project = Project.open(args.project)
    project.codebook.create_snapshot(args.name)
    codes = project.codebook.codes()
    codings = sum(c["codings"] for c in codes)
    print(f"saved snapshot {args.name.strip()!r}: {len(codes)} codes, {codings} codings")
    return 0


def known_codes(project: Project, diff):
    """Today's codebook plus the codes the diff added or removed, so that every
    code a diff mentions has a readable path (the facade hands back the diff
    and the counts, not the snapshot trees; a code whose parent has been
    renamed since shows under the parent's current name)."""
    from codebooks.model import Codebook

    cb = project.codebook.model()
    have = {c.guid for c in cb.codes}
    extra = [c for c in (*diff.added, *diff.removed) if c.guid not in have]
    return Codebook(name=cb.name, codes=[*cb.codes, *extra])


def diff_lines(project: Project, old: str, new: str | None = None) -> list[str]:
    """Readable lines for the changes between snapshot ``old`` and ``new``
    (or now), each with the coding counts before and after."""
    from codebooks.tree import path_of

    diff, before, after = project.codebook.diff_snapshot(old, new)
    known = known_codes(project, diff)

    def path(guid: str) -> str:
        return path_of(known, guid)

    def span(guid: str) -> str:
        return f"{before.get(guid, 0)} -> {after.get(guid, 0)} codings"

    lines = [f"added '{path(c.guid)}' ({after.get(c.guid, 0)} codings)" for c in diff.added]
    lines += [
        f"removed '{path(c.guid)}' (had {before.get(c.guid, 0)} codings)" for c in diff.removed
    ]
    lines += [f"renamed '{r.old_name}' to '{r.new_name}' ({span(r.guid)})" for r in diff.renamed]
    lines += [f"moved '{m.old_path}' to '{m.new_path}' ({span(m.guid)})" for m in diff.moved]
    lines += [
        f"merged '{m.from_path}' ({before.get(m.guid, 0)} codings) into '{m.into_path}' "
        f"({span(m.into_guid)})"
        for m in diff.merged
    ]
    lines += [f"changed {c.field} of '{c.path}'{_values(c)} ({span(c.guid)})" for c in diff.changed]
    mentioned = {c.guid for c in (*diff.added, *diff.removed)}
    mentioned |= {x.guid for x in (*diff.renamed, *diff.moved, *diff.changed)}
    mentioned |= {m.guid for m in diff.merged} | {m.into_guid for m in diff.merged}
    for code in known.codes:
        guid = code.guid
        if guid in after and guid not in mentioned and before.get(guid, 0) != after[guid]:
            lines.append(f"codings of '{path(guid)}': {span(guid)}")
    return lines


def _values(change) -> str:
    """`` from X to Y`` for short fields (colour, codable); long text is left out."""
    if change.field in ("colour", "codable"):
        return f" from {change.old} to {change.new}"
    return ""


def cmd_diff(args) -> int:
    project = Project.open(args.project)
    lines = diff_lines(project, args.old, args.new)
    since = f"snapshot {args.old!r}"
    target = f"snapshot {args.new!r}" if args.new else "now"
    if not lines:
        print(f"no changes between {since} and {target}")
    for line in lines:
        print(line)
    return 0


def register(sub) -> None:
    group = sub.add_parser("codebook", help="built-in frames, load, list, export, snapshots, diff")
    cmds = group.add_subparsers(dest="codebook_command", metavar="SUBCOMMAND", required=True)

    command(cmds, "builtins", "the built-in codebooks (load one as builtin:NAME)", cmd_builtins,
            project=False)  # fmt: skip

    p = command(cmds, "load", "load builtin:NAME or a .yaml/.qdc/.csv codebook file", cmd_load,
                coder="who loads it (recorded in the change log)")  # fmt: skip
    p.add_argument("source", help="builtin:NAME or FILE.yaml|FILE.qdc|FILE.csv")
    p.add_argument("--fresh", action="store_true", help="give the codes new identifiers")

    command(cmds, "list", "the code tree with paths, colours and coding counts", cmd_list,
            output=("json",))  # fmt: skip

    p = command(cmds, "export", "write the codebook as .yaml, .qdc (REFI-QDA) or .csv", cmd_export)
    p.add_argument("out", help="OUT.yaml, OUT.qdc or OUT.csv")

    p = command(cmds, "snapshot", "save a named snapshot of the codebook", cmd_snapshot)
    p.add_argument("name")

    p = command(cmds, "diff", "what changed since a snapshot (or between two)", cmd_diff)
    p.add_argument("old", help="snapshot name")
    p.add_argument("new", nargs="?", help="another snapshot (default: the codebook now)")
