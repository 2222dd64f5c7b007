"""Recording changes with the row images that undo and redo them.

Every undoable write in the facade goes through a :class:`Recorder`: it
performs the insert, update or delete and keeps the row before and after.
At the end of the unit of work the operations become one ``changes`` entry.
Undo applies the inverse operations in reverse order; redo applies the
forward ones again (:mod:`qda.storage.undo`). Both are appended to the log
as entries of their own.

A change to many rows of one table is one bulk operation (``insert_many``,
``update_many``, ``delete_many``): one statement for the rows and one read
of their images, however many rows there are, and undo and redo replay it
with one statement too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update

from qda.storage import schema
from qda.storage.bulk import chunks, insert_or_none, insert_returning

TABLES: dict[str, Table] = {t.name: t for t in schema.metadata.sorted_tables}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _gone(table: Table, row_id: int) -> LookupError:
    return LookupError(f"{table.name} row {row_id} is gone")


def _row(conn: Connection, table: Table, row_id: int) -> dict[str, Any]:
    found = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
    if found is None:
        raise _gone(table, row_id)
    return dict(found)


def _rows(conn: Connection, table: Table, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The images of rows ``ids``, in that order."""
    found: dict[int, dict[str, Any]] = {}
    for part in chunks(ids):
        for r in conn.execute(select(table).where(table.c.id.in_(part))).mappings():
            found[r["id"]] = dict(r)
    missing = next((i for i in ids if i not in found), None)
    if missing is not None:
        raise _gone(table, missing)
    return [found[i] for i in ids]


def _insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _delete_rows(conn: Connection, table: Table, ids: Iterable[int]) -> None:
    """Delete rows one after another in the order given (one executemany), so
    a parent listed after its children never meets a RESTRICT."""
    params = [{"row_id": i} for i in ids]
    if params:
        conn.execute(delete(table).where(table.c.id == bindparam("row_id")), params)


def _update_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Set rows to the given values (each row has its ``id`` and the same columns)."""
    if not rows:
        return
    columns = [c for c in rows[0] if c != "id"]
    stmt = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({c: bindparam(f"new_{c}") for c in columns})
    )
    conn.execute(stmt, [{"row_id": r["id"], **{f"new_{c}": r[c] for c in columns}} for r in rows])


@dataclass
class Recorder:
    conn: Connection
    ops: list[dict] = field(default_factory=list)
    summary: str = ""

    def insert(self, table: Table, values: dict[str, Any]) -> int:
        row = self.conn.execute(insert(table).values(**values).returning(*table.c)).mappings().one()
        self.ops.append({"op": "insert", "table": table.name, "row": dict(row)})
        return row["id"]

    def insert_unless_exists(
        self, table: Table, values: dict[str, Any], keys: Sequence[str]
    ) -> int | None:
        """Insert a row unless one with the same ``keys`` (unique) exists:
        the new row's id, or None (and nothing recorded) when it existed."""
        row = insert_or_none(self.conn, table, values, keys)
        if row is None:
            return None
        self.ops.append({"op": "insert", "table": table.name, "row": row})
        return row["id"]

    def update(self, table: Table, row_id: int, values: dict[str, Any]) -> None:
        before = _row(self.conn, table, row_id)
        after = (
            self.conn.execute(
                update(table).where(table.c.id == row_id).values(**values).returning(*table.c)
            )
            .mappings()
            .one()
        )
        self.ops.append({"op": "update", "table": table.name, "before": before, "row": dict(after)})

    def delete(self, table: Table, row_id: int) -> None:
        before = (
            self.conn.execute(delete(table).where(table.c.id == row_id).returning(*table.c))
            .mappings()
            .first()
        )
        if before is None:
            raise _gone(table, row_id)
        self.ops.append({"op": "delete", "table": table.name, "before": dict(before)})

    # -- many rows of one table: one operation each ------------------------------
    def insert_many(self, table: Table, rows: list[dict[str, Any]]) -> list[int]:
        """Insert rows (dicts with the same keys, each with a unique ``guid``);
        returns their ids in the order of ``rows``."""
        if not rows:
            return []
        if "guid" not in table.c or any("guid" not in r for r in rows):
            return [self.insert(table, r) for r in rows]
        images = {r.guid: dict(r._mapping) for r in insert_returning(self.conn, table, rows)}
        ordered = [images[r["guid"]] for r in rows]
        self.ops.append({"op": "insert_many", "table": table.name, "rows": ordered})
        return [r["id"] for r in ordered]

    def update_many(self, table: Table, updates: Mapping[int, dict[str, Any]]) -> None:
        """Set new values on many rows: ``updates`` maps a row id to its values."""
        if not updates:
            return
        ids = list(updates)
        before = _rows(self.conn, table, ids)
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row_id, values in updates.items():
            groups.setdefault(tuple(sorted(values)), []).append({"id": row_id, **values})
        for rows in groups.values():
            _update_rows(self.conn, table, rows)
        after = _rows(self.conn, table, ids)
        self.ops.append({"op": "update_many", "table": table.name, "before": before, "rows": after})

    def delete_many(self, table: Table, ids: Sequence[int]) -> None:
        """Delete many rows, one after another in the order given."""
        if not ids:
            return
        before = _rows(self.conn, table, list(ids))
        _delete_rows(self.conn, table, ids)
        self.ops.append({"op": "delete_many", "table": table.name, "before": before})

    def note(self, **facts: Any) -> None:
        """Record a fact about this change that is not a row change (e.g. a merge)."""
        self.ops.append({"op": "note", **facts})

    def log(self, action: str, summary: str, coder: str | None, *, undoable: bool = True) -> int:
        return append_entry(self.conn, action, summary, coder, self.ops, undoable=undoable)


