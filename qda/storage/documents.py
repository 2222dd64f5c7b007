"""SQL for documents, speakers and segments."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from qda.errors import NotFound
from qda.storage import schema
from qda.storage.changelog import now

D = schema.documents.c
S = schema.segments.c
SP = schema.speakers.c


def insert_document(conn: Connection, values: dict[str, Any]) -> int:
    values = {"guid": str(uuid.uuid4()), "created_at": now(), **values}
    if "position" not in values:
        values["position"] = (conn.execute(select(func.max(D.position))).scalar() or 0) + 1
    return conn.execute(insert(schema.documents).values(**values)).inserted_primary_key[0]


def insert_speakers(
    conn: Connection, document_id: int, labels: list[str], participants: dict[str, int]
) -> dict[str, int]:
    """Insert the document's speaker labels; returns label -> speakers.id."""
    if not labels:
        return {}
    conn.execute(
        insert(schema.speakers),
        [
            {"document_id": document_id, "label": label, "participant_id": participants.get(label)}
            for label in labels
        ],
    )
    rows = conn.execute(select(SP.label, SP.id).where(SP.document_id == document_id)).all()
    return dict(rows)


UNIT_KINDS = ("turn", "paragraph")


def segment_rows(segments, speaker_ids: dict[str, int], text: str) -> list[dict[str, Any]]:
    """Rows for the segments table from :class:`corpus.model.Segment` objects,
    numbered within each kind, linked to the document's speaker ids, with the
    word count of turns and paragraphs (the units analysis counts in)."""
    ordinals: dict[str, int] = {}
    rows = []
    for seg in segments:
        n = ordinals[seg.kind] = ordinals.get(seg.kind, 0) + 1
        rows.append(
            {
                "guid": str(uuid.uuid4()),
                "kind": seg.kind,
                "start": seg.start,
                "end": seg.end,
                "speaker_id": speaker_ids.get(seg.speaker) if seg.speaker else None,
                "ordinal": n,
                "meta": seg.meta or None,
                "words": len(text[seg.start : seg.end].split()) if seg.kind in UNIT_KINDS else None,
            }
        )
    return rows


def insert_segments(conn: Connection, document_id: int, rows: list[dict[str, Any]]) -> None:
    if rows:
        for r in rows:
            r["document_id"] = document_id
        conn.execute(insert(schema.segments), rows)


def document_id_by_sha(conn: Connection, sha256: str) -> int | None:
    return conn.execute(select(D.id).where(D.sha256 == sha256)).scalar()


def document_field(conn: Connection, document_id: int, column: str):
    return conn.execute(select(D[column]).where(D.id == document_id)).scalar()


def name_taken(conn: Connection, name: str) -> bool:
    return conn.execute(select(D.id).where(D.name == name)).first() is not None


def find_document(conn: Connection, ref: str) -> dict | None:
    """A document by GUID, by exact name, or by integer position shown in lists."""
    row = conn.execute(select(schema.documents).where(D.guid == ref)).mappings().first()
    if row is None:
        row = conn.execute(select(schema.documents).where(D.name == ref)).mappings().first()
    return dict(row) if row else None


def list_documents(conn: Connection, document_id: int | None = None) -> list[dict]:
    """Documents with organisation, speakers and segment counts (all, or one)."""
    org = schema.cases.alias("org")
    seg_q = select(S.document_id, S.kind, func.count()).group_by(S.document_id, S.kind)
    sp_q = select(SP.document_id, SP.label).order_by(SP.id)
    doc_q = (
        select(
            D.id,
            D.guid,
            D.name,
            D.source_name,
            D.kind,
            D.date,
            D.words,
            D.sha256,
            D.format,
            func.length(D.text).label("chars"),
            org.c.name.label("organisation"),
            org.c.guid.label("organisation_guid"),
        )
        .select_from(schema.documents.outerjoin(org, org.c.id == D.organisation_id))
        .order_by(D.position, D.id)
    )
    if document_id is not None:
        seg_q = seg_q.where(S.document_id == document_id)
        sp_q = sp_q.where(SP.document_id == document_id)
        doc_q = doc_q.where(D.id == document_id)
    counts: dict[int, dict[str, int]] = {}
    for doc_id, kind, n in conn.execute(seg_q).all():
        counts.setdefault(doc_id, {})[kind] = n
    speakers: dict[int, list[str]] = {}
    for doc_id, label in conn.execute(sp_q).all():
        speakers.setdefault(doc_id, []).append(label)
    out = []
    for d in conn.execute(doc_q).mappings().all():
        c = counts.get(d["id"], {})
        out.append(
            {
                **dict(d),
                "speakers": speakers.get(d["id"], []),
                "turns": c.get("turn", 0),
                "paragraphs": c.get("paragraph", 0),
                "sentences": c.get("sentence", 0),
            }
        )
    return out


def document_segments(conn: Connection, document_id: int, kind: str | None = None) -> list[dict]:
    q = (
        select(
            S.id,
            S.guid,
            S.kind,
            S.start,
            S.end,
            S.ordinal,
            S.meta,
            SP.label.label("speaker"),
            SP.participant_id,
        )
        .select_from(schema.segments.outerjoin(schema.speakers, SP.id == S.speaker_id))
        .where(S.document_id == document_id)
        .order_by(S.kind, S.start)
    )
    if kind:
        q = q.where(S.kind == kind)
    return [dict(r) for r in conn.execute(q).mappings().all()]


def document_speakers(conn: Connection, document_id: int) -> list[dict]:
    p = schema.cases.alias("p")
    q = (
        select(
            SP.id,
            SP.label,
            p.c.guid.label("participant_guid"),
            p.c.name.label("participant"),
            p.c.pseudonym,
            func.count(S.id).label("turns"),
        )
        .select_from(
            schema.speakers.outerjoin(p, p.c.id == SP.participant_id).outerjoin(
                schema.segments,
                (S.document_id == document_id) & (S.kind == "turn") & (S.speaker_id == SP.id),
            )
        )
        .where(SP.document_id == document_id)
        .group_by(SP.id, SP.label, p.c.guid, p.c.name, p.c.pseudonym)
        .order_by(SP.id)
    )
    return [dict(r) for r in conn.execute(q).mappings().all()]


def set_speaker_participant(conn: Connection, speaker_id: int, participant_id: int | None) -> None:
    conn.execute(
        update(schema.speakers).where(SP.id == speaker_id).values(participant_id=participant_id)
    )


def update_document(conn: Connection, document_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(schema.documents).where(D.id == document_id).values(**values))


def delete_document(conn: Connection, document_id: int) -> None:
    conn.execute(delete(schema.documents).where(D.id == document_id))


def require_document(conn: Connection, ref: str) -> dict:
    """A document by GUID or name, or ``NotFound``."""
    row = find_document(conn, ref)
    if row is None:
        raise NotFound(f"no document {ref!r}")
    return row


def unique_name(conn: Connection, name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when a document already has it."""
    candidate, n = name, 1
    while name_taken(conn, candidate):
        n += 1
        candidate = f"{name} ({n})"
    return candidate
