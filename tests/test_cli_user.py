"""`qda user ...` and `qda serve`'s rule for addresses other than 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from qda.cli import main
from qda.project import Project


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "team.sqlite"
    Project.create(p).close()
    return p


def secret(tmp_path, name: str, text: str):
    f = tmp_path / f"{name}.txt"
    f.write_text(text + "\n", encoding="utf-8")
    return f


def test_add_list_passwd_role_remove(path, tmp_path, capsys):
    assert run(capsys, "user", "list", path)[1] == (
        "no users: the project is single-user (the app asks nobody to sign in)\n"
    )
    pw = secret(tmp_path, "lead", "lead-password")
    assert run(capsys, "user", "add", path, "lead", "--role", "admin", "--password-file", pw)[
        1
    ] == ("added admin 'lead'\n")
    pw2 = secret(tmp_path, "ana", "ana-password")
    assert (
        run(capsys, "user", "add", path, "ana", "--role", "coder", "--password-file", pw2)[0] == 0
    )
    code, out, _ = run(capsys, "user", "list", path, "--json")
    assert [(u["name"], u["role"]) for u in json.loads(out)] == [
        ("ana", "coder"),
        ("lead", "admin"),
    ]
    project = Project.open(path)
    assert project.accounts.sign_in("ana", "ana-password")

    new = secret(tmp_path, "new", "fresh-password")
    assert run(capsys, "user", "passwd", path, "ana", "--password-file", new)[0] == 0
    assert project.accounts.sign_in("ana", "fresh-password")
    assert run(capsys, "user", "role", path, "ana", "admin")[1] == "'ana' is now admin\n"
    assert run(capsys, "user", "remove", path, "lead")[0] == 0
    assert [u["name"] for u in project.accounts.list_users()] == ["ana"]


def test_one_line_errors(path, tmp_path, capsys):
    missing = tmp_path / "nothing.txt"
    assert run(capsys, "user", "add", path, "x", "--role", "admin", "--password-file", missing)[
        2
    ] == (f"error: {missing}: cannot read the password file: no such file or directory\n")
    short = secret(tmp_path, "short", "abc")
    assert run(capsys, "user", "add", path, "x", "--role", "admin", "--password-file", short)[
        2
    ] == ("error: password: at least 8 characters\n")
    pw = secret(tmp_path, "ok", "long enough")
    assert run(capsys, "user", "add", path, "x", "--role", "coder", "--password-file", pw)[2] == (
        "error: role: the first account of a project must be an admin\n"
    )
    # no terminal and no file: refuse rather than hang on a prompt
    code, _, err = run(capsys, "user", "add", path, "x", "--role", "admin")
    assert (code, err) == (
        1,
        "error: password: give --password-file, or run the command in a terminal\n",
    )


def test_serve_refuses_other_addresses_without_users(path, capsys):
    code, _, err = run(capsys, "serve", path, "--host", "0.0.0.0")
    assert code == 1
    assert err == (
        "error: --host 0.0.0.0: a project without accounts is served on 127.0.0.1 only; "
        "add users first (python -m qda user add PROJECT NAME --role admin)\n"
    )
