"""Storage: migrations, schema versions, backups, SQLite settings."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect, text

from qda.errors import ProjectError, UnknownSchemaVersion
from qda.project import Project
from qda.storage import db, schema


def test_new_project_is_at_head_with_every_table(project):
    head, _ = db.known_revisions()
    assert db.current_revision(project.engine) == head
    with project.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert {t.name for t in schema.metadata.sorted_tables} <= tables


def test_revisions_read_from_file_names_are_alembics_chain():
    """Opening a project reads the head from the file names (no Alembic import);
    Alembic must see the same revisions, each file's number its revision."""
    head, revisions = db.alembic_revisions()
    assert db.known_revisions() == (head, tuple(sorted(revisions)))
    assert len(db.shipped_revisions()) == len(revisions)


def test_migrated_columns_match_the_schema_module(project):
    """The hand-kept schema module and the migrations describe the same tables."""
    with project.engine.connect() as conn:
        insp = inspect(conn)
        for table in schema.metadata.sorted_tables:
            in_db = {c["name"] for c in insp.get_columns(table.name)}
            assert in_db == {c.name for c in table.columns}, table.name


def test_sqlite_connections_have_foreign_keys_and_wal(sqlite_project):
    with sqlite_project.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_newer_unknown_schema_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "p.sqlite"
    Project.create(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(UnknownSchemaVersion) as err:
        Project.open(path)
    assert "9999_from_the_future" in str(err.value)
    assert "newer version" in str(err.value)


def test_upgrade_backs_up_the_file_first(tmp_path, monkeypatch):
    path = tmp_path / "p.sqlite"
    Project.create(path).close()
    # Pretend the code knows a newer head than the file's (the current head).
    real = db.known_revisions()
    monkeypatch.setattr(db, "known_revisions", lambda: ("9000", ("9000", *real[1])))
    calls = []
    monkeypatch.setattr("alembic.command.upgrade", lambda cfg, rev: calls.append(rev))
    db.upgrade(db.make_engine(db.database_url(path)))
    assert calls == ["head"]
    backup = tmp_path / f"p.sqlite.bak-{real[0]}"
    assert backup.exists() and backup.stat().st_size > 0


def test_opening_a_missing_or_foreign_file_fails_clearly(tmp_path):
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "missing.sqlite")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(ProjectError, match="not a QDA project"):
        Project.open(other)


def test_create_refuses_an_existing_project(tmp_path):
    path = tmp_path / "p.sqlite"
    Project.create(path).close()
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path)


def test_revision_counter_bumps_on_every_write(project):
    r0 = project.revision
    project.cases.add_organisation("Eastmere Food Bank")
    project.add_coder("ana")
    assert project.revision == r0 + 2


def test_indexes_match_the_schema_module(project):
    with project.engine.connect() as conn:
        insp = inspect(conn)
        for table in schema.metadata.sorted_tables:
            in_db = {i["name"] for i in insp.get_indexes(table.name)}
            declared = {i.name for i in table.indexes}
            assert declared <= in_db, table.name


def test_a_version_one_file_is_upgraded_with_a_backup(tmp_path):
    """A project at revision 0001 (before the foreign-key indexes) opens,
    is copied aside first, and ends at the newest revision."""
    from alembic import command

    path = tmp_path / "old.sqlite"
    engine = db.make_engine(db.database_url(path))
    with engine.begin() as conn:
        command.upgrade(db._alembic_config(conn), "0001")
    engine.dispose()
    project = Project.open(path)
    assert db.current_revision(project.engine) == db.known_revisions()[0]
    assert (tmp_path / "old.sqlite.bak-0001").exists()
    with project.engine.connect() as conn:
        assert "ix_codings_segment_id" in {i["name"] for i in inspect(conn).get_indexes("codings")}


def test_segment_word_counts_are_backfilled_by_migration_0003(tmp_path):
    from alembic import command

    path = tmp_path / "p.sqlite"
    project = Project.create(path)
    transcript = "Interviewer: How did it start?\n\nSam: In a hall, with four of us.\n\nInterviewer: Now?\n\nSam: Contracts.\n"
    doc = project.corpus.import_file("sam.txt", transcript.encode())

    def words():
        with project.engine.connect() as conn:
            return conn.execute(text("SELECT kind, words FROM segments ORDER BY kind, start")).all()

    before = words()
    assert [w for k, w in before if k == "turn"] == [4, 7, 1, 1]
    assert all(w is None for k, w in before if k == "sentence")
    with project.engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "0002")
    project.close()
    project = Project.open(path)  # upgrades again, filling the counts from the text
    assert words() == before
    assert project.corpus.document(doc["guid"])["turns"] == 4
