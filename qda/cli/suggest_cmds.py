"""Commands about suggestions: suggest, suggest train, themes.

``suggest PROJECT`` and ``suggest train PROJECT`` share one sub-command: a
first word ``train`` followed by a project is training (a project file
literally called ``train`` is still reachable as ``./train``). scikit-learn
is loaded only inside the service calls, so ``--help`` stays light.
"""

from __future__ import annotations

import argparse
import sys

from qda.choices import SEGMENT_KINDS
from qda.cli.options import PROJECT_HELP, command
from qda.cli.output import print_json, print_table
from qda.cli.progress import ProgressBar
from qda.errors import InvalidInput
from qda.project import Project

SUGGEST_USAGE = (
    "python -m qda suggest PROJECT (--doc DOC | --text TEXT) [--top K] "
    "[--unit {sentence,paragraph,turn}] [--json]\n"
    "       python -m qda suggest train PROJECT [--unit {sentence,paragraph,turn}] [--json]"
)
ROW_KEYS = ("code", "score", "start", "end", "reason")
METRIC_KEYS = ("code", "examples", "precision", "recall", "f1", "note")


def cmd_suggest(args) -> int:
    if args.project == "train" and args.train_project is not None:
        return train(args, args.train_project)
    if args.train_project is not None:
        raise InvalidInput(
            f"unexpected argument {args.train_project!r} (did you mean 'suggest train PROJECT'?)"
        )
    if (args.doc is None) == (args.text is None):
        raise InvalidInput("give --doc DOC or --text TEXT (one of them)")
    if args.top is not None and args.top < 1:
        raise InvalidInput(f"--top: must be at least 1 (got {args.top})")
    project = Project.open(args.project)
    text = sys.stdin.read() if args.text == "-" else args.text
    found = project.suggestions.suggest(document=args.doc, text=text, unit=args.unit, top=args.top)
    rows = [
        {
            "code": s["path"],
            "score": s["score"],
            "start": s["start"],
            "end": s["end"],
            "reason": s["reason"],
        }
        for s in found
    ]
    if args.json:
        print_json(rows)
    else:
        print_table(rows, ROW_KEYS)
    return 0


def train(args, location: str) -> int:
    project = Project.open(location)
    with ProgressBar(quiet=args.quiet) as bar:
        metrics = project.suggestions.train(unit=args.unit, progress=bar)
    rows = [{"code": m["path"], **{k: m[k] for k in METRIC_KEYS[1:]}} for m in metrics]
    if args.json:
        print_json(rows)
    else:
        print_table(rows, METRIC_KEYS)
        trained = sum(1 for m in metrics if m["trained"])
        print(f"{trained} of {len(metrics)} codes modelled (cross-validated, {3} folds)")
    return 0


def cmd_themes(args) -> int:
    project = Project.open(args.project)
    themes = project.suggestions.themes(
        k=args.k, scope="all" if args.all else "uncoded", unit=args.unit, passages=args.passages
    )
    if args.json:
        print_json(
            [
                {
                    "number": t["number"],
                    "label": t["label"],
                    "words": t["words"],
                    "size": t["size"],
                    "organisations": t["organisations"],
                    "passages": [
                        {
                            "document": p["document_name"],
                            "start": p["start"],
                            "end": p["end"],
                            "weight": p["score"],
                            "text": p["text"],
                        }
                        for p in t["passages"]
                    ],
                }
                for t in themes
            ]
        )
        return 0
    for t in themes:
        orgs = ", ".join(f"{o['name']} ({o['passages']})" for o in t["organisations"][:5])
        print(f"theme {t['number']}: {', '.join(t['words'])}")
        print(f"  {t['size']} passages; organisations: {orgs or '-'}")
        for p in t["passages"][:3]:
            text = " ".join(p["text"].split())
            print(f"  - {p['document_name']} {p['start']}-{p['end']}: {text[:100]}")
    return 0


def register(sub) -> None:
    p = command(sub, "suggest", "suggest codes for a document or a text; 'suggest train' "
                "shows the model's per-code precision, recall and F1", cmd_suggest,
                project=False, output=("json",), progress=True)  # fmt: skip
    p.usage = SUGGEST_USAGE
    p.add_argument("project", metavar="PROJECT", help=PROJECT_HELP + " (or 'train' then PROJECT)")
    p.add_argument("train_project", nargs="?", metavar="PROJECT", help=argparse.SUPPRESS)
    p.add_argument("--doc", metavar="DOC", help="a document of the project (name or GUID)")
    p.add_argument("--text", metavar="TEXT", help="a text to suggest codes for ('-': stdin)")
    p.add_argument("--top", type=int, metavar="K", help="at most K suggestions")
    p.add_argument("--unit", choices=SEGMENT_KINDS, help="unit to suggest for (default: as coded)")

    p = command(sub, "themes", "emerging themes (NMF topics) in the uncoded passages",
                cmd_themes, output=("json",))  # fmt: skip
    p.add_argument("--k", type=int, default=5, metavar="N", help="how many themes (default 5)")
    p.add_argument("--all", action="store_true", help="all passages, not only the uncoded")
    p.add_argument("--unit", choices=SEGMENT_KINDS, help="passages are these units")
    p.add_argument("--passages", type=int, default=5, help="typical passages per theme")
