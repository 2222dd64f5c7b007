"""SQL for documents, speakers and segments."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from qda.errors import NotFound
from qda.storage import schema
from qda.storage.bulk import chunks, insert_ids, insert_returning
from qda.storage.changelog import now

D = schema.documents.c
S = schema.segments.c
SP = schema.speakers.c


def insert_document(conn: Connection, values: dict[str, Any]) -> int:
    values = {"guid": str(uuid.uuid4()), "created_at": now(), **values}
    if "position" not in values:
        values["position"] = (conn.execute(select(func.max(D.position))).scalar() or 0) + 1
    return conn.execute(insert(schema.documents).values(**values)).inserted_primary_key[0]


def last_position(conn: Connection) -> int:
    return conn.execute(select(func.max(D.position))).scalar() or 0


def insert_documents(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert documents (each row with its GUID) after the last position, in
    one statement; returns their ids in the order of ``rows``."""
    if not rows:
        return []
    first, stamp = last_position(conn) + 1, now()
    rows = [{"created_at": stamp, "position": first + i, **r} for i, r in enumerate(rows)]
    return insert_ids(conn, schema.documents, rows)


def insert_speaker_rows(conn: Connection, rows: list[dict[str, Any]]) -> dict[tuple[int, str], int]:
    """Insert speakers of many documents (document_id, label, participant_id);
    returns (document id, label) -> speakers.id."""
    return {
        (r.document_id, r.label): r.id
        for r in insert_returning(conn, schema.speakers, rows, "id", "document_id", "label")
    }


def insert_segment_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert segments of many documents (rows with their document_id)."""
    if rows:
        conn.execute(insert(schema.segments), rows)


def documents_by_sha(conn: Connection, shas: list[str]) -> dict[str, dict]:
    """sha256 -> the oldest document with that text (id, guid, name), for those found."""
    found: dict[str, dict] = {}
    for part in chunks(sorted(set(shas))):
        q = select(D.id, D.guid, D.name, D.sha256).where(D.sha256.in_(part)).order_by(D.id)
        for r in conn.execute(q).mappings():
            found.setdefault(r["sha256"], dict(r))
    return found


class DocumentNames:
    """Unique names for new documents: the names in use are read once;
    :meth:`take` gives ``name``, or ``name (2)``, ``name (3)``… when a
    document already has it, and counts the name as used."""

    def __init__(self, conn: Connection):
        self.used = set(conn.execute(select(D.name)).scalars())

    def take(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.used:
            n += 1
            candidate = f"{name} ({n})"
        self.used.add(candidate)
        return candidate


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
    return list(iter_segment_rows(segments, speaker_ids, text))


def iter_segment_rows(segments, speaker_ids: dict[str, int], text: str) -> Iterator[dict[str, Any]]:
    """:func:`segment_rows` one row at a time, so that a huge document's
    rows can be inserted in chunks instead of all held in memory."""
    ordinals: dict[str, int] = {}
    for seg in segments:
        n = ordinals[seg.kind] = ordinals.get(seg.kind, 0) + 1
        yield {
            "guid": str(uuid.uuid4()),
            "kind": seg.kind,
            "start": seg.start,
            "end": seg.end,
            "speaker_id": speaker_ids.get(seg.speaker) if seg.speaker else None,
            "ordinal": n,
            "meta": seg.meta or None,
            "words": len(text[seg.start : seg.end].split()) if seg.kind in UNIT_KINDS else None,
        }


def insert_segments(conn: Connection, document_id: int, rows: list[dict[str, Any]]) -> None:
    if rows:
        for r in rows:
            r["document_id"] = document_id
        conn.execute(insert(schema.segments), rows)


def name_taken(conn: Connection, name: str) -> bool:
    return conn.execute(select(D.id).where(D.name == name)).first() is not None


def find_document(conn: Connection, ref: str) -> dict | None:
    """A document by GUID, by exact name, or by integer position shown in lists."""
    row = conn.execute(select(schema.documents).where(D.guid == ref)).mappings().first()
    if row is None:
        row = conn.execute(select(schema.documents).where(D.name == ref)).mappings().first()
    return dict(row) if row else None


def list_documents(
    conn: Connection, document_id: int | None = None, *, ids: list[int] | None = None
) -> list[dict]:
    """Documents with organisation, speakers and segment counts (all, one, or
    those of ``ids`` in that order)."""
    if ids is not None:
        found = {d["id"]: d for part in chunks(ids) for d in _list_documents(conn, list(part))}
        return [found[i] for i in ids]
    return _list_documents(conn, None if document_id is None else [document_id])


def _list_documents(conn: Connection, ids: list[int] | None) -> list[dict]:
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
    if ids is not None:
        seg_q = seg_q.where(S.document_id.in_(ids))
        sp_q = sp_q.where(SP.document_id.in_(ids))
        doc_q = doc_q.where(D.id.in_(ids))
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


def set_speaker_participants(conn: Connection, links: dict[int, int]) -> None:
    """Speaker id -> participant id, for many speakers at once."""
    if links:
        conn.execute(
            update(schema.speakers)
            .where(SP.id == bindparam("speaker"))
            .values(participant_id=bindparam("participant")),
            [{"speaker": s, "participant": p} for s, p in links.items()],
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
