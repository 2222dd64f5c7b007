"""Backups: a copy before every import batch and migration, kept N deep, and
``qda restore`` giving back exactly the rows of a backup, on both databases."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from qda.cli import main
from qda.errors import NotFound, ProjectError
from qda.project import Project
from qda.storage import backups, schema

TEXT = "Interviewer: How did it start?\n\nSam: In a hall, with four of us.\n"


def rows(project) -> dict[str, list[dict]]:
    """Every row of every table but the revision counter's."""
    out = {}
    with project.work.read() as conn:
        for t in schema.metadata.sorted_tables:
            order = [t.c.id] if "id" in t.c else list(t.c)
            got = [dict(r) for r in conn.execute(select(t).order_by(*order)).mappings()]
            if t.name == "projects":
                got = [{k: v for k, v in r.items() if k != "revision"} for r in got]
            out[t.name] = got
    return out


def write(tmp_path, name: str, text: str = TEXT):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_each_import_batch_is_preceded_by_a_backup_kept_n_deep(project, tmp_path):
    project.update_settings(backups=2)
    files = [write(tmp_path, f"t{i}.txt", TEXT.replace("four", f"{i} more")) for i in range(3)]
    states = []
    for f in files:
        states.append(project.counts()["documents"])
        report = project.corpus.import_files([f])
        assert report.failed == []
    taken = project.backups()
    assert len(taken) == 2  # the oldest of the three went
    assert [b["reason"] for b in taken] == ["before-importing-1-file-s"] * 2
    assert taken[0]["name"] > taken[1]["name"]  # newest first
    # the newest backup holds the project as it was before the third import
    copy = Project.open(taken[0]["path"])
    assert copy.counts()["documents"] == states[2] == 2
    copy.close()
    project.update_settings(backups=0)
    project.corpus.import_files([write(tmp_path, "t9.txt", TEXT.replace("hall", "barn"))])
    assert len(project.backups()) == 2  # 0: no more backups
    with pytest.raises(ProjectError, match="setting backups: -1 is not a number"):
        project.update_settings(backups=-1)


def test_restore_gives_back_exactly_the_rows_of_the_backup(project, tmp_path):
    project.corpus.import_files([write(tmp_path, "sam.txt")], organisation="Hall")
    project.codebook.add_code("Beginnings", coder="ana")
    doc = project.corpus.documents()[0]["guid"]
    project.coding.apply_code("Beginnings", "ana", document=doc, start=0, end=11)
    saved = project.backup("before the workshop")
    expected = rows(project)
    revision = project.revision
    project.codebook.add_code("After the backup", coder="ana")
    project.coding.apply_code("Beginnings", "bob", document=doc, start=0, end=11)
    changed = rows(project)

    before = project.restore(saved.rsplit("/", 1)[-1])
    assert rows(project) == expected
    assert project.revision > revision + 2  # nothing cached for a later state is reused
    # the state before the restore was kept, and restoring it brings it back
    assert project.restore(before) is not None
    assert rows(project) == changed
    # "latest" is the copy taken just before that restore: `expected` again
    project.restore("latest")
    assert rows(project) == expected
    # ids go on after the restored rows: new rows do not collide
    project.codebook.add_code("Later", coder="cem")
    project.coding.apply_code("Later", "cem", document=doc, start=0, end=11)
    assert sorted(c["coder"] for c in project.coding.codings()) == ["ana", "cem"]


def test_migration_is_preceded_by_a_backup(tmp_path):
    from alembic import command

    from qda.storage import db

    path = tmp_path / "old.sqlite"
    engine = db.make_engine(db.database_url(path))
    with engine.begin() as conn:
        command.upgrade(db._alembic_config(conn), "0002")
    engine.dispose()
    project = Project.open(path)
    [backup] = project.backups()
    assert backup["reason"] == "before-migration-from-0002"
    with sqlite3.connect(backup["path"]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    project.close()


def test_restore_refuses_what_is_not_a_backup(sqlite_project, tmp_path):
    with pytest.raises(NotFound, match="^nope: no such backup"):
        sqlite_project.restore("nope")
    with pytest.raises(NotFound, match="^no backups in "):
        sqlite_project.restore("latest")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(ProjectError, match=f"^{other}: not a QDA project backup$"):
        sqlite_project.restore(str(other))


def test_cli_backup_backups_restore(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    assert main(["init", str(path)]) == 0
    assert main(["backup", str(path), "--reason", "empty"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("created project") and "backed up to " in out
    assert main(["import", str(path), str(write(tmp_path, "sam.txt")), "--quiet"]) == 0
    assert main(["backups", str(path), "--json"]) == 0
    capsys.readouterr()
    listed = Project.open(path).backups()
    assert [b["reason"] for b in listed] == ["before-importing-1-file-s", "empty"]
    assert main(["restore", str(path), listed[1]["name"]]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"restored {path} from {listed[1]['name']}"
    assert out[1].startswith("the state before is kept in ")
    assert Project.open(path).counts()["documents"] == 0
    assert main(["restore", str(path), "missing"]) == 1
    err = capsys.readouterr().err
    assert err == "error: missing: no such backup (see `python -m qda backups PROJECT`)\n"


def test_backup_folder_of_a_postgresql_project_is_named_after_it(monkeypatch, tmp_path):
    from sqlalchemy import create_engine

    monkeypatch.setenv("QDA_BACKUP_DIR", str(tmp_path))
    engine = create_engine("postgresql+psycopg://u:secret@db.example:6543/team_project")
    assert backups.folder(engine) == tmp_path / "db.example-6543-team_project"
