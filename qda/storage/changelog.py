"""Recording changes with the row images that undo and redo them.

Every undoable write in the facade goes through a :class:`Recorder`: it
performs the insert, update or delete and keeps the row before and after.
At the end of the unit of work the operations become one ``changes`` entry.
Undo applies the inverse operations in reverse order; redo applies the
forward ones again. Both are appended to the log as entries of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from qda.storage import schema

TABLES: dict[str, Table] = {t.name: t for t in schema.metadata.sorted_tables}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _row(conn: Connection, table: Table, row_id: int) -> dict[str, Any]:
    found = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
    if found is None:
        raise LookupError(f"{table.name} row {row_id} is gone")
    return dict(found)


@dataclass
class Recorder:
    conn: Connection
    ops: list[dict] = field(default_factory=list)
    summary: str = ""

    def insert(self, table: Table, values: dict[str, Any]) -> int:
        row_id = self.conn.execute(insert(table).values(**values)).inserted_primary_key[0]
        self.ops.append(
            {"op": "insert", "table": table.name, "row": _row(self.conn, table, row_id)}
        )
        return row_id

    def update(self, table: Table, row_id: int, values: dict[str, Any]) -> None:
        before = _row(self.conn, table, row_id)
        self.conn.execute(update(table).where(table.c.id == row_id).values(**values))
        after = _row(self.conn, table, row_id)
        self.ops.append({"op": "update", "table": table.name, "before": before, "row": after})

    def delete(self, table: Table, row_id: int) -> None:
        before = _row(self.conn, table, row_id)
        self.conn.execute(delete(table).where(table.c.id == row_id))
        self.ops.append({"op": "delete", "table": table.name, "before": before})

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


@dataclass(frozen=True)
class Entry:
    id: int
    action: str
    summary: str
    undoable: bool
    reverts: int | None


def _recent(conn: Connection, limit: int = 500) -> list[Entry]:
    c = schema.changes.c
    rows = conn.execute(
        select(c.id, c.action, c.summary, c.undoable, c.reverts).order_by(c.id.desc()).limit(limit)
    ).all()
    return [Entry(*r) for r in rows]


def undo_target(conn: Connection) -> Entry | None:
    """The newest effective change that can be undone, if any.

    Walking back from the newest entry: an ``undo`` cancels the entry it
    reverts; a ``redo`` re-applies one and is itself undoable. A change that
    is not undoable (an import, say) ends the walk."""
    cancelled: set[int] = set()
    for e in _recent(conn):
        if e.action == "undo":
            cancelled.add(e.reverts)
            continue
        if e.id in cancelled:
            continue
        return e if e.undoable else None
    return None


def redo_target(conn: Connection) -> Entry | None:
    """The newest undo that no later change has superseded (its ``summary``
    reads "Undo: ..."; :func:`redo` returns the original change's summary)."""
    redone: set[int] = set()
    for e in _recent(conn):
        if e.action == "redo":
            redone.add(e.reverts)
            continue
        if e.action == "undo":
            if e.id in redone:
                continue
            return e
        return None  # a fresh change after the undos clears the redo stack
    return None


def undo(conn: Connection, coder: str | None) -> Entry | None:
    target = undo_target(conn)
    if target is None:
        return None
    ops = conn.execute(
        select(schema.changes.c.ops).where(schema.changes.c.id == target.id)
    ).scalar()
    for op in reversed(ops):
        _apply(conn, op, inverse=True)
    append_entry(conn, "undo", f"Undo: {target.summary}", coder, [], reverts=target.id)
    return target


def redo(conn: Connection, coder: str | None) -> Entry | None:
    target = redo_target(conn)
    if target is None:
        return None
    original = conn.execute(
        select(schema.changes.c.ops, schema.changes.c.summary).where(
            schema.changes.c.id == target.reverts
        )
    ).one()
    for op in original.ops:
        _apply(conn, op, inverse=False)
    new_id = append_entry(conn, "redo", original.summary, coder, original.ops, reverts=target.id)
    return Entry(new_id, "redo", original.summary, True, target.id)


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
