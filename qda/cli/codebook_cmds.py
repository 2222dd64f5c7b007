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
    from qda.services.codebook import CodebookService

    entries = CodebookService.builtins()
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
    n = project.codebook.import_codebook(
        name, data, coder=args.coder, fresh=args.fresh, merge=args.merge
    )
    merged = " (codes whose path was already there merged into it)" if args.merge else ""
    print(f"loaded {n} codes from {source}{merged}")
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


def diff_lines(project: Project, old: str, new: str | None = None) -> list[str]:
    """Readable lines for the changes between snapshot ``old`` and ``new``
    (or now), each with the coding counts before and after."""
    return [_line(r) for r in project.codebook.changes(old, new)]


def _line(r) -> str:
    counts = f"{r.before} -> {r.after} codings"
    if r.change == "added":
        return f"added '{r.path}' ({r.after} codings)"
    if r.change == "removed":
        return f"removed '{r.path}' (had {r.before} codings)"
    if r.change in ("renamed", "moved"):
        return f"{r.change} '{r.old}' to '{r.new}' ({counts})"
    if r.change == "merged":
        return f"merged '{r.old}' ({r.absorbed} codings) into '{r.path}' ({counts})"
    if r.change == "changed":
        return f"changed {r.field} of '{r.path}'{_values(r)} ({counts})"
    return f"codings of '{r.path}': {counts}"


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
    p.add_argument(
        "--merge",
        action="store_true",
        help="a code whose path is already in the project is merged into that code "
        "(without it such a codebook is refused)",
    )

    command(cmds, "list", "the code tree with paths, colours and coding counts", cmd_list,
            output=("json",))  # fmt: skip

    p = command(cmds, "export", "write the codebook as .yaml, .qdc (REFI-QDA) or .csv", cmd_export)
    p.add_argument("out", help="OUT.yaml, OUT.qdc or OUT.csv")

    p = command(cmds, "snapshot", "save a named snapshot of the codebook", cmd_snapshot)
    p.add_argument("name")

    p = command(cmds, "diff", "what changed since a snapshot (or between two)", cmd_diff)
    p.add_argument("old", help="snapshot name")
    p.add_argument("new", nargs="?", help="another snapshot (default: the codebook now)")
