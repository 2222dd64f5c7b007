"""Commands about analysis: freq, cooccur, chart."""

from __future__ import annotations

import sys
from pathlib import Path

from qda.choices import CHART_KINDS, COOCCURRENCE_MODES, FREQUENCY_VALUES
from qda.cli.options import command
from qda.cli.output import print_json, print_table
from qda.errors import InvalidInput
from qda.project import Project

FIGURE_FORMATS = ("png", "svg", "html")


def freq_columns() -> list[str]:
    """The frequency table's columns, less the denominators behind the rates."""
    from qda.services.analysis import FREQUENCY_COLUMNS

    return [c for c in FREQUENCY_COLUMNS if c not in ("group_segments", "group_words")]


def frequency_rows(project: Project, by: str, codes: list[str] | None, rollup: bool) -> list[dict]:
    """The long-form frequency table as rows (rates rounded to 2 decimals);
    codes raised nowhere are left out unless named."""
    columns = freq_columns()
    table = project.analysis.frequency(by=by, codes=codes, rollup=rollup)
    table = table[columns].copy()
    for column in ("per_1000_words", "pct_of_group_segments"):
        table[column] = table[column].round(2)
    table = table.astype(object).where(table.notna(), None)
    return table.to_dict("records")


def cmd_freq(args) -> int:
    project = Project.open(args.project)
    rows = frequency_rows(project, args.by, args.codes, args.rollup)
    if args.json:
        print_json(rows)
    elif args.csv:
        import pandas as pd

        table = pd.DataFrame(rows, columns=freq_columns())
        sys.stdout.write(project.analysis.table_file(table).decode("utf-8"))
    else:
        shown = [{**r, "raised": "yes" if r["raised"] else "no"} for r in rows]
        columns = ["path", "group_label", *freq_columns()[4:]]
        print_table(shown, columns)
    return 0


def cmd_cooccur(args) -> int:
    project = Project.open(args.project)
    matrix = project.analysis.cooccurrence(mode=args.mode, window=args.window, codes=args.codes)
    labels = matrix.attrs["labels"]
    codes = list(matrix.index)
    counts = matrix.to_numpy()
    pairs = [
        {
            "a": a,
            "a_path": labels[a],
            "b": b,
            "b_path": labels[b],
            "count": int(counts[i, j]),
        }
        for i, a in enumerate(codes)
        for j, b in enumerate(codes)
        if i < j and counts[i, j] > 0
    ]
    pairs.sort(key=lambda p: (-p["count"], p["a_path"], p["b_path"]))
    if args.json:
        print_json(
            {
                "mode": args.mode,
                "window": args.window if args.mode == "window" else None,
                "codes": [
                    {"code": c, "path": labels[c], "segments": int(counts[i, i])}
                    for i, c in enumerate(codes)
                ],
                "pairs": pairs,
            }
        )
    elif args.csv:
        named = matrix.rename(index=labels, columns=labels)
        named.index.name = "code"
        sys.stdout.write(project.analysis.table_file(named).decode("utf-8"))
    else:
        print_table(pairs, ["a_path", "b_path", "count"])
    return 0


def cmd_chart(args) -> int:
    project = Project.open(args.project)
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FIGURE_FORMATS:
        raise InvalidInput(f"{out.name}: the file must end in .png, .svg or .html")
    fig = project.analysis.chart(
        args.kind,
        by=args.by,
        value=args.value,
        codes=args.codes,
        rollup=args.rollup,
        mode=args.mode,
        window=args.window,
        size_attribute=args.size,
        date=args.date,
        since=args.since,
    )
    content, actual, note = project.analysis.figure_file(fig, fmt)
    if actual != fmt:
        out = out.with_suffix(f".{actual}")
    out.write_bytes(content)
    if note:
        print(f"note: {note}", file=sys.stderr)
    print(f"wrote {out}")
    return 0


def register(sub) -> None:
    p = command(sub, "freq", "theme frequency by organisation or a case attribute", cmd_freq,
                output=("json", "csv"))  # fmt: skip
    p.add_argument("--by", default="organisation", help="organisation (default) or ATTRIBUTE")
    p.add_argument(
        "--codes", nargs="+", metavar="CODE", help="codes to report (default: those raised)"
    )
    p.add_argument("--rollup", action="store_true", help="parents count their subcodes")

    p = command(sub, "cooccur", "code co-occurrence (pairs, or the matrix with --csv)",
                cmd_cooccur, output=("json", "csv"))  # fmt: skip
    p.add_argument("--mode", choices=COOCCURRENCE_MODES, default="segment")
    p.add_argument("--window", type=int, default=1, help="units apart, with --mode window")
    p.add_argument("--codes", nargs="+", metavar="CODE", help="codes (default: those coded)")

    p = command(sub, "chart", "save a chart as PNG, SVG or interactive HTML", cmd_chart)
    p.add_argument("kind", choices=CHART_KINDS)
    p.add_argument("out", help="OUT.png, OUT.svg or OUT.html")
    p.add_argument("--by", default="organisation", help="grouping for frequency charts")
    p.add_argument("--value", choices=FREQUENCY_VALUES, default="segments")
    p.add_argument("--codes", nargs="+", metavar="CODE")
    p.add_argument("--rollup", action="store_true")
    p.add_argument("--mode", choices=COOCCURRENCE_MODES, default="segment")
    p.add_argument("--window", type=int, default=1)
    p.add_argument("--size", metavar="ATTRIBUTE", help="grid/group marker size")
    p.add_argument("--date", help="grid/group positions as of this date")
    p.add_argument("--since", metavar="DATE", help="grid/group arrows from this date")
