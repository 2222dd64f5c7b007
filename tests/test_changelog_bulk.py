"""Bulk change-log entries: many rows of a table are one operation, written
with one statement and replayed by undo and redo with one statement, and undo
and redo restore the exact row images."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from codebooks.model import Code, Codebook
from qda.storage import schema
from qda.storage.changelog import now

TABLES = (schema.codes, schema.codings)


def images(project, tables=TABLES) -> dict[str, list[dict]]:
    """Every row of ``tables``, by id: what undo and redo must restore exactly."""
    with project.engine.connect() as conn:
        return {
            t.name: [dict(r) for r in conn.execute(select(t).order_by(t.c.id)).mappings()]
            for t in tables
        }


@contextmanager
def statements(project):
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _executemany):
        seen.append(statement)

    event.listen(project.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(project.engine, "before_cursor_execute", count)


def units(project) -> int:
    """SQLite sends its own BEGIN for each unit of work; PostgreSQL's driver does not."""
    return 1 if project.engine.dialect.name == "sqlite" else 0


def undo_lock(project) -> int:
    """Undo and redo take an advisory lock on PostgreSQL (SQLite's BEGIN IMMEDIATE
    holds the write lock already)."""
    return 1 if project.engine.dialect.name == "postgresql" else 0


def last_ops(project) -> list[dict]:
    with project.engine.connect() as conn:
        c = schema.changes.c
        return conn.execute(select(c.ops).order_by(c.id.desc()).limit(1)).scalar_one()


def check_undo_redo(project, before, after, tables=TABLES) -> None:
    """Undo gives ``before`` back and redo ``after``, row for row."""
    project.undo("ana")
    assert images(project, tables) == before
    project.redo("ana")
    assert images(project, tables) == after
    project.undo("ana")
    assert images(project, tables) == before


def text(turns: int) -> bytes:
    return "\n\n".join(
        f"{'Interviewer' if i % 2 == 0 else 'Ann'}: Turn {i} about funding and friends."
        for i in range(turns)
    ).encode()


def coded(project, turns: int) -> dict:
    """A document whose every turn ana and ben coded with Funding and
    Funding/Competition (ana's two codings of a turn share a span)."""
    doc = project.corpus.import_file("ann.txt", text(turns))
    project.codebook.add_code("Funding")
    project.codebook.add_code("Competition", parent="Funding")
    project.codebook.add_code("Elsewhere")
    for seg in project.corpus.segments(doc["guid"], "turn"):
        project.coding.apply_code("Funding", "ana", segment=seg["guid"])
        project.coding.apply_code("Competition", "ana", segment=seg["guid"])
        project.coding.apply_code("Competition", "ben", segment=seg["guid"])
    return doc


def test_recorder_bulk_operations_use_one_statement_each_and_replay_exactly(project):
    doc = project.corpus.import_file("ann.txt", text(4))
    project.codebook.add_code("Funding")
    with project.engine.connect() as conn:
        code_id = conn.execute(select(schema.codes.c.id)).scalar_one()
        coder_id = conn.execute(select(schema.coders.c.id)).scalar()
        doc_id = conn.execute(
            select(schema.documents.c.id).where(schema.documents.c.guid == doc["guid"])
        ).scalar_one()
    if coder_id is None:
        project.add_coder("ana")
        with project.engine.connect() as conn:
            coder_id = conn.execute(select(schema.coders.c.id)).scalar_one()
    stamp = now()
    rows = [
        {
            "guid": str(uuid.uuid4()),
            "document_id": doc_id,
            "start": i,
            "end": i + 5,
            "segment_id": None,
            "code_id": code_id,
            "coder_id": coder_id,
            "memo": None if i % 2 else f"memo {i}",
            "created_at": stamp,
            "updated_at": stamp,
        }
        for i in range(60)
    ]
    empty = images(project)
    with statements(project) as seen, project.work.recorded("bulk", "Bulk insert", "ana") as rec:
        ids = rec.insert_many(schema.codings, rows)
    # BEGIN, the multi-row insert returning the row images, the log entry, the revision.
    assert len(seen) == units(project) + 3
    inserted = images(project)
    assert [r["guid"] for r in inserted["codings"]] == [r["guid"] for r in rows]
    assert [r["id"] for r in inserted["codings"]] == ids
    assert [op["op"] for op in last_ops(project)] == ["insert_many"]

    # Undo and redo: BEGIN (or the advisory lock), the recent entries, the
    # entry's operations, one read of the 60 rows to check (and lock) them, one
    # executemany for the rows, their own log entry, the revision.
    with statements(project) as seen:
        project.undo("ana")
    assert len(seen) == units(project) + undo_lock(project) + 6
    assert images(project) == empty
    with statements(project) as seen:
        project.redo("ana")
    assert len(seen) == units(project) + undo_lock(project) + 6
    assert images(project) == inserted

    with statements(project) as seen, project.work.recorded("bulk", "Bulk update", "ana") as rec:
        rec.update_many(
            schema.codings,
            {
                row_id: {"memo": f"new {k}"} if k % 3 else {"memo": None, "end": 99}
                for k, row_id in enumerate(ids[:40])
            },
        )
    # BEGIN, images before, one executemany per set of columns, images after, entry, revision.
    assert len(seen) == units(project) + 6
    updated = images(project)
    assert updated["codings"][0]["end"] == 99 and updated["codings"][1]["memo"] == "new 1"
    check_undo_redo(project, inserted, updated)
    project.redo("ana")

    with statements(project) as seen, project.work.recorded("bulk", "Bulk delete", "ana") as rec:
        rec.delete_many(schema.codings, ids[::2])
    # BEGIN, images before, one executemany delete, entry, revision.
    assert len(seen) == units(project) + 4
    deleted = images(project)
    assert len(deleted["codings"]) == 30
    check_undo_redo(project, updated, deleted)


