"""Commands about the corpus: import, docs, segments, speakers, cases, attributes, classify."""

from __future__ import annotations

import sys
from pathlib import Path

from qda.choices import CASE_KINDS, DOCUMENT_KINDS, SEGMENT_KINDS
from qda.cli.options import command
from qda.cli.output import print_json, print_table
from qda.cli.progress import ProgressBar
from qda.errors import InvalidInput
from qda.project import Project


def _pairs(values: list[str] | None, flag: str) -> dict[str, str]:
    """``LABEL=VALUE`` options as a dict (one clear line for a bad one)."""
    out = {}
    for value in values or []:
        label, sep, target = value.partition("=")
        if not sep or not label.strip():
            raise InvalidInput(f"{flag} {value!r}: write it as LABEL=VALUE")
        out[label.strip()] = target.strip()
    return out


def _edits(project: Project, args):
    return project.corpus.speaker_edits(
        paragraphs_only=args.paragraphs_only,
        rename=_pairs(args.alias, "--alias"),
        not_speakers=args.not_speaker or (),
        keep_as_written=args.keep_initials or (),
    )


def cmd_import(args) -> int:
    project = Project.open(args.project)
    edits = _edits(project, args)
    affiliations = _pairs(args.affiliation, "--affiliation")
    with ProgressBar(quiet=args.quiet) as bar:
        report = project.corpus.import_files(
            args.files,
            progress=bar.steps(),
            organisation=args.org,
            kind=args.kind,
            date=args.date,
            speakers=args.speakers,
            coder=args.coder,
            edits=edits,
            affiliations=affiliations,
            accept_affiliations=args.affiliations,
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


def cmd_preview(args) -> int:
    project = Project.open(args.project)
    path = Path(args.file)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    preview = project.corpus.preview(
        path.name, path.read_bytes(), args.speakers, kind=args.kind, edits=_edits(project, args)
    )
    doc, cover = preview.document, preview.coverage
    if args.json:
        print_json(
            {
                "kind": preview.kind,
                "preset": preview.preset,
                "coverage": cover.percent,
                "warning": cover.warning,
                "speakers": {
                    label: {"turns": s.turns, "first_lines": s.first_lines}
                    for label, s in cover.speakers.items()
                },
                "turns_without_speaker": cover.unattributed_turns,
                "aliases": [list(pair) for pair in preview.aliases],
                "affiliations": preview.affiliations,
                "paragraphs": len(doc.segments_of("paragraph")),
                "markup": doc.meta.get("markup"),
            }
        )
        return 0
    print(
        f"{path.name}: kind {preview.kind}, speakers found by {preview.preset or 'none'}, "
        f"{cover.percent:g}% of the text in speaker turns, "
        f"{cover.unattributed_turns} turn(s) without a speaker, "
        f"{len(doc.segments_of('paragraph'))} paragraphs"
    )
    if cover.warning:
        print(f"warning: {cover.warning}")
    for label, stats in cover.speakers.items():
        org = preview.affiliations.get(label)
        print(f"  {label}{f' ({org})' if org else ''}: {stats.turns} turn(s)")
        for line in stats.first_lines:
            print(f"      {line}")
    for alias, canonical in preview.aliases:
        print(f"  alias: {alias} = {canonical} (undo with --keep-initials {alias})")
    return 0


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


def _speaker_options(p) -> None:
    p.add_argument("--kind", help="one of: " + ", ".join(DOCUMENT_KINDS)
                   + " (default: report if the text looks like one, else interview)")  # fmt: skip
    p.add_argument(
        "--speakers",
        default="auto",
        help="auto, none, a preset name or a regex with a (?P<speaker>...) group",
    )
    p.add_argument("--paragraphs-only", action="store_true", help="no speaker turns")
    p.add_argument("--not-speaker", action="append", metavar="LABEL",
                   help="a detected label that is not a speaker (repeatable)")  # fmt: skip
    p.add_argument("--alias", action="append", metavar="LABEL=NAME",
                   help="rename a label; labels given one name are merged (repeatable)")  # fmt: skip
    p.add_argument("--keep-initials", action="append", metavar="INITIALS",
                   help="keep initials as written instead of the full name (repeatable)")  # fmt: skip


def register(sub) -> None:
    p = command(sub, "import", "import transcripts (txt, md, docx, pdf, odt, vtt, srt) and surveys",
                cmd_import, coder="who imports (recorded in the change log)", progress=True)  # fmt: skip
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--org", help="organisation the documents belong to")
    p.add_argument("--date", help="YYYY-MM-DD (or YYYY-MM, YYYY)")
    _speaker_options(p)
    p.add_argument("--affiliations", action="store_true",
                   help="accept every affiliation the preview proposes (Name (Org))")  # fmt: skip
    p.add_argument("--affiliation", action="append", metavar="LABEL=ORG",
                   help="the organisation a speaker label speaks for (repeatable)")  # fmt: skip

    p = command(sub, "preview", "how a file would import: kind, speakers, coverage, affiliations",
                cmd_preview, output=("json",))  # fmt: skip
    p.add_argument("file", metavar="FILE")
    _speaker_options(p)

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
