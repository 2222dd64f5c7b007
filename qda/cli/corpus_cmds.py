"""Commands about the corpus: import, docs, segments, speakers, cases, attributes, classify."""

from __future__ import annotations

import sys
from pathlib import Path

from qda.choices import CASE_KINDS, DOCUMENT_KINDS, SEGMENT_KINDS
from qda.cli.options import command
from qda.cli.output import print_json, print_table
from qda.cli.progress import ProgressBar
from qda.project import Project


def cmd_import(args) -> int:
    project = Project.open(args.project)
    with ProgressBar(quiet=args.quiet) as bar:
        report = project.corpus.import_files(
            args.files,
            progress=bar.steps(),
            organisation=args.org,
            kind=args.kind,
            date=args.date,
            speakers=args.speakers,
            coder=args.coder,
        )
        if len(args.files) > 1:
            bar(1.0, f"{len(args.files)} files read")
    for doc in report.imported:
        print(
            f"imported {doc['name']!r}: {len(doc['speakers'])} speakers, {doc['turns']} turns, "
            f"{doc['paragraphs']} paragraphs, {doc['sentences']} sentences"
        )
        if doc.get("note"):
            print(f"note: {doc['note']}")
    for name, reason in report.failed:
        print(f"error: {name}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_docs(args) -> int:
    docs = Project.open(args.project).corpus.documents()
    if args.json:
        print_json(docs)
    else:
        print_table(
            docs,
            [
                "guid",
                "name",
                "kind",
                "date",
                "organisation",
                "speakers",
                "turns",
                "paragraphs",
                "sentences",
            ],
        )
    return 0


def cmd_segments(args) -> int:
    segs = Project.open(args.project).corpus.segments(args.doc, args.kind)
    if args.json:
        print_json(segs)
    else:
        print_table(segs, ["guid", "kind", "start", "end", "speaker", "text"])
    return 0


def cmd_speakers(args) -> int:
    project = Project.open(args.project)
    if args.label:
        project.corpus.map_speaker(args.doc, args.label, args.participant, organisation=args.org)
    rows = project.corpus.speakers(args.doc)
    if args.json:
        print_json(rows)
    else:
        print_table(rows, ["label", "participant", "pseudonym", "turns"])
    return 0


def cmd_cases(args) -> int:
    rows = Project.open(args.project).cases.all(args.kind)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            r["attrs"] = "; ".join(f"{k}={v}" for k, v in r["attributes"].items())
        print_table(rows, ["guid", "kind", "name", "pseudonym", "role", "organisation", "attrs"])
    return 0


def cmd_attributes(args) -> int:
    path = Path(args.file)
    n = Project.open(args.project).cases.import_attributes(
        path.name, path.read_bytes(), kind=args.kind
    )
    print(f"imported attributes for {n} {args.kind}(s) from {path.name}")
    return 0


def cmd_classify(args) -> int:
    Project.open(args.project).cases.classify(
        args.case, args.scheme, args.value, args.as_of, args.note or ""
    )
    print(f"{args.case}: {args.scheme} = {args.value} as of {args.as_of}")
    return 0


def register(sub) -> None:
    p = command(sub, "import", "import transcripts (txt, md, docx, pdf, odt, vtt, srt) and surveys",
                cmd_import, coder="who imports (recorded in the change log)", progress=True)  # fmt: skip
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--org", help="organisation the documents belong to")
    p.add_argument("--kind", default="interview", help="one of: " + ", ".join(DOCUMENT_KINDS))
    p.add_argument("--date", help="YYYY-MM-DD (or YYYY-MM, YYYY)")
    p.add_argument(
        "--speakers",
        default="auto",
        help="auto, none, a preset name or a regex with a (?P<speaker>...) group",
    )

    command(sub, "docs", "list documents with speakers and segment counts", cmd_docs,
            output=("json",))  # fmt: skip

    p = command(sub, "segments", "a document's segments (DOC = GUID or name)", cmd_segments,
                output=("json",))  # fmt: skip
    p.add_argument("doc")
    p.add_argument("--kind", choices=SEGMENT_KINDS)

    p = command(sub, "speakers", "a document's speakers; link a label to a participant",
                cmd_speakers, output=("json",))  # fmt: skip
    p.add_argument("doc")
    p.add_argument("--label", help="speaker label to link")
    p.add_argument("--participant", help="participant name (created if new; empty to unlink)")
    p.add_argument("--org", help="organisation of a new participant")

    p = command(sub, "cases", "organisations and participants with their attributes", cmd_cases,
                output=("json",))  # fmt: skip
    p.add_argument("--kind", choices=CASE_KINDS)

    p = command(sub, "attributes", "import case attributes from a CSV/XLSX table",
                cmd_attributes)  # fmt: skip
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--kind", default="organisation", choices=CASE_KINDS)

    p = command(sub, "classify", "a dated classification of a case (e.g. culture as of 2015-02)",
                cmd_classify)  # fmt: skip
    p.add_argument("case")
    p.add_argument("scheme")
    p.add_argument("value")
    p.add_argument("--as-of", required=True, help="YYYY-MM-DD, YYYY-MM or YYYY")
    p.add_argument("--note")
