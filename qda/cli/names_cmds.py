"""`python -m qda names ...`: names that may identify someone, and pseudonyms for the cases.

``names suggest`` lists what in the documents may be a name (with counts and
context) for the researcher to accept or reject; ``names accept``/``names
reject`` record the decision in the key; ``names generate`` gives every case
without a pseudonym a distinct one. Before an export, ``export ... --check-names``
lists the names the file would still hold.
"""

from __future__ import annotations

from qda.cli.options import command
from qda.cli.output import print_json, print_table
from qda.project import Project


def cmd_suggest(args) -> int:
    found = Project.open(args.project).exports.pseudonym_suggestions()
    rows = [
        {
            "name": s.text,
            "kind": s.kind,
            "count": s.count,
            "why": s.reason,
            "context": list(s.context),
        }
        for s in found
    ]
    if args.json:
        print_json(rows)
    else:
        print_table(
            [{**r, "context": r["context"][0] if r["context"] else ""} for r in rows],
            ["name", "kind", "count", "why", "context"],
        )
    return 0


def cmd_accept(args) -> int:
    Project.open(args.project).exports.set_pseudonym(args.name, args.pseudonym, args.kind)
    print(f"{args.name} becomes {args.pseudonym} in every export")
    return 0


def cmd_reject(args) -> int:
    Project.open(args.project).exports.set_pseudonym(args.name, "", args.kind, accepted=False)
    print(f"{args.name} is not a name: it stays as written")
    return 0


def cmd_generate(args) -> int:
    new = Project.open(args.project).cases.generate_pseudonyms(
        args.scheme, replace=args.replace, group_attribute=args.group, coder=args.coder
    )
    if args.json:
        print_json(new)
        return 0
    print(f"{len(new)} cases got a pseudonym (undo with `python -m qda undo`)")
    return 0


def register(sub) -> None:
    names = sub.add_parser(
        "names",
        help="names that may identify someone; pseudonyms for participants and organisations",
    )
    what = names.add_subparsers(dest="names_command", metavar="WHAT", required=True)

    command(
        what,
        "suggest",
        "names found in the documents and not yet in the key, with counts and context",
        cmd_suggest,
        output=("json",),
    )
    p = command(what, "accept", "replace a name by a pseudonym in every export", cmd_accept)
    p.add_argument("name", metavar="NAME")
    p.add_argument("pseudonym", metavar="PSEUDONYM")
    p.add_argument("--kind", choices=("person", "organisation", "place"), default="person")
    p = command(what, "reject", "record that a suggested name is not a name", cmd_reject)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--kind", choices=("person", "organisation", "place"), default="person")
    p = command(
        what,
        "generate",
        "a distinct pseudonym for every case without one (Participant 1, Organisation A)",
        cmd_generate,
        output=("json",),
        coder="who made the change (recorded in the change log)",
    )
    p.add_argument(
        "--scheme",
        choices=("numbered", "role"),
        default="numbered",
        help="numbered: Participant 1, Organisation A; role: the participant's role "
        "('VCS lead 1') and, with --group, the organisation's group",
    )
    p.add_argument("--replace", action="store_true", help="replace existing pseudonyms too")
    p.add_argument(
        "--group", metavar="ATTRIBUTE", help="organisation attribute naming its group (role scheme)"
    )