def append_entry(
    conn: Connection,
    action: str,
    summary: str,
    coder: str | None,
    ops: list[dict],
    *,
    undoable: bool = True,
    reverts: int | None = None,
) -> int:
    result = conn.execute(
        insert(schema.changes).values(
            at=now(),
            coder=coder,
            action=action,
            summary=summary,
            ops=ops,
            undoable=undoable,
            reverts=reverts,
        )
    )
    return result.inserted_primary_key[0]


def _apply(conn: Connection, op: dict, *, inverse: bool) -> None:
    if op["op"] == "note":  # facts about the change (e.g. a merge), nothing to replay
        return
    table = TABLES[op["table"]]
    kind = op["op"]
    if kind.endswith("_many"):
        _apply_many(conn, table, op, inverse=inverse)
        return
    if inverse:
        kind = {"insert": "delete", "delete": "insert", "update": "update"}[kind]
        row = op.get("before") if op["op"] != "insert" else op["row"]
    else:
        row = op.get("row") if op["op"] != "delete" else op["before"]
    if kind == "insert":
        conn.execute(insert(table).values(**row))
    elif kind == "delete":
        conn.execute(delete(table).where(table.c.id == row["id"]))
    else:
        conn.execute(update(table).where(table.c.id == row["id"]).values(**row))


def _apply_many(conn: Connection, table: Table, op: dict, *, inverse: bool) -> None:
    """Replay a bulk operation with one statement; backwards, rows go in the
    reverse order (children deleted before their parents, parents put back
    before their children)."""
    kind = op["op"]
    if kind == "update_many":
        rows = op["before"][::-1] if inverse else op["rows"]
        _update_rows(conn, table, rows)
    elif (kind == "insert_many") != inverse:  # insert forward, or undo a delete
        rows = op["before"][::-1] if inverse else op["rows"]
        _insert_rows(conn, table, rows)
    else:  # delete forward, or undo an insert
        rows = op["rows"][::-1] if inverse else op["before"]
        _delete_rows(conn, table, [r["id"] for r in rows])


def notes(conn: Connection, action: str, since: str | None = None) -> list[dict]:
    """The ``note`` operations of changes of one action that are in effect now
    (not undone, or undone and redone), oldest first."""
    c = schema.changes.c
    origin: dict[int, int] = {}  # entry id -> the original change it stands for
    undo_target: dict[int, int] = {}
    active: set[int] = set()
    for entry_id, kind, reverts in conn.execute(
        select(c.id, c.action, c.reverts).order_by(c.id)
    ).all():
        if kind == "undo":
            undo_target[entry_id] = reverts
            active.discard(origin.get(reverts, reverts))
        elif kind == "redo":
            original = origin.get(undo_target.get(reverts), undo_target.get(reverts))
            origin[entry_id] = original
            active.add(original)
        else:
            origin[entry_id] = entry_id
            active.add(entry_id)
    q = select(c.id, c.ops).where(c.action == action).order_by(c.id)
    if since:
        q = q.where(c.at >= since)
    return [
        op
        for entry_id, ops in conn.execute(q).all()
        if entry_id in active
        for op in ops
        if op["op"] == "note"
    ]
