"""``python -m benchmarks [--smoke] [--rows ...] [--sizes ...]``: see docs/BENCHMARKS.md."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks.config import GROUPS, SMOKE_OPT_IN, Config
from benchmarks.suite import run


def _ints(text: str) -> list[int]:
    try:
        values = [int(v.replace("_", "")) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a comma-separated list of numbers"
        ) from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give positive numbers")
    return sorted(set(values))


def _groups(text: str) -> set[str]:
    chosen = {g.strip() for g in text.split(",") if g.strip()}
    unknown = chosen - set(GROUPS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown row group(s) {', '.join(sorted(unknown))}; choose from {', '.join(GROUPS)}"
        )
    return chosen


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--smoke", action="store_true",
                        help="tiny sizes, 2 runs, no Taguette, no browser, no bulk rows "
                             "unless --rows names them; report to a temp file")  # fmt: skip
    parser.add_argument("--rows", type=_groups, help=f"row groups: {','.join(GROUPS)}")
    parser.add_argument("--sizes", type=_ints, help="document counts, e.g. 10,100,1000")
    parser.add_argument("--codings", type=_ints, help="synthetic codings, e.g. 10000,1000000")
    parser.add_argument("--runs", type=int, help="timed runs per row (default 5)")
    parser.add_argument("--no-peer", action="store_true", help="skip Taguette")
    parser.add_argument("--output", type=Path, help="where to write the Markdown report")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--keep", action="store_true",
                        help="keep the work folder (projects, transcripts) for profiling")  # fmt: skip
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> Config:
    if args.smoke:
        output = args.output or Path(tempfile.gettempdir()) / "qda-bench-smoke.md"
        cfg = Config.smoke_sizes(output)
    else:
        cfg = Config()
        if args.output:
            cfg.output = args.output
    if args.sizes:
        cfg.doc_sizes = args.sizes
    if args.codings:
        cfg.coding_sizes = args.codings
    if args.runs:
        cfg.runs = max(1, args.runs)
    if args.rows:
        cfg.groups = args.rows & (cfg.groups | SMOKE_OPT_IN) if args.smoke else args.rows
    if args.no_peer:
        cfg.groups.discard("peer")
    if args.quiet:
        cfg.verbose = False
    cfg.keep = args.keep
    return cfg


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = "python -m benchmarks " + " ".join(sys.argv[1:] if argv is None else argv)
    run(config_from(args), command.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
