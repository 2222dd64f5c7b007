"""SQL for the REFI-QDA project exchange: bulk inserts for imports, a few reads for exports."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from qda.storage import schema
from qda.storage.bulk import chunks, insert_ids
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
    for part in chunks(guids):
        found.update(conn.execute(select(column).where(column.in_(part))).scalars())
    return found


def coder_ids(conn: Connection) -> dict[str, int]:
    """Coder name -> id."""
    return dict(conn.execute(select(U.name, U.id)).all())


def insert_codes(
    conn: Connection, rows: list[dict[str, Any]], parents: dict[str, str]
) -> dict[str, int]:
    """Insert codes (``rows`` without parent ids) and then link each to its
    parent: ``parents`` maps a code GUID to its parent's GUID. Returns code
    GUID -> id."""
    if not rows:
        return {}
    ids = dict(zip([r["guid"] for r in rows], insert_ids(conn, schema.codes, rows), strict=True))
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
    return ids


def project_guid(conn: Connection) -> str:
    return conn.execute(select(schema.projects.c.guid)).scalar_one()


def insert_codings(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(schema.codings), rows)


def existing_codings(
    conn: Connection, document_ids: list[int]
) -> dict[int, set[tuple[int, int, int, int]]]:
    """Document id -> (start, end, code id, coder id) of its codings."""
    out: dict[int, set[tuple[int, int, int, int]]] = {i: set() for i in document_ids}
    for part in chunks(document_ids):
        rows = conn.execute(
            select(G.document_id, G.start, G.end, G.code_id, G.coder_id).where(
                G.document_id.in_(part)
            )
        ).all()
        for doc_id, *key in rows:
            out[doc_id].add(tuple(key))
    return out


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


def set_document_organisations(conn: Connection, links: dict[str, int]) -> None:
    """Link documents (by GUID) to organisations (by id), each unless it
    already has one."""
    if links:
        conn.execute(
            update(schema.documents)
            .where(D.guid == bindparam("document"), D.organisation_id.is_(None))
            .values(organisation_id=bindparam("organisation")),
            [{"document": d, "organisation": o} for d, o in links.items()],
        )


def unlinked_speakers(conn: Connection, document_ids: list[int]) -> list[tuple[int, str]]:
    """(speaker id, label) of the documents' speakers not linked to a participant."""
    p = schema.cases.alias("p")
    sp = schema.speakers.c
    out: list[tuple[int, str]] = []
    for part in chunks(document_ids):
        rows = conn.execute(
            select(sp.id, sp.label, p.c.name)
            .select_from(schema.speakers.outerjoin(p, p.c.id == sp.participant_id))
            .where(sp.document_id.in_(part))
            .order_by(sp.id)
        ).all()
        out += [(speaker_id, label) for speaker_id, label, name in rows if not name]
    return out


def link_speakers(conn: Connection, links: dict[tuple[int, str], str]) -> None:
    """(document id, speaker label) -> participant case GUID: link each speaker,
    adding the speaker row when the document has no such label yet."""
    sp = schema.speakers.c
    doc_ids = sorted({doc for doc, _ in links})
    participants = dict(
        conn.execute(select(C.guid, C.id).where(C.guid.in_(sorted(set(links.values()))))).all()
    )
    known = {}
    for part in chunks(doc_ids):
        for speaker_id, doc, label in conn.execute(
            select(sp.id, sp.document_id, sp.label).where(sp.document_id.in_(part))
        ).all():
            known[doc, label] = speaker_id
    new = [
        {"document_id": doc, "label": label, "participant_id": participants[guid]}
        for (doc, label), guid in links.items()
        if (doc, label) not in known and guid in participants
    ]
    if new:
        conn.execute(insert(schema.speakers), new)
    updates = [
        {"speaker": known[key], "participant": participants[guid]}
        for key, guid in links.items()
        if key in known and guid in participants
    ]
    if updates:
        conn.execute(
            update(schema.speakers)
            .where(sp.id == bindparam("speaker"))
            .values(participant_id=bindparam("participant")),
            updates,
        )


def fresh_guid(guid: str, taken: set[str]) -> str:
    """``guid`` unless the project (or this import) already uses it, else a new one."""
    if guid and guid not in taken:
        taken.add(guid)
        return guid
    new = str(uuid.uuid4())
    taken.add(new)
    return new


class CoderMap:
    """Users of an imported file as coders: matched by name; those not yet in
    the project are announced with :meth:`need` and created together by
    :meth:`flush` (keeping the user's GUID when it is free)."""

    def __init__(self, conn: Connection, users: dict[str, str], fallback: str) -> None:
        self.conn = conn
        self.names = {guid: (name or "").strip() or guid for guid, name in users.items()}
        self.guids = {name: guid for guid, name in reversed(self.names.items())}
        self.fallback = fallback.strip()
        self.ids = coder_ids(conn)
        self.taken = taken_guids(conn, "coders", list(self.names))
        self.created = 0
        self._new: dict[str, dict[str, Any]] = {}

    def _name(self, user: str | None, fallback: bool) -> str | None:
        name = self.names.get(user or "")
        if name is None and fallback:
            return self.fallback
        return name

    def need(self, user: str | None, fallback: bool = True) -> None:
        """A user GUID that is about to be used: unknown users are the fallback
        coder (or nobody when ``fallback`` is false)."""
        name = self._name(user, fallback)
        if name is not None and name not in self.ids and name not in self._new:
            guid = fresh_guid(self.guids.get(name, ""), self.taken)
            self._new[name] = {"guid": guid, "name": name, "created_at": now()}

    def flush(self) -> None:
        rows = list(self._new.values())
        for row, coder_id in zip(rows, insert_ids(self.conn, schema.coders, rows), strict=True):
            self.ids[row["name"]] = coder_id
        self.created += len(rows)
        self._new = {}

    def id_for(self, user: str | None, fallback: bool = True) -> int | None:
        """The coder id of a user GUID (announced with :meth:`need` and flushed)."""
        name = self._name(user, fallback)
        return None if name is None else self.ids[name]
