"""Commands about whole projects: init, demo, serve, info, undo, redo, backups, history."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from qda.cli.options import command
from qda.cli.output import print_json, print_table
from qda.errors import InvalidInput
from qda.project import Project

ROOT = Path(__file__).resolve().parents[2]


def cmd_init(args) -> int:
    project = Project.create(args.project, name=args.name)
    print(f"created project {project.info()['name']!r} at {args.project}")
    return 0


def cmd_demo(args) -> int:
    from qda.demo import create_demo

    project = create_demo(args.project)
    counts = project.counts()
    print(
        f"created the demo project at {args.project}: {counts['documents']} documents, "
        f"{counts['organisations']} organisations, {counts['participants']} participants, "
        f"{counts['codes']} codes, {counts['codings']} codings"
    )
    return 0


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def cmd_serve(args) -> int:
    project = Project.open(args.project)  # fail early, with a clear message
    with_users = project.accounts.has_users()
    project.close()
    if args.address not in LOOPBACK and not with_users:
        raise InvalidInput(
            f"--host {args.address}: a project without accounts is served on 127.0.0.1 only; "
            "add users first (python -m qda user add PROJECT NAME --role admin)"
        )
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.address",
        args.address,
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--",
        "--project",
        str(args.project),
    ]
    mode = "sign-in required" if with_users else "single-user, no sign-in"
    print(f"serving {args.project} on http://{args.address}:{args.port} ({mode})", flush=True)
    return subprocess.call(cmd, env={**os.environ, "QDA_PROJECT": str(args.project)})


def cmd_info(args) -> int:
    project = Project.open(args.project)
    info = {**project.info(), "counts": project.counts()}
    if args.json:
        print_json(info)
    else:
        print(f"{info['name']}  ({args.project})")
        for k, v in info["counts"].items():
            print(f"  {k}: {v}")
    return 0


def cmd_undo(args) -> int:
    print("undone: " + Project.open(args.project).undo(args.coder, anyone=args.anyone))
    return 0


def cmd_redo(args) -> int:
    print("redone: " + Project.open(args.project).redo(args.coder))
    return 0


def cmd_backup(args) -> int:
    path = Project.open(args.project).backup(args.reason)
    print(f"backed up to {path}" if path else "no backup taken: the project keeps 0 backups")
    return 0


def cmd_backups(args) -> int:
    rows = Project.open(args.project).backups()
    if args.json:
        print_json(rows)
    else:
        print_table(rows, ["name", "taken", "reason", "bytes"])
    return 0


def cmd_restore(args) -> int:
    project = Project.open(args.project)
    before = project.restore(args.backup)
    project.close()
    print(f"restored {args.project} from {args.backup}")
    if before:
        print(f"the state before is kept in {before}")
    return 0


def cmd_history(args) -> int:
    project = Project.open(args.project)
    filters = {"coder": args.coder, "code": args.code, "since": args.since, "until": args.until}
    if any(v is not None for v in filters.values()):
        rows = project.audit.entries(**filters, limit=args.limit)
    else:
        rows = project.history(args.limit)
    if args.json:
        print_json(rows)
    else:
        columns = ["id", "at", "coder", "action", "summary"]
        if rows and "codes" in rows[0]:
            rows = [{**r, "codes": "; ".join(r["codes"])} for r in rows]
            columns.append("codes")
        print_table(rows, columns)
    return 0


def register(sub) -> None:
    p = command(sub, "init", "create an empty project (a .sqlite path or a database URL)", cmd_init)
    p.add_argument("--name", help="project name (default: the file name)")

    command(sub, "demo", "create the demo project at that path", cmd_demo)

    p = command(sub, "serve", "serve the app on a project, bound to 127.0.0.1", cmd_serve)
    p.add_argument("--port", type=int, default=8501)
    p.add_argument(
        "--host",
        "--address",
        dest="address",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1); another address needs a project with users",
    )

    command(sub, "info", "project name, settings and counts", cmd_info, output=("json",))

    p = command(sub, "undo", "undo your last change (the coder's own; --anyone: whoever's)",
                cmd_undo, coder="whose change to undo (and who undoes it, in the change log)")  # fmt: skip
    p.add_argument("--anyone", action="store_true",
                   help="undo the newest change whoever made it (says whose it was)")  # fmt: skip
    command(sub, "redo", "redo what your last undo took back", cmd_redo,
            coder="whose undo to redo")  # fmt: skip

    p = command(sub, "backup", "copy the project aside now (kept among the newest backups)",
                cmd_backup)  # fmt: skip
    p.add_argument("--reason", default="by hand", help="a word or two, part of the file name")
    command(sub, "backups", "the project's backups, newest first (taken before imports "
            "and migrations)", cmd_backups, output=("json",))  # fmt: skip
    p = command(sub, "restore", "make the project what a backup holds (the state before "
                "is backed up first)", cmd_restore)  # fmt: skip
    p.add_argument("backup", metavar="BACKUP", help="a name from `backups`, a path, or latest")

    p = command(
        sub,
        "history",
        "the change log, newest first (the audit trail: filter by user, code, dates)",
        cmd_history,
        output=("json",),
    )
    p.add_argument("--limit", type=int, default=30)
    p.add_argument("--coder", help="only this user's changes")
    p.add_argument("--code", help="only changes touching this code or its subcodes")
    p.add_argument("--since", help="from this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", help="up to this date, included")
