"""The user commands: accounts of a project (add, list, remove, passwd, role)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from qda.cli.options import command
from qda.cli.output import print_json, print_table
from qda.errors import InvalidInput
from qda.project import Project

ROLES = ("admin", "coder", "partner")


def read_password(args) -> str:
    """The password from ``--password-file`` (its first line) or typed twice."""
    if args.password_file:
        path = Path(args.password_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as err:
            reason = (err.strerror or "cannot be read").lower()
            raise InvalidInput(f"{path}: cannot read the password file: {reason}") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"{path}: the password file is not UTF-8 text") from None
        if not lines or not lines[0]:
            raise InvalidInput(f"{path}: the first line should hold the password")
        return lines[0]
    if not sys.stdin.isatty():
        raise InvalidInput("password: give --password-file, or run the command in a terminal")
    first = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != first:
        raise InvalidInput("password: the two passwords differ")
    return first


def cmd_add(args) -> int:
    project = Project.open(args.project)
    project.accounts.add_user(args.name, args.role, read_password(args), args.organisation)
    print(f"added {args.role} {args.name!r}")
    return 0


def cmd_list(args) -> int:
    rows = Project.open(args.project).accounts.list_users()
    if args.json:
        print_json(rows)
    elif not rows:
        print("no users: the project is single-user (the app asks nobody to sign in)")
    else:
        print_table(rows, ["name", "role", "organisation", "created_at", "locked_until"])
    return 0


def cmd_remove(args) -> int:
    Project.open(args.project).accounts.remove_user(args.name)
    print(f"removed {args.name!r} (their codings and memos stay, under their name)")
    return 0


def cmd_passwd(args) -> int:
    Project.open(args.project).accounts.set_password(args.name, read_password(args))
    print(f"new password for {args.name!r}; their other sessions are signed out")
    return 0


def cmd_role(args) -> int:
    Project.open(args.project).accounts.set_role(args.name, args.role)
    print(f"{args.name!r} is now {args.role}")
    return 0


def register(sub) -> None:
    user = sub.add_parser(
        "user",
        help="accounts: once a project has users, the app asks everyone to sign in",
        description="Accounts of a project. Roles: admin (users, imports, codebook, exports), "
        "coder (codes and memos as themself, undoes their own changes), partner (sees only "
        "what a review round shares).",
    )
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    def named(p, password: bool = False):
        p.add_argument("name", metavar="NAME", help="the user's name")
        if password:
            p.add_argument(
                "--password-file",
                metavar="FILE",
                help="read the password from the first line of FILE (else it is asked for)",
            )
        return p

    p = named(command(actions, "add", "add a user", cmd_add), password=True)
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--organisation", help="a partner's organisation (for review responses)")
    command(actions, "list", "list the users", cmd_list, output=("json",))
    named(command(actions, "remove", "remove a user", cmd_remove))
    text = "set a user's password (unlocks a locked account)"
    named(command(actions, "passwd", text, cmd_passwd), password=True)
    p = named(command(actions, "role", "change a user's role", cmd_role))
    p.add_argument("role", choices=ROLES)
