"""The review commands: partner review rounds of interim themes."""

from __future__ import annotations

from pathlib import Path

from qda.cli.options import command
from qda.cli.output import print_json, print_table
from qda.errors import InvalidInput
from qda.project import Project


def cmd_open(args) -> int:
    project = Project.open(args.project)
    guid = project.review.open_round(
        args.title, args.codes, quotes_per_theme=args.quotes, partners=args.partners
    )
    shared = ", ".join(args.partners) if args.partners else "every partner account"
    print(f"opened review round {guid} ({len(args.codes)} theme(s), shared with {shared})")
    return 0


def cmd_list(args) -> int:
    rows = Project.open(args.project).review.rounds()
    if args.json:
        print_json(rows)
    else:
        shown = [{**r, "audience": ", ".join(r["audience"])} for r in rows]
        columns = ["guid", "title", "status", "themes", "responses", "partners_responding"]
        print_table(shown, [*columns, "audience"])
    return 0


def cmd_show(args) -> int:
    shown = Project.open(args.project).review.round(args.round)
    if args.json:
        print_json(shown)
        return 0
    print(f"{shown['title']} ({shown['status']})")
    for t in shown["themes"]:
        print(f"\n{t['name']}  [{t['guid']}]\n  {t['raised']}")
        if t["definition"]:
            print(f"  {t['definition']}")
        for q in t["quotes"]:
            print(f'  - "{q["text"]}" ({q["attribution"]})  [{q["guid"]}]')
    return 0


def cmd_close(args) -> int:
    Project.open(args.project).review.close_round(args.round)
    print(f"closed {args.round}: partners no longer see it; its responses stay")
    return 0


def cmd_responses(args) -> int:
    summary = Project.open(args.project).review.responses(args.round)
    if args.json:
        print_json(summary)
        return 0
    rows = [
        {k: t[k] for k in ("kind", "theme", "agree", "partly", "disagree")}
        | {"comments": sum(1 for c in t["comments"] if c["comment"])}
        for t in summary["targets"]
    ]
    print_table(rows, ["kind", "theme", "agree", "partly", "disagree", "comments"])
    if summary["organisations"]:
        print()
        print_table(
            summary["organisations"], ["organisation", "partners", "agree", "partly", "disagree"]
        )
    for p in summary["proposals"]:
        print(f"proposed by {p['partner']} ({p['organisation']}): {p['name']}")
    return 0


def cmd_export(args) -> int:
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("docx", "csv"):
        raise InvalidInput(f"{out}: the output must end in .docx or .csv")
    counts = Project.open(args.project).review.export_responses(args.round, out, fmt)
    print(f"wrote {out}: {counts['answers']} answers, {counts['proposals']} proposed themes")
    return 0


def cmd_import(args) -> int:
    doc = Project.open(args.project).review.import_responses(args.round)
    print(f"imported the responses as document {doc['name']!r} ({doc['guid']})")
    return 0


def register(sub) -> None:
    review = sub.add_parser(
        "review",
        help="partner review rounds of interim themes (member checking)",
        description="Share chosen themes, with anonymised quotes, with partner accounts; read "
        "their answers by theme and organisation; export them or import them as a document.",
    )
    actions = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    def action(name: str, text: str, func, *, json_: bool = False):
        p = command(actions, name, text, func, output=("json",) if json_ else ())
        p.add_argument("round", metavar="ROUND", help="the round's GUID or title")
        return p

    p = command(actions, "open", "open a round sharing some themes (codes)", cmd_open)
    p.add_argument("--title", required=True)
    p.add_argument("--codes", nargs="+", required=True, metavar="CODE")
    p.add_argument("--quotes", type=int, default=3, help="quotes per theme (default 3)")
    p.add_argument(
        "--partners",
        nargs="+",
        metavar="NAME",
        help="partner accounts to share it with (default: every partner)",
    )
    command(actions, "list", "the rounds with their response counts", cmd_list, output=("json",))
    action("show", "a round as partners see it", cmd_show, json_=True)
    action("close", "close a round", cmd_close)
    text = "the answers by theme and by partner organisation"
    action("responses", text, cmd_responses, json_=True)
    p = action("export", "write the answers to Word (.docx) or CSV (.csv)", cmd_export)
    p.add_argument("out", metavar="OUT")
    action("import", "import the answers as a workshop-feedback document to code", cmd_import)