@pytest.mark.parametrize("turns", [6, 30])
def test_merge_of_many_codings_is_one_bulk_entry_that_undoes_exactly(project, turns):
    coded(project, turns)
    before = images(project)
    with statements(project) as seen:
        out = project.codebook.merge_codes("Funding/Competition", "Funding", "ana")
    assert out == {"moved": turns, "collapsed": turns}
    # the same statements whatever the number of codings
    assert len(seen) == units(project) + 15
    assert [op["op"] for op in last_ops(project)] == [
        "delete_many",
        "update_many",
        "delete",
        "note",
    ]
    after = images(project)
    assert len(after["codings"]) == len(before["codings"]) - turns
    check_undo_redo(project, before, after)


@pytest.mark.parametrize("policy", ["delete", "reassign"])
def test_delete_with_codings_undoes_and_redoes_exactly(project, policy):
    coded(project, 12)
    project.codebook.add_code("Deeper", parent="Funding/Competition")
    before = images(project)
    extra = {"reassign_to": "Elsewhere"} if policy == "reassign" else {}
    n = project.codebook.delete_code("Funding", "ana", codings=policy, **extra)
    assert n == 36
    after = images(project)
    assert [c["name"] for c in after["codes"]] == ["Elsewhere"]
    kinds = [op["op"] for op in last_ops(project)]
    assert kinds[-1] == "delete_many" and kinds.count("delete_many") == 2
    check_undo_redo(project, before, after)


def test_split_moves_many_codings_in_one_operation(project):
    coded(project, 10)
    ben = [r["guid"] for r in project.coding.codings(code="Competition", coder="ben")]
    before = images(project)
    project.codebook.split_code("Competition", ben, "Competing", "ana")
    after = images(project)
    assert [op["op"] for op in last_ops(project)] == ["insert", "update_many", "note"]
    check_undo_redo(project, before, after)


def tree(depth: int, width: int) -> Codebook:
    codes: list[Code] = []

    def grow(parent: str | None, level: int, prefix: str) -> None:
        for i in range(width):
            code = Code(name=f"{prefix}{i}", parent=parent, definition=f"level {level}")
            codes.append(code)
            if level + 1 < depth:
                grow(code.guid, level + 1, f"{prefix}{i}.")

    grow(None, 0, "C")
    return Codebook(name="Tree", codes=codes)


def test_loading_a_codebook_inserts_each_level_at_once_and_undoes_exactly(project):
    project.codebook.add_code("Existing")
    before = images(project)
    small, big = tree(3, 2), tree(3, 5)
    with statements(project) as seen_small:
        assert project.codebook.load_codebook(small, coder="ana", under="Existing") == 14
    project.undo("ana")
    with statements(project) as seen_big:
        assert project.codebook.load_codebook(big, coder="ana", under="Existing") == 155
    # one insert per level of the tree, however many codes it has
    assert len(seen_small) == len(seen_big) == units(project) + 9
    assert [op["op"] for op in last_ops(project)] == ["insert_many"] * 3
    after = images(project)
    paths = [c["path"] for c in project.codebook.codes()]
    assert paths[:3] == ["Existing", "Existing/C0", "Existing/C0/C0.0"]
    assert "Existing/C4/C4.4/C4.4.4" in paths
    assert [c.name for c in big.codes] == [
        c["name"] for c in project.codebook.codes() if c["path"] != "Existing"
    ]
    check_undo_redo(project, before, after)


def test_importing_a_codebook_file_is_one_undoable_step(project):
    before = images(project)
    n = project.codebook.import_codebook("builtin:socialcapital", b"", coder="ana")
    after = images(project)
    assert n == len(after["codes"]) > 0
    assert {op["op"] for op in last_ops(project)} == {"insert_many"}
    check_undo_redo(project, before, after)
