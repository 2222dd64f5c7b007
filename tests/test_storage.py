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
    [backup] = (tmp_path / "p.sqlite.backups").glob(f"*-before-migration-from-{real[0]}.sqlite")
    assert backup.stat().st_size > 0


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
    assert [b["reason"] for b in project.backups()] == ["before-migration-from-0001"]
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


def test_migration_0004_keeps_the_oldest_of_duplicate_codings(project_location):
    """Old projects may hold the same coding twice (two writers at once): the
    migration keeps the oldest, gives it a newer one's memo when it had none,
    moves memos on the removed ones to it, and then refuses new duplicates."""
    import uuid

    from alembic import command
    from sqlalchemy import insert, select
    from sqlalchemy.exc import IntegrityError

    project = Project.create(project_location)
    doc = project.corpus.import_file("sam.txt", b"Sam: We had to compete for money.\n")
    project.codebook.add_code("Money")
    kept = project.coding.apply_code("Money", "ana", document=doc["guid"], start=0, end=3)
    other = project.coding.apply_code("Money", "ana", document=doc["guid"], start=4, end=9)
    with project.engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "0003")
    c = schema.codings.c
    with project.engine.begin() as conn:
        row = dict(conn.execute(select(schema.codings).where(c.guid == kept)).mappings().one())
        copies = []
        for memo in (None, "the later memo", None):
            copies.append(str(uuid.uuid4()))
            values = {k: v for k, v in row.items() if k != "id"}
            conn.execute(
                insert(schema.codings).values({**values, "guid": copies[-1], "memo": memo})
            )
        conn.execute(
            insert(schema.memos).values(
                guid=str(uuid.uuid4()), target_kind="coding", target_guid=copies[0],
                title="", text="a memo on a copy", created_at=row["created_at"],
                updated_at=row["created_at"],
            )
        )  # fmt: skip
    project.close()

    project = Project.open(project_location)  # upgrades to the newest schema
    assert db.current_revision(project.engine) == db.known_revisions()[0]
    codings = project.coding.codings()
    assert sorted(x["guid"] for x in codings) == sorted([kept, other])
    assert {x["guid"]: x["memo"] for x in codings} == {kept: "the later memo", other: None}
    assert [(m["target_guid"], m["text"]) for m in project.coding.memos("coding")] == [
        (kept, "a memo on a copy")
    ]
    with pytest.raises(IntegrityError), project.engine.begin() as conn:
        values = {k: v for k, v in row.items() if k != "id"}
        conn.execute(insert(schema.codings).values({**values, "guid": "x"}))
    project.close()


def test_a_write_that_cannot_get_the_lock_is_one_line_in_the_cli(tmp_path, monkeypatch, capsys):
    """Another process holds the write lock longer than a write may wait: the
    command says so in one line (no traceback) and nothing is written."""
    from qda.cli import main
    from qda.storage import work

    path = tmp_path / "p.sqlite"
    Project.create(path).close()
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(work, "WAIT_SECONDS", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = main(["undo", str(path), "--coder", "ana"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: sqlite:///{path}: the project is busy")
    assert "gave up after 0.2 s, try again" in err
    assert Project.open(path).history() == []


def test_a_write_waits_for_the_lock_instead_of_failing(tmp_path, monkeypatch):
    """A writer holding the lock for a while makes the next one wait, not fail."""
    import threading

    path = tmp_path / "p.sqlite"
    project = Project.create(path)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 20)  # the unit of work's own tries must do it
    project.close()
    project = Project.open(path)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.5, lambda: holder.execute("ROLLBACK"))
    timer.start()
    try:
        project.codebook.add_code("Money")
    finally:
        timer.join()
        holder.close()
    assert [c["name"] for c in project.codebook.codes()] == ["Money"]
    project.close()
