"""`python -m qda export ...`: Word reports, workshop packs, annotated transcripts,
tables, REFI-QDA projects and the pseudonym key.

Names are pseudonymised unless ``--no-pseudonyms`` is given; the key itself is
written only by ``export key``. Every file is written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from qda.cli.options import command
from qda.cli.output import print_table
from qda.cli.progress import ProgressBar
from qda.errors import InvalidInput
from qda.project import Project


def _done(out: str, what: str, result: dict, pseudonymise: bool = True) -> int:
    names = "names pseudonymised" if pseudonymise else "REAL NAMES (not pseudonymised)"
    print(f"wrote {out}: {what}, {result['bytes']:,} bytes, {names}")
    for note in result.get("notes", []):
        print(f"note: {note}")
    return 0


def _report(found: list) -> int:
    """Print the names an export would keep; 1 when a real name of the key remains."""
    known = [r for r in found if r.status == "known"]
    rows = [r.row(contexts=1) for r in found]
    if rows:
        print_table(rows, ["status", "name", "kind", "count", "why", "context"])
    print(
        f"{len(known)} real names remain, {len(found) - len(known)} possible names to review; "
        "nothing written"
    )
    return 1 if known else 0


def _export(args, kind: str, **options) -> tuple[dict | None, int]:
    """Run export ``kind`` (or, with ``--check-names``, only report the names
    it would keep): ``(result, exit status)``."""
    project = Project.open(args.project)
    if getattr(args, "check_names", False):
        if kind == "annotated":
            options = {"doc": options.pop("doc"), **options}
        return None, _report(project.exports.check_names(kind, **options))
    method = getattr(project.exports, f"export_{kind}")
    if kind == "annotated":
        return method(options.pop("doc"), args.out, **options), 0
    if kind in ("docx", "workshop"):
        with ProgressBar(quiet=args.quiet) as bar:
            return method(args.out, progress=bar, **options), 0
    return method(args.out, **options), 0


def cmd_docx(args) -> int:
    result, status = _export(
        args,
        "docx",
        codes=args.codes,
        by=args.by,
        pseudonymise=not args.no_pseudonyms,
        include_memos=not args.no_memos,
        include_context=args.context,
        charts=args.charts,
        codebook_appendix=not args.no_appendix,
        organisations=args.organisations,
    )
    if result is None:
        return status
    return _done(args.out, f"{result['excerpts']} excerpts", result, not args.no_pseudonyms)


def cmd_workshop(args) -> int:
    result, status = _export(
        args, "workshop", codes=args.codes, pseudonymise=not args.no_pseudonyms, charts=args.charts
    )
    if result is None:
        return status
    return _done(args.out, f"{result['themes']} themes", result, not args.no_pseudonyms)


def cmd_annotated(args) -> int:
    result, status = _export(args, "annotated", doc=args.doc, pseudonymise=not args.no_pseudonyms)
    if result is None:
        return status
    return _done(args.out, f"{result['codings']} comments", result, not args.no_pseudonyms)


def _table_format(out: str) -> str:
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in ("csv", "xlsx"):
        raise InvalidInput(f"{out}: give a .csv or .xlsx file name")
    return suffix


def cmd_excerpts(args) -> int:
    result, status = _export(
        args,
        "excerpts",
        fmt=_table_format(args.out),
        codes=args.codes,
        organisations=args.organisations,
        coders=args.coders,
        pseudonymise=not args.no_pseudonyms,
    )
    if result is None:
        return status
    return _done(args.out, f"{result['excerpts']} excerpts", result, not args.no_pseudonyms)


def cmd_matrix(args) -> int:
    result, status = _export(
        args,
        "matrix",
        fmt=_table_format(args.out),
        codes=args.codes,
        pseudonymise=not args.no_pseudonyms,
    )
    if result is None:
        return status
    return _done(args.out, f"{result['codes']} codes", result, not args.no_pseudonyms)


def cmd_qdpx(args) -> int:
    project = Project.open(args.project)
    with ProgressBar(quiet=args.quiet) as bar:
        result = project.exchange.export_qdpx(
            args.out,
            crlf=args.crlf,
            pseudonymise=not args.real_names,
            qualify_names=args.qualify_names,
            progress=bar,
        )
    names = (
        "pseudonymised"
        if result["pseudonymised"]
        else "REAL NAMES: keep it within the research team"
    )
    print(f"wrote {args.out} ({names})")
    for warning in result["warnings"]:
        print(f"warning: {warning}")
    return 0


def cmd_key(args) -> int:
    result = Project.open(args.project).exports.export_key(args.out)
    print(f"wrote {args.out}: {result['entries']} names with their pseudonyms")
    print("this file holds every real name: keep it apart from the exports")
    return 0


def _choices(p, *, codes: bool = True, names: bool = True) -> None:
    if codes:
        p.add_argument(
            "--codes", nargs="+", metavar="CODE", help="only these codes (and their children)"
        )
    if names:
        p.add_argument(
            "--no-pseudonyms",
            action="store_true",
            help="show real names (participants were promised anonymity: use with care)",
        )
        p.add_argument(
            "--check-names",
            action="store_true",
            help="write nothing: list the real names (and possible names) the file would "
            "hold; exit 1 when a real name of the key or register remains",
        )


def register(sub) -> None:
    export = sub.add_parser(
        "export", help="Word reports, workshop packs, tables, REFI-QDA and the pseudonym key"
    )
    what = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)

    p = command(
        what, "docx", "coded excerpts as a Word report, a section per code", cmd_docx, progress=True
    )
    _choices(p)
    p.add_argument("out", metavar="OUT.docx")
    p.add_argument("--by", choices=("organisation", "document"), default="organisation")
    p.add_argument("--organisations", nargs="+", metavar="ORG")
    p.add_argument("--context", action="store_true", help="show the surrounding speaker turn")
    p.add_argument("--charts", action="store_true", help="add a chart (needs Chromium)")
    p.add_argument("--no-memos", action="store_true")
    p.add_argument("--no-appendix", action="store_true", help="leave out the codebook appendix")

    p = command(
        what, "workshop", "an interim-workshop pack: a page per theme", cmd_workshop, progress=True
    )
    _choices(p)
    p.add_argument("out", metavar="OUT.docx")
    p.add_argument("--charts", action="store_true", help="a chart per theme (needs Chromium)")

    p = command(what, "annotated", "a transcript with each coding as a Word comment", cmd_annotated)
    _choices(p, codes=False)
    p.add_argument("doc", metavar="DOC")
    p.add_argument("out", metavar="OUT.docx")

    p = command(what, "excerpts", "excerpts as an analysis-ready CSV or XLSX table", cmd_excerpts)
    _choices(p)
    p.add_argument("out", metavar="OUT.csv|OUT.xlsx")
    p.add_argument("--organisations", nargs="+", metavar="ORG")
    p.add_argument("--coders", nargs="+", metavar="NAME")

    p = command(what, "matrix", "excerpt counts, code by document, as CSV or XLSX", cmd_matrix)
    _choices(p)
    p.add_argument("out", metavar="OUT.csv|OUT.xlsx")

    p = command(what, "qdpx",
                "the project as a REFI-QDA .qdpx file, pseudonymised unless --real-names",
                cmd_qdpx, progress=True)  # fmt: skip
    p.add_argument("out", metavar="OUT.qdpx")
    p.add_argument("--crlf", action="store_true", help="CRLF line ends in the sources")
    p.add_argument(
        "--real-names",
        action="store_true",
        help="write real names; without it every text, name and memo goes through the "
        "pseudonym key and selections are moved to the replaced text",
    )
    p.add_argument(
        "--qualify-names",
        action="store_true",
        help="codes sharing a name under different parents get their full path as name",
    )

    p = command(what, "key", "the pseudonym key as CSV (real names: keep it apart)", cmd_key)
    p.add_argument("out", metavar="OUT.csv")
