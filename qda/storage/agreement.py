"""SQL for coder agreement: documents' lengths, their units of one kind and
the codings of the coders compared."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from qda.storage import schema

D = schema.documents.c
S = schema.segments.c
G = schema.codings.c
U = schema.coders.c


def documents(conn: Connection, ids: Sequence[int] | None) -> list[dict]:
    """Documents in list order (all, or those of ``ids``): id, guid, name, length."""
    q = select(D.id, D.guid, D.name, func.length(D.text).label("length")).order_by(D.position, D.id)
    if ids is not None:
        q = q.where(D.id.in_(ids))
    return [dict(r) for r in conn.execute(q).mappings()]


def unit_spans(
    conn: Connection, kind: str, ids: Sequence[int] | None
) -> dict[int, list[tuple[int, int]]]:
    """Per document (all, or those of ``ids``): the (start, end) of its
    segments of ``kind``, in order; documents without any are absent."""
    q = select(S.document_id, S.start, S.end).where(S.kind == kind)
    if ids is not None:
        q = q.where(S.document_id.in_(ids))
    out: dict[int, list[tuple[int, int]]] = {}
    for doc, start, end in conn.execute(q.order_by(S.document_id, S.start)):
        out.setdefault(doc, []).append((start, end))
    return out


def codings(conn: Connection, coders: Sequence[str], ids: Sequence[int] | None) -> list[dict]:
    """The codings of ``coders`` (in all documents, or those of ``ids``):
    document, code (id), coder (name), start, end."""
    q = (
        select(
            G.document_id.label("document"),
            G.code_id.label("code"),
            U.name.label("coder"),
            G.start,
            G.end,
        )
        .join(schema.coders, U.id == G.coder_id)
        .where(U.name.in_(coders))
        .order_by(G.document_id, G.start, G.id)
    )
    if ids is not None:
        q = q.where(G.document_id.in_(ids))
    return [dict(r) for r in conn.execute(q).mappings()]


def coder_names(conn: Connection) -> list[str]:
    return list(conn.execute(select(U.name).order_by(U.name)).scalars())


def code_guids(conn: Connection) -> dict[int, str]:
    K = schema.codes.c
    return dict(conn.execute(select(K.id, K.guid)).all())


def document_texts(conn: Connection, ids: Sequence[int]) -> dict[int, dict]:
    """id -> guid, name and text of the documents ``ids``."""
    q = select(D.id, D.guid, D.name, D.text).where(D.id.in_(ids))
    return {r["id"]: dict(r) for r in conn.execute(q).mappings()}


def decisions(conn: Connection, coder_a: str, coder_b: str) -> dict[tuple, dict]:
    """Decisions taken between these two raters: (document id, code id,
    start, end) -> the decision row."""
    X = schema.consensus_decisions.c
    q = select(schema.consensus_decisions).where(X.coder_a == coder_a, X.coder_b == coder_b)
    return {
        (r["document_id"], r["code_id"], r["start"], r["end"]): dict(r)
        for r in conn.execute(q).mappings()
    }


def coder_codings(conn: Connection, coder_id: int, document_id: int, code_id: int) -> list[dict]:
    """One coder's codings of one code in one document (id, start, end)."""
    q = (
        select(G.id, G.start, G.end)
        .where(G.coder_id == coder_id, G.document_id == document_id, G.code_id == code_id)
        .order_by(G.start)
    )
    return [dict(r) for r in conn.execute(q).mappings()]
