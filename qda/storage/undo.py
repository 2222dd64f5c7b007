"""Undo and redo, per user, each acting once.

Every coder has an undo stack of their own: the change-log entries recorded
under their name (``changes.coder``; changes made without a name form one
more stack). ``undo(conn, "ana")`` reverses ana's newest change that is in
effect and leaves bob's alone; ``anyone=True`` (an admin's undo) takes the
newest change of whoever made it, and the caller tells them whose it was.
A change that cannot be undone (an import, a checkpoint) ends every stack.

Two undos at once must not both reverse the same change, and an undo must not
reverse rows someone has changed since. So undo and redo

* run one at a time: on PostgreSQL they take a transaction-scoped advisory
  lock before choosing what to reverse (a SQLite write transaction holds the
  database's write lock from its start already), so the second sees the
  first's entry and picks the next change, or none;
* lock the rows they reverse (``SELECT ... FOR UPDATE`` on PostgreSQL) and
  check that each is as the entry left it; if not, nothing is reversed and
  :class:`~qda.errors.Conflict` names whose later change is in the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.exc import IntegrityError

from qda.errors import Conflict
from qda.storage import schema
from qda.storage.bulk import chunks
from qda.storage.changelog import TABLES, _apply, append_entry

#: the PostgreSQL advisory lock key undo and redo take ("QDAU")
UNDO_LOCK = 0x51444155
#: how many newer entries are searched for the one that stands in an undo's way
WINDOW = 2000

C = schema.changes.c


@dataclass(frozen=True)
class Entry:
    id: int
    action: str
    summary: str
    undoable: bool
    reverts: int | None
    coder: str | None = None


def _entry(conn: Connection, query) -> Entry | None:
    row = conn.execute(
        query.with_only_columns(C.id, C.action, C.summary, C.undoable, C.reverts, C.coder)
        .order_by(C.id.desc())
        .limit(1)
    ).first()
    return Entry(*row) if row else None


def _barrier():
    """The id of the newest change that cannot be undone (0 when none): no
    stack reaches past it."""
    newest = select(func.max(C.id)).where(C.undoable.is_(False)).scalar_subquery()
    return func.coalesce(newest, 0)


def _by(coder: str | None):
    return C.coder.is_(None) if coder is None else C.coder == coder


def lock(conn: Connection) -> None:
    """Let one undo or redo run at a time (until this transaction ends)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UNDO_LOCK})


def undo_target(conn: Connection, coder: str | None, *, anyone: bool = False) -> Entry | None:
    """``coder``'s newest change in effect (anyone's with ``anyone``), if any.

    A change is in effect unless an ``undo`` (whoever made it) reverts it; a
    ``redo`` re-applies a change and is itself undoable by the one who redid
    it; undo entries are not undone (redo is how). No stack reaches past a
    change that cannot be undone. One query (``changes.reverts`` is indexed)."""
    undos = schema.changes.alias("u")
    query = select(C.id).where(
        C.action != "undo",
        C.undoable.is_(True),
        C.id > _barrier(),
        ~select(undos.c.id).where(undos.c.action == "undo", undos.c.reverts == C.id).exists(),
    )
    if not anyone:
        query = query.where(_by(coder))
    return _entry(conn, query)


def redo_target(conn: Connection, coder: str | None) -> Entry | None:
    """``coder``'s newest undo that they have not redone and that no later
    change of theirs has superseded (its ``summary`` reads "Undo: ...")."""
    redos, later = schema.changes.alias("r"), schema.changes.alias("f")
    return _entry(
        conn,
        select(C.id).where(
            _by(coder),
            C.action == "undo",
            C.id > _barrier(),
            ~select(redos.c.id).where(redos.c.action == "redo", redos.c.reverts == C.id).exists(),
            # a fresh change of theirs after it clears their redo stack
            ~select(later.c.id)
            .where(
                later.c.coder.is_(None) if coder is None else later.c.coder == coder,
                later.c.id > C.id,
                later.c.action.not_in(("undo", "redo")),
            )
            .exists(),
        ),
    )


# -- checking that rows are as an entry left them --------------------------------------


