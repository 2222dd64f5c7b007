"""What many commands share, declared once: the project argument, the coder,
the ``--json``/``--csv`` output choice and the ``--quiet`` switch of the
commands that show progress."""

from __future__ import annotations

import argparse

PROJECT_HELP = "a .sqlite file or a database URL (postgresql+psycopg://...)"


def command(
    sub,
    name: str,
    help: str,
    func,
    *,
    project: bool = True,
    output: tuple[str, ...] = (),
    coder: str | None = None,
    progress: bool = False,
) -> argparse.ArgumentParser:
    """A sub-command running ``func(args)``.

    ``project`` adds the PROJECT argument; ``output`` the mutually exclusive
    output flags named (``"json"``, ``"csv"``); ``coder`` a ``--coder`` option
    with that help; ``progress`` a ``--quiet`` switch for the progress bar."""
    p = sub.add_parser(name, help=help, description=help[:1].upper() + help[1:] + ".")
    if project:
        p.add_argument("project", metavar="PROJECT", help=PROJECT_HELP)
    if output:
        group = p.add_mutually_exclusive_group()
        if "json" in output:
            group.add_argument("--json", action="store_true", help="JSON for programs")
        if "csv" in output:
            group.add_argument("--csv", action="store_true", help="CSV (spreadsheet-safe)")
    if coder:
        p.add_argument("--coder", help=coder)
    if progress:
        p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=func)
    return p
