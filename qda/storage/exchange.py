"""SQL for the REFI-QDA project exchange: bulk inserts for imports, a few reads for exports."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from qda.storage import schema
from qda.storage.changelog import now

K = schema.codes.c
U = schema.coders.c
D = schema.documents.c
G = schema.codings.c
M = schema.memos.c
C = schema.cases.c


def coder_guids(conn: Connection) -> dict[str, str]:
    """Coder name -> GUID."""
    return dict(conn.execute(select(U.name, U.guid)).all())


def taken_guids(conn: Connection, table: str, guids: list[str]) -> set[str]:
    """Which of ``guids`` rows of ``table`` already carry."""
    column = schema.metadata.tables[table].c.guid
    found: set[str] = set()
    for i in range(0, len(guids), 500):
        chunk = guids[i : i + 500]
        found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def coder_ids(conn: Connection) -> dict[str, int]:
    """Coder name -> id."""
    return dict(conn.execute(select(U.name, U.id)).all())


def insert_codes(conn: Connection, rows: list[dict[str, Any]], parents: dict[str, str]) -> None:
    """Insert codes (``rows`` without parent ids) and then link each to its
    parent: ``parents`` maps a code GUID to its parent's GUID."""
    if not rows:
        return
    conn.execute(insert(schema.codes), rows)
    ids = dict(conn.execute(select(K.guid, K.id).where(K.guid.in_(list(parents)))).all())
    links = [
        {"code_id": ids[child], "parent": ids[parent]}
        for child, parent in parents.items()
        if parent is not None
    ]
    if links:
        conn.execute(
            update(schema.codes)
            .where(K.id == bindparam("code_id"))
            .values(parent_id=bindparam("parent")),
            links,
        )


def code_ids(conn: Connection, guids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(guids), 500):
        chunk = guids[i : i + 500]
        out.update(conn.execute(select(K.guid, K.id).where(K.guid.in_(chunk))).all())
    return out


def document_by_sha(conn: Connection, sha256: str) -> dict | None:
    row = conn.execute(select(D.id, D.guid, D.name).where(D.sha256 == sha256)).mappings().first()
    return dict(row) if row else None


def insert_codings(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(schema.codings), rows)


def existing_codings(conn: Connection, document_id: int) -> set[tuple[int, int, int, int]]:
    """(start, end, code id, coder id) of a document's codings."""
    rows = conn.execute(
        select(G.start, G.end, G.code_id, G.coder_id).where(G.document_id == document_id)
    ).all()
    return {tuple(r) for r in rows}


def insert_memos(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(schema.memos), rows)


def set_coding_memos(conn: Connection, memos: dict[str, str]) -> None:
    """Coding GUID -> memo text, for codings inserted by this import."""
    if memos:
        conn.execute(
            update(schema.codings)
            .where(G.guid == bindparam("coding"))
            .values(memo=bindparam("text")),
            [{"coding": guid, "text": text} for guid, text in memos.items()],
        )


def set_document_organisation(conn: Connection, document_guid: str, organisation_id: int) -> bool:
    """Link a document to an organisation unless it already has one."""
    result = conn.execute(
        update(schema.documents)
        .where(D.guid == document_guid, D.organisation_id.is_(None))
        .values(organisation_id=organisation_id)
    )
    return bool(result.rowcount)


def set_case_guid(conn: Connection, case_id: int, guid: str) -> None:
    conn.execute(update(schema.cases).where(C.id == case_id).values(guid=guid))


def fresh_guid(guid: str, taken: set[str]) -> str:
    """``guid`` unless the project (or this import) already uses it, else a new one."""
    if guid and guid not in taken:
        taken.add(guid)
        return guid
    new = str(uuid.uuid4())
    taken.add(new)
    return new


class CoderMap:
    """Users of an imported file as coders: matched by name, created when
    first needed (keeping the user's GUID when it is free)."""

    def __init__(self, conn: Connection, users: dict[str, str], fallback: str) -> None:
        self.conn = conn
        self.names = {guid: (name or "").strip() or guid for guid, name in users.items()}
        self.guids = {name: guid for guid, name in reversed(self.names.items())}
        self.fallback = fallback.strip()
        self.ids = coder_ids(conn)
        self.taken = taken_guids(conn, "coders", list(self.names))
        self.created = 0

    def id_for(self, user: str | None, fallback: bool = True) -> int | None:
        """The coder id of a user GUID; unknown users are the fallback coder
        (or ``None`` when ``fallback`` is false)."""
        name = self.names.get(user or "")
        if name is None:
            if not fallback:
                return None
            name = self.fallback
        if name not in self.ids:
            row = {"guid": fresh_guid(self.guids.get(name, ""), self.taken), "name": name}
            conn = self.conn
            conn.execute(insert(schema.coders).values(**row, created_at=now()))
            self.created += 1
            self.ids = coder_ids(conn)
        return self.ids[name]