def _expected(op: dict, *, inverse: bool) -> tuple[list[dict], list[int]]:
    """(rows that must be there, as these images; ids that must be free)
    before ``op`` is applied forwards, or backwards with ``inverse``."""
    kind = op["op"]
    one = not kind.endswith("_many")
    base = kind.removesuffix("_many")
    if base == "insert":
        rows = [op["row"]] if one else op["rows"]
        return (rows, []) if inverse else ([], [r["id"] for r in rows])
    if base == "delete":
        rows = [op["before"]] if one else op["before"]
        return ([], [r["id"] for r in rows]) if inverse else (rows, [])
    # update
    after = [op["row"]] if one else op["rows"]
    before = [op["before"]] if one else op["before"]
    return (after, []) if inverse else (before, [])


def _mismatch(conn: Connection, table: Table, present: list[dict], absent: list[int]) -> int | None:
    """The id of the first row not as expected (locking those that are there)."""
    ids = [r["id"] for r in present] + list(absent)
    current: dict[int, Any] = {}
    for part in chunks(ids):
        q = select(table).where(table.c.id.in_(part))
        if conn.dialect.name == "postgresql":
            q = q.with_for_update()
        for r in conn.execute(q).mappings():
            current[r["id"]] = r
    for image in present:
        row = current.get(image["id"])
        if row is None or any(row[k] != v for k, v in image.items() if k in row):
            return image["id"]
    return next((i for i in absent if i in current), None)


def _op_ids(op: dict) -> set[int]:
    images = [op[k] for k in ("row", "before") if isinstance(op.get(k), dict)]
    for k in ("rows", "before"):
        if isinstance(op.get(k), list):
            images.extend(op[k])
    return {r["id"] for r in images if "id" in r}


def _who_since(conn: Connection, after: int, table: str, row_id: int) -> str:
    """Who changed row ``row_id`` of ``table`` in an entry newer than ``after``."""
    rows = conn.execute(
        select(C.coder, C.summary, C.ops).where(C.id > after).order_by(C.id.desc()).limit(WINDOW)
    ).all()
    for coder, summary, ops in rows:
        if any(op.get("table") == table and row_id in _op_ids(op) for op in ops):
            return f"{coder or 'a change with no coder name'} has since changed it ({summary!r})"
    return "it was changed since by a change that is not in the log (e.g. a deleted document)"


def _replay(conn: Connection, entry: Entry, ops: list[dict], *, inverse: bool) -> None:
    verb = "undo" if inverse else "redo"
    summary = entry.summary.removeprefix("Undo: ")
    try:
        for op in reversed(ops) if inverse else ops:
            if op["op"] != "note":
                table = TABLES[op["table"]]
                if "id" in table.c:
                    present, absent = _expected(op, inverse=inverse)
                    bad = _mismatch(conn, table, present, absent)
                    if bad is not None:
                        raise Conflict(
                            f"cannot {verb} {summary!r}: {_who_since(conn, entry.id, table.name, bad)}"
                        )
            _apply(conn, op, inverse=inverse)
    except IntegrityError as err:
        raise Conflict(
            f"cannot {verb} {summary!r}: later changes depend on it "
            f"({str(err.orig).splitlines()[0]})"
        ) from err


def undo(conn: Connection, coder: str | None, *, anyone: bool = False) -> Entry | None:
    """Reverse ``coder``'s newest change (anyone's with ``anyone``); the undo
    entry is ``coder``'s. Returns the change reversed, or None."""
    lock(conn)
    target = undo_target(conn, coder, anyone=anyone)
    if target is None:
        return None
    ops = conn.execute(select(C.ops).where(C.id == target.id)).scalar()
    _replay(conn, target, ops, inverse=True)
    append_entry(conn, "undo", f"Undo: {target.summary}", coder, [], reverts=target.id)
    return target


def redo(conn: Connection, coder: str | None) -> Entry | None:
    """Apply again the change ``coder``'s newest undo reversed. Returns the
    new ``redo`` entry (its summary the change's), or None."""
    lock(conn)
    target = redo_target(conn, coder)
    if target is None:
        return None
    original = conn.execute(select(C.ops, C.summary, C.coder).where(C.id == target.reverts)).one()
    _replay(conn, target, original.ops, inverse=False)
    new_id = append_entry(conn, "redo", original.summary, coder, original.ops, reverts=target.id)
    return Entry(new_id, "redo", original.summary, True, target.id, original.coder)
