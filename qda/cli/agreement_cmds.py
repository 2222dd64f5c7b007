"""The agreement command: inter-coder agreement per code and document."""

from __future__ import annotations

import sys

from qda.cli.options import command
from qda.cli.output import print_json, print_table
from qda.project import Project

UNITS = ("character", "sentence", "paragraph", "turn")
COLUMNS = ["code", "document", "unit", "units", "agreement", "kappa", "alpha", "both", "neither"]


def _raters(values: list[str]) -> list[list[str]]:
    # "ana+ben" compares the group {ana, ben} (a unit is coded when either coded it)
    return [[name for name in v.split("+") if name] for v in values]


def _flat(row: dict) -> dict:
    out = {k: row[k] for k in COLUMNS}
    out.update({f"coded by {label}": n for label, n in row["coded"].items()})
    if "mean_agreement" in row:
        out["mean_agreement"] = row["mean_agreement"]
        out["mean_kappa"] = row["mean_kappa"]
    return out


def _rounded(row: dict) -> dict:
    shown = dict(row)
    for key, places in (
        ("agreement", 2),
        ("mean_agreement", 2),
        ("kappa", 4),
        ("alpha", 4),
        ("mean_kappa", 4),
    ):
        if shown.get(key) is not None:
            shown[key] = f"{shown[key]:.{places}f}"
    return shown


def cmd_agreement(args) -> int:
    project = Project.open(args.project)
    rows = project.agreement.compare(
        _raters(args.coders), unit=args.unit, codes=args.codes, documents=args.docs
    )
    if args.json:
        print_json(rows)
        return 0
    flat = [_flat(r) for r in rows]
    if args.csv:
        import pandas as pd

        columns = list(dict.fromkeys(k for r in flat for k in r)) or COLUMNS
        sys.stdout.write(
            project.analysis.table_file(pd.DataFrame(flat, columns=columns)).decode("utf-8")
        )
        return 0
    if not flat:
        print("no codings by these coders in the documents compared")
        return 0
    shown = [_rounded(r) for r in flat]
    print_table(shown, list(dict.fromkeys(k for r in shown for k in r if k != "unit")))
    return 0


def register(sub) -> None:
    p = command(
        sub,
        "agreement",
        "inter-coder agreement (percent, Cohen's kappa, Krippendorff's alpha) per code and document",
        cmd_agreement,
        output=("json", "csv"),
    )
    p.add_argument(
        "--coders",
        nargs="+",
        required=True,
        metavar="CODER",
        help="two or more coders to compare; join names with + for a group (ana+ben)",
    )
    p.add_argument(
        "--unit",
        choices=UNITS,
        default="character",
        help="what is compared: characters (as NVivo) or sentences, paragraphs, turns",
    )
    p.add_argument(
        "--codes", nargs="+", metavar="CODE", help="codes (path or name); default all used"
    )
    p.add_argument("--docs", nargs="+", metavar="DOC", help="documents (name or GUID); default all")
