"""SQL for codings: coded spans of a document's canonical text."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, func, select

from qda.errors import ProjectError
from qda.storage import schema
from qda.storage.bulk import insert_or_none
from qda.storage.changelog import now

G = schema.codings.c
K = schema.codes.c
D = schema.documents.c
S = schema.segments.c
U = schema.coders.c


def segment_by_guid(conn: Connection, guid: str) -> dict | None:
    row = (
        conn.execute(
            select(S.id, S.guid, S.document_id, S.start, S.end, S.kind).where(S.guid == guid)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def document_extent(conn: Connection, ref: str) -> dict | None:
    """A document's id, name and text length (in characters, as Python counts
    them), by GUID or exact name, without reading its text: what coding a span
    needs inside its short write transaction."""
    cols = (D.id, D.name, func.length(D.text).label("length"))
    for where in (D.guid == ref, D.name == ref):
        row = conn.execute(select(*cols).where(where)).mappings().first()
        if row is not None:
            return dict(row)
    return None


def coding_by_guid(conn: Connection, guid: str) -> dict | None:
    row = conn.execute(select(schema.codings).where(G.guid == guid)).mappings().first()
    return dict(row) if row else None


def coding_by_id(conn: Connection, coding_id: int) -> dict:
    return dict(conn.execute(select(schema.codings).where(G.id == coding_id)).mappings().one())


#: what makes a coding unique (the index ``uq_codings_span_code_coder``)
CODING_KEY = schema.CODING_KEY


def existing(
    conn: Connection, document_id: int, start: int, end: int, code_id: int, coder_id: int
) -> int | None:
    return conn.execute(
        select(G.id).where(
            G.document_id == document_id,
            G.start == start,
            G.end == end,
            G.code_id == code_id,
            G.coder_id == coder_id,
        )
    ).scalar()


def coding_query(*, code_ids=None, document_id=None, coder=None):
    seg = schema.segments.alias("seg")
    q = (
        select(
            G.guid,
            G.start,
            G.end,
            G.memo,
            G.created_at,
            G.updated_at,
            D.guid.label("document"),
            D.name.label("document_name"),
            K.guid.label("code"),
            K.name.label("code_name"),
            K.colour,
            U.name.label("coder"),
            seg.c.guid.label("segment"),
        )
        .select_from(
            schema.codings.join(schema.documents, D.id == G.document_id)
            .join(schema.codes, K.id == G.code_id)
            .join(schema.coders, U.id == G.coder_id)
            .outerjoin(seg, seg.c.id == G.segment_id)
        )
        .order_by(D.position, G.start, G.end, G.id)
    )
    if code_ids is not None:
        q = q.where(G.code_id.in_(code_ids))
    if document_id is not None:
        q = q.where(G.document_id == document_id)
    if coder is not None:
        q = q.where(U.name == coder)
    return q


def list_codings(conn: Connection, **filters) -> list[dict]:
    return [dict(r) for r in conn.execute(coding_query(**filters)).mappings()]


M = schema.memos.c


def memo_for(
    conn: Connection, target_kind: str, target_guid: str, coder_id: int | None
) -> int | None:
    q = select(M.id).where(M.target_kind == target_kind, M.target_guid == target_guid)
    q = q.where(M.coder_id.is_(None) if coder_id is None else M.coder_id == coder_id)
    return conn.execute(q).scalar()


def memo_guid(conn: Connection, memo_id: int) -> str:
    return conn.execute(select(M.guid).where(M.id == memo_id)).scalar_one()


def list_memos(conn: Connection, target_kind: str | None, target_guid: str | None) -> list[dict]:
    q = (
        select(
            M.guid,
            M.target_kind,
            M.target_guid,
            M.title,
            M.text,
            M.created_at,
            M.updated_at,
            U.name.label("coder"),
        )
        .select_from(schema.memos.outerjoin(schema.coders, U.id == M.coder_id))
        .order_by(M.updated_at.desc())
    )
    if target_kind:
        q = q.where(M.target_kind == target_kind)
    if target_guid:
        q = q.where(M.target_guid == target_guid)
    return [dict(r) for r in conn.execute(q).mappings()]


def ensure_coder(conn: Connection, name: str) -> int:
    """The id of the coder called ``name``, created when missing (an
    insert-or-return on the unique name: two writers creating the same coder
    at once get the same row)."""
    name = (name or "").strip()
    if not name:
        raise ProjectError("a coder name is needed")
    found = coder_id(conn, name)
    if found is not None:
        return found
    row = insert_or_none(
        conn,
        schema.coders,
        {"guid": str(uuid.uuid4()), "name": name, "created_at": now()},
        ["name"],
    )
    return row["id"] if row is not None else coder_id(conn, name)


def coder_id(conn: Connection, name: str) -> int | None:
    return conn.execute(select(U.id).where(U.name == name)).scalar()
