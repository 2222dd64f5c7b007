"""SQL for suggestions: the units to search, the codings to learn from, code
rules, and the decisions researchers take (migration 0005)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import Connection, delete, func, insert, select, update

from qda.storage import schema
from qda.storage.changelog import now

S = schema.segments.c
D = schema.documents.c
G = schema.codings.c
K = schema.codes.c
R = schema.code_rules.c
X = schema.suggestion_decisions.c
SP = schema.speakers.c


def coding_unit_counts(conn: Connection) -> dict[str, int]:
    """How many codings sit on each kind of segment (turn, paragraph, sentence)."""
    q = (
        select(S.kind, func.count())
        .select_from(schema.codings.join(schema.segments, S.id == G.segment_id))
        .group_by(S.kind)
    )
    return {kind: n for kind, n in conn.execute(q)}


def segment_kinds(conn: Connection) -> list[str]:
    return sorted(conn.execute(select(S.kind).distinct()).scalars())


def units(conn: Connection, kind: str, document_ids: Collection[int] | None = None) -> list[dict]:
    """The segments of ``kind`` with their document, speaker label, participant
    and organisation (the participant's, else the document's), in document
    order; ``text`` is the segment's text."""
    person = schema.cases.alias("person")
    person_org = schema.cases.alias("person_org")
    doc_org = schema.cases.alias("doc_org")
    q = (
        select(
            S.id,
            S.guid,
            S.document_id,
            S.start,
            S.end,
            D.guid.label("document"),
            D.name.label("document_name"),
            SP.label.label("speaker"),
            person.c.name.label("participant"),
            func.coalesce(person_org.c.name, doc_org.c.name).label("organisation"),
        )
        .select_from(
            schema.segments.join(schema.documents, D.id == S.document_id)
            .outerjoin(schema.speakers, SP.id == S.speaker_id)
            .outerjoin(person, person.c.id == SP.participant_id)
            .outerjoin(person_org, person_org.c.id == person.c.organisation_id)
            .outerjoin(doc_org, doc_org.c.id == D.organisation_id)
        )
        .where(S.kind == kind)
        .order_by(D.position, D.id, S.start, S.id)
    )
    if document_ids is not None:
        q = q.where(S.document_id.in_(list(document_ids)))
    rows = [dict(r) for r in conn.execute(q).mappings()]
    texts = document_texts(conn, {r["document_id"] for r in rows})
    for r in rows:
        r["text"] = texts[r["document_id"]][r["start"] : r["end"]]
    return rows


def document_texts(conn: Connection, document_ids: Collection[int]) -> dict[int, str]:
    if not document_ids:
        return {}
    q = select(D.id, D.text).where(D.id.in_(list(document_ids)))
    return {i: t for i, t in conn.execute(q)}


def human_codings(conn: Connection, document_ids: Collection[int] | None = None) -> list[dict]:
    """Every coding (document id, span, code GUID), or those of some documents:
    what the model learns from and what is coded already."""
    q = select(G.document_id, G.start, G.end, K.guid.label("code")).select_from(
        schema.codings.join(schema.codes, K.id == G.code_id)
    )
    if document_ids is not None:
        q = q.where(G.document_id.in_(list(document_ids)))
    return [dict(r) for r in conn.execute(q).mappings()]


def coding_passage(conn: Connection, guid: str) -> dict | None:
    """A coding's code GUID and the text it covers."""
    row = (
        conn.execute(
            select(G.document_id, G.start, G.end, K.guid.label("code"), D.text)
            .select_from(
                schema.codings.join(schema.codes, K.id == G.code_id).join(
                    schema.documents, D.id == G.document_id
                )
            )
            .where(G.guid == guid)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return {**dict(row), "text": row["text"][row["start"] : row["end"]]}


def code_rows(conn: Connection) -> list[dict]:
    """Every code with its keywords and rule (blank when it has none)."""
    q = (
        select(
            K.id,
            K.guid,
            K.name,
            K.codable,
            K.keywords,
            R.pattern,
            R.speakers,
            R.organisations,
        )
        .select_from(schema.codes.outerjoin(schema.code_rules, R.code_id == K.id))
        .order_by(K.position, K.id)
    )
    out = []
    for r in conn.execute(q).mappings():
        row = dict(r)
        row["keywords"] = list(row["keywords"] or [])
        row["pattern"] = row["pattern"] or ""
        row["speakers"] = list(row["speakers"] or [])
        row["organisations"] = list(row["organisations"] or [])
        out.append(row)
    return out


def save_rule(
    conn: Connection, code_id: int, pattern: str, speakers: list[str], organisations: list[str]
) -> None:
    """Set (or, when all blank, remove) a code's rule."""
    conn.execute(delete(schema.code_rules).where(R.code_id == code_id))
    if pattern or speakers or organisations:
        conn.execute(
            insert(schema.code_rules).values(
                code_id=code_id,
                pattern=pattern,
                speakers=speakers,
                organisations=organisations,
                updated_at=now(),
            )
        )


def record_decision(conn: Connection, **values) -> str:
    guid = str(uuid.uuid4())
    conn.execute(insert(schema.suggestion_decisions).values(guid=guid, at=now(), **values))
    return guid


def rejected(conn: Connection) -> set[tuple[int, int, int, int]]:
    """``(document_id, start, end, code_id)`` of every rejected suggestion."""
    q = select(X.document_id, X.start, X.end, X.code_id).where(X.decision == "rejected")
    return {tuple(r) for r in conn.execute(q)}


def decisions(conn: Connection, limit: int | None = None) -> list[dict]:
    """Decisions, newest first, with the code and document they concern."""
    q = (
        select(
            X.guid,
            X.suggester,
            X.decision,
            X.coder,
            X.at,
            X.start,
            X.end,
            X.score,
            X.reason,
            X.coding_guid.label("coding"),
            K.guid.label("code"),
            K.name.label("code_name"),
            D.guid.label("document"),
            D.name.label("document_name"),
        )
        .select_from(
            schema.suggestion_decisions.join(schema.codes, K.id == X.code_id).join(
                schema.documents, D.id == X.document_id
            )
        )
        .order_by(X.id.desc())
    )
    if limit is not None:
        q = q.limit(limit)
    return [dict(r) for r in conn.execute(q).mappings()]


def origins(conn: Connection, coding_guids: Collection[str] | None = None) -> dict[str, str]:
    """Coding GUID -> the suggester it was accepted from."""
    q = select(X.coding_guid, X.suggester).where(
        X.decision == "accepted", X.coding_guid.is_not(None)
    )
    if coding_guids is not None:
        q = q.where(X.coding_guid.in_(list(coding_guids)))
    return {g: s for g, s in conn.execute(q)}


def last_change(conn: Connection) -> int:
    """The id of the newest change-log entry (0 when there is none)."""
    return conn.execute(select(func.max(schema.changes.c.id))).scalar() or 0


def note_in_change_log(conn: Connection, coding_guid: str, note: str, after: int) -> bool:
    """Add ``note`` to the summary of the change-log entry, newer than
    ``after``, that inserted the coding, so the audit shows where it came
    from; False when no such entry exists (the coding was there already)."""
    c = schema.changes.c
    recent = conn.execute(
        select(c.id, c.summary, c.ops)
        .where(c.action == "apply code", c.reverts.is_(None), c.id > after)
        .order_by(c.id.desc())
        .limit(20)
    ).all()
    for change_id, summary, ops in recent:
        if any((op.get("row") or {}).get("guid") == coding_guid for op in ops or []):
            conn.execute(
                update(schema.changes).where(c.id == change_id).values(summary=f"{summary} {note}")
            )
            return True
    return False
