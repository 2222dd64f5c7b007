"""Commands about coding: code, uncode, codings, memo."""

from __future__ import annotations

from qda.cli.options import command
from qda.cli.output import print_json, print_table
from qda.errors import InvalidInput
from qda.project import Project


def cmd_code(args) -> int:
    project = Project.open(args.project)
    if args.segment:
        guid = project.coding.apply_code(
            args.code, args.coder, segment=args.segment, memo=args.memo
        )
    else:
        if args.doc is None or args.start is None or args.end is None:
            raise InvalidInput("give --segment, or --doc with --start and --end")
        guid = project.coding.apply_code(
            args.code, args.coder, document=args.doc, start=args.start, end=args.end, memo=args.memo
        )
    print(guid)
    return 0


def cmd_uncode(args) -> int:
    Project.open(args.project).coding.remove_coding(args.coding, args.coder)
    print(f"removed coding {args.coding}")
    return 0


def cmd_codings(args) -> int:
    rows = Project.open(args.project).coding.codings(
        code=args.code, document=args.doc, coder=args.coder
    )
    if args.json:
        print_json(rows)
    else:
        print_table(rows, ["guid", "document_name", "start", "end", "code_name", "coder", "memo"])
    return 0


def cmd_memo(args) -> int:
    project = Project.open(args.project)
    for kind in ("coding", "doc", "code"):
        ref = getattr(args, kind)
        if ref:
            target_kind = "document" if kind == "doc" else kind
            project.coding.write_memo(target_kind, ref, args.text, args.coder)
            print(f"memo saved on {target_kind} {ref}")
            return 0
    raise InvalidInput("give --coding, --doc or --code")


def register(sub) -> None:
    p = command(sub, "code", "apply a code to a segment or to a span of a document", cmd_code)
    p.add_argument("--code", required=True, help="code name, path (Parent/Child) or GUID")
    p.add_argument("--coder", required=True)
    p.add_argument("--segment", help="segment GUID")
    p.add_argument("--doc", help="document GUID or name (with --start and --end)")
    p.add_argument("--start", type=int)
    p.add_argument("--end", type=int)
    p.add_argument("--memo")

    p = command(sub, "uncode", "remove a coding", cmd_uncode, coder="who removes it")
    p.add_argument("--coding", required=True, help="coding GUID")

    p = command(sub, "codings", "list codings, filtered by code, document or coder",
                cmd_codings, output=("json",), coder="only this coder's codings")  # fmt: skip
    p.add_argument("--code")
    p.add_argument("--doc")

    p = command(sub, "memo", "write a memo on a coding, a document or a code", cmd_memo,
                coder="who writes it")  # fmt: skip
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--coding")
    target.add_argument("--doc")
    target.add_argument("--code")
    p.add_argument("--text", required=True)
