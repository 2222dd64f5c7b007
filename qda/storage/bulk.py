"""Statements over many rows at once, on SQLite and PostgreSQL alike.

Imports and the change log write many rows in one unit of work; each helper
here sends one statement however many rows there are (an ``executemany``,
or a multi-row ``INSERT ... RETURNING`` that SQLAlchemy splits into batches
of at most 1,000 rows), and reads by ``IN`` lists of at most :data:`CHUNK`
values so no statement exceeds a driver's parameter limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Row, Table, insert
from sqlalchemy.dialects import postgresql, sqlite

CHUNK = 500


def chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    """``items`` in slices of at most ``size`` (nothing for no items)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def insert_returning(
    conn: Connection, table: Table, rows: list[dict[str, Any]], *columns: str
) -> list[Row]:
    """Insert ``rows`` (dicts with the same keys) in multi-row statements and
    return ``columns`` of the new rows (every column when none are named), in
    no particular order: match them to ``rows`` by a unique column."""
    if not rows:
        return []
    returning = [table.c[c] for c in columns] if columns else list(table.c)
    return list(conn.execute(insert(table).returning(*returning), rows))


def insert_ids(
    conn: Connection, table: Table, rows: list[dict[str, Any]], key: str = "guid"
) -> list[int]:
    """Insert ``rows`` and return their ids in the order of ``rows``, matched
    on ``key``, a unique column every row gives."""
    found = {k: row_id for row_id, k in insert_returning(conn, table, rows, "id", key)}
    return [found[row[key]] for row in rows]


def insert_or_none(
    conn: Connection, table: Table, values: dict[str, Any], keys: Sequence[str]
) -> dict[str, Any] | None:
    """Insert one row unless a row with the same ``keys`` (a unique constraint
    or index) exists: the new row's image, or None when it existed. Two writers
    inserting the same key at once get one row (PostgreSQL makes the second
    wait for the first and then do nothing)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[table.c[k] for k in keys])
        .returning(*table.c)
    )
    row = conn.execute(stmt).mappings().first()
    return dict(row) if row is not None else None


def upsert(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    keys: Sequence[str],
    update: Sequence[str],
) -> None:
    """Insert ``rows``, or where a row with the same ``keys`` (a unique
    constraint) exists, set its ``update`` columns: one statement.

    A key may occur only once in ``rows`` (PostgreSQL refuses to update a row
    twice in one statement)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={c: stmt.excluded[c] for c in update},
    )
    conn.execute(stmt, rows)
