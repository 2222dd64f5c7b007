"""``python -m qda``: a thin command line over the Project's services.

Every command is a function ``(args) -> int`` registered by one of the
modules below. Errors a user can act on go to stderr as one line, with a
non-zero exit; output meant for programs is JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import sys

from qda.cli import (
    agreement_cmds,
    analysis_cmds,
    codebook_cmds,
    coding_cmds,
    corpus_cmds,
    exchange_cmds,
    export_cmds,
    names_cmds,
    project_cmds,
    review_cmds,
    suggest_cmds,
    user_cmds,
)
from qda.errors import USER_ERRORS, os_error_line

MODULES = (
    project_cmds,
    corpus_cmds,
    codebook_cmds,
    coding_cmds,
    agreement_cmds,
    analysis_cmds,
    export_cmds,
    names_cmds,
    exchange_cmds,
    review_cmds,
    user_cmds,
    suggest_cmds,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m qda",
        description="Qualitative data analysis: transcripts, codebooks, coding and exports.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except USER_ERRORS as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `python -m qda docs p.sqlite | head`
        return 0
    except OSError as err:  # a file named on the command line: missing, a directory, ...
        print(f"error: {os_error_line(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
