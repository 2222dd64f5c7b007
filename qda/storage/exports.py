"""SQL for exports: the pseudonym key and the set-based reads behind excerpts.

Excerpts are built from a handful of queries over whole tables (codings with
their documents, codes and coders; the turns of the documents concerned; the
register of cases and their attributes), never one query per coding.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, delete, insert, select, update

from qda.storage import schema

P = schema.pseudonyms.c
G = schema.codings.c
D = schema.documents.c
K = schema.codes.c
U = schema.coders.c
S = schema.segments.c
SP = schema.speakers.c
C = schema.cases.c
A = schema.attributes.c
AV = schema.attribute_values.c


# -- the pseudonym key --------------------------------------------------------------------
def list_pseudonyms(conn: Connection) -> list[dict]:
    q = select(P.real, P.pseudonym, P.kind, P.accepted).order_by(P.kind, P.real)
    return [dict(r) for r in conn.execute(q).mappings()]


def find_pseudonym(conn: Connection, real: str) -> dict | None:
    row = conn.execute(select(schema.pseudonyms).where(P.real == real)).mappings().first()
    return dict(row) if row else None


def save_pseudonym(conn: Connection, real: str, pseudonym: str, kind: str, accepted: bool) -> None:
    """Insert or replace the entry for ``real``."""
    values = {"pseudonym": pseudonym, "kind": kind, "accepted": accepted}
    if find_pseudonym(conn, real) is None:
        conn.execute(insert(schema.pseudonyms).values(real=real, **values))
    else:
        conn.execute(update(schema.pseudonyms).where(P.real == real).values(**values))


def delete_pseudonym(conn: Connection, real: str) -> int:
    return conn.execute(delete(schema.pseudonyms).where(P.real == real)).rowcount


# -- the register ---------------------------------------------------------------------------
def register(conn: Connection) -> tuple[list[dict], dict[int, dict[str, str]]]:
    """Every case (id, kind, name, pseudonym, role, organisation_id) and the
    attribute values of each case by case id."""
    cases = [
        dict(r)
        for r in conn.execute(
            select(C.id, C.guid, C.kind, C.name, C.pseudonym, C.role, C.organisation_id).order_by(
                C.kind, C.name
            )
        ).mappings()
    ]
    values: dict[int, dict[str, str]] = {}
    for case_id, name, value in conn.execute(
        select(AV.case_id, A.name, AV.value).join(schema.attributes, A.id == AV.attribute_id)
    ).all():
        values.setdefault(case_id, {})[name] = value
    return cases, values


def linked_labels(conn: Connection) -> list[tuple[int, str]]:
    """``(participant_id, label)`` of every speaker label linked to a participant."""
    q = select(SP.participant_id, SP.label).where(SP.participant_id.is_not(None)).distinct()
    return [(pid, label) for pid, label in conn.execute(q).all()]


def all_speaker_labels(conn: Connection) -> list[str]:
    return list(conn.execute(select(SP.label).distinct().order_by(SP.label)).scalars())


def document_signature(conn: Connection) -> tuple:
    """``(id, sha256)`` of every document: changes exactly when a text is
    added or removed (a document's text is never edited)."""
    return tuple(conn.execute(select(D.id, D.sha256).order_by(D.id)).all())


def document_texts(conn: Connection, document_ids: Collection[int] | None = None) -> dict:
    """``{document id: canonical text}`` of the given documents (all when None)."""
    q = select(D.id, D.text)
    if document_ids is not None:
        q = q.where(D.id.in_(list(document_ids)))
    return dict(conn.execute(q).all())


def dict_rows(result) -> list[dict]:
    """Result rows as plain dicts (zipping the keys once is several times
    faster than converting each row mapping)."""
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]


# -- excerpts ---------------------------------------------------------------------------------
def _origin():
    """The suggester a coding was accepted from (migration 0005), else NULL."""
    X = schema.suggestion_decisions.c
    return (
        select(X.suggester)
        .where(X.coding_guid == G.guid, X.decision == "accepted")
        .order_by(X.id)
        .limit(1)
        .scalar_subquery()
    )


def coding_rows(
    conn: Connection,
    code_ids: Collection[int] | None = None,
    document_ids: Collection[int] | None = None,
    coders: Collection[str] | None = None,
) -> list[dict]:
    """Codings with their document, code and coder, in document order."""
    q = (
        select(
            G.guid.label("coding"),
            G.start,
            G.end,
            G.memo,
            G.document_id,
            D.guid.label("document"),
            D.name.label("document_name"),
            D.kind.label("document_kind"),
            D.date.label("document_date"),
            D.organisation_id.label("document_organisation_id"),
            K.guid.label("code"),
            U.name.label("coder"),
            _origin().label("origin"),
        )
        .select_from(
            schema.codings.join(schema.documents, D.id == G.document_id)
            .join(schema.codes, K.id == G.code_id)
            .join(schema.coders, U.id == G.coder_id)
        )
        .order_by(D.position, D.id, G.start, G.end, G.id)
    )
    if code_ids is not None:
        q = q.where(G.code_id.in_(list(code_ids)))
    if document_ids is not None:
        q = q.where(G.document_id.in_(list(document_ids)))
    if coders is not None:
        q = q.where(U.name.in_(list(coders)))
    return dict_rows(conn.execute(q))


def context_segments(conn: Connection, document_ids: Collection[int]) -> list[dict]:
    """Turns and paragraphs of the documents, with the speaker label and its
    participant, ordered by document, kind and start."""
    q = (
        select(
            S.document_id,
            S.kind,
            S.start,
            S.end,
            SP.label.label("speaker"),
            SP.participant_id,
        )
        .select_from(schema.segments.outerjoin(schema.speakers, SP.id == S.speaker_id))
        .where(S.document_id.in_(list(document_ids)), S.kind.in_(("turn", "paragraph")))
        .order_by(S.document_id, S.kind, S.start)
    )
    return dict_rows(conn.execute(q))
