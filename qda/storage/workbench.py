"""SQL for the coding workbench: document windows, progress and retrieval.

Every query here is bounded by an index: segments by ``(document_id, kind,
start)`` and codings by ``(document_id, start)``. "The segment containing a
position" is an index seek (the last segment of that kind starting at or
before it), so asking it once per coding stays cheap on large projects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, and_, distinct, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from qda.storage import schema

D = schema.documents.c
S = schema.segments.c
G = schema.codings.c
K = schema.codes.c
U = schema.coders.c
SP = schema.speakers.c
C = schema.cases.c
A = schema.attributes.c
AV = schema.attribute_values.c
CHUNK = 500


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def containing_segment(kind: str, document_id, position, column: str = "id"):
    """Scalar subquery: ``column`` of the last segment of ``kind`` in the
    document starting at or before ``position`` (an index seek)."""
    s2 = schema.segments.alias()
    return (
        select(s2.c[column])
        .where(s2.c.document_id == document_id, s2.c.kind == kind, s2.c.start <= position)
        .order_by(s2.c.start.desc())
        .limit(1)
        .correlate_except(s2)
        .scalar_subquery()
    )


# -- the document window ---------------------------------------------------------------------


def segment_count(conn: Connection, document_id: int, kind: str) -> int:
    return conn.execute(
        select(func.count()).where(S.document_id == document_id, S.kind == kind)
    ).scalar_one()


def _segments_with_speakers(*extra):
    """Segments with the speaker label and the linked participant's name and pseudonym."""
    p = schema.cases.alias("p")
    return select(
        *extra,
        S.guid,
        S.kind,
        S.start,
        S.end,
        S.ordinal,
        SP.label.label("speaker"),
        p.c.name.label("participant"),
        p.c.pseudonym,
    ).select_from(
        schema.segments.outerjoin(schema.speakers, SP.id == S.speaker_id).outerjoin(
            p, p.c.id == SP.participant_id
        )
    )


def window_segments(
    conn: Connection, document_id: int, kind: str, start_index: int, count: int
) -> list[dict]:
    q = (
        _segments_with_speakers()
        .where(S.document_id == document_id, S.kind == kind)
        .order_by(S.start)
        .limit(count)
        .offset(start_index)
    )
    return [dict(r) for r in conn.execute(q).mappings()]


def text_slice(conn: Connection, document_id: int, start: int, end: int) -> str:
    """``text[start:end]`` of a document, cut by the database."""
    if end <= start:
        return ""
    return conn.execute(
        select(func.substr(D.text, start + 1, end - start)).where(D.id == document_id)
    ).scalar_one()


def codings_overlapping(conn: Connection, document_id: int, start: int, end: int) -> list[dict]:
    """Codings of the document overlapping ``[start, end)``: an index range on
    ``(document_id, start)`` up to ``end``, filtered on the coding's end."""
    q = (
        select(
            G.guid,
            G.start,
            G.end,
            G.memo,
            G.code_id,
            K.guid.label("code"),
            K.name.label("code_name"),
            K.colour,
            U.name.label("coder"),
        )
        .select_from(
            schema.codings.join(schema.codes, K.id == G.code_id).join(
                schema.coders, U.id == G.coder_id
            )
        )
        .where(G.document_id == document_id, G.start < end, G.end > start)
        .order_by(G.start, G.end.desc(), G.id)
    )
    return [dict(r) for r in conn.execute(q).mappings()]


def code_parents(conn: Connection) -> dict[int, tuple[int | None, str, str, str]]:
    """code id -> (parent id, name, GUID, colour) for the whole (small) codebook."""
    q = select(K.id, K.parent_id, K.name, K.guid, K.colour)
    return {r.id: (r.parent_id, r.name, r.guid, r.colour) for r in conn.execute(q)}


def coder_id(conn: Connection, name: str) -> int | None:
    return conn.execute(select(U.id).where(U.name == name)).scalar()


def next_uncoded(
    conn: Connection, document_id: int, kind: str, after_start: int, coder_id: int | None
) -> dict | None:
    """The first segment of ``kind`` starting after ``after_start`` that no
    coding (by ``coder_id`` when given) overlaps."""
    overlap = and_(G.document_id == S.document_id, G.start < S.end, G.end > S.start)
    if coder_id is not None:
        overlap = and_(overlap, G.coder_id == coder_id)
    q = (
        select(S.guid, S.start, S.ordinal)
        .where(
            S.document_id == document_id,
            S.kind == kind,
            S.start > after_start,
            ~select(G.id).where(overlap).exists(),
        )
        .order_by(S.start)
        .limit(1)
    )
    row = conn.execute(q).mappings().first()
    return dict(row) if row else None


def index_of(conn: Connection, document_id: int, kind: str, start: int) -> int:
    """Position (0-based) of the segment of ``kind`` starting at ``start``."""
    return conn.execute(
        select(func.count()).where(S.document_id == document_id, S.kind == kind, S.start < start)
    ).scalar_one()


def segment_start_at(conn: Connection, document_id: int, kind: str, index: int) -> int | None:
    return conn.execute(
        select(S.start)
        .where(S.document_id == document_id, S.kind == kind)
        .order_by(S.start)
        .limit(1)
        .offset(index)
    ).scalar()


# -- progress ------------------------------------------------------------------------------------


def segment_spans(conn: Connection) -> list[tuple[int, str, int, int]]:
    """(document id, kind, start, end) of every turn and paragraph, in order."""
    q = (
        select(S.document_id, S.kind, S.start, S.end)
        .where(S.kind.in_(("turn", "paragraph")))
        .order_by(S.document_id, S.kind, S.start)
    )
    return [tuple(r) for r in conn.execute(q)]


def coding_spans(conn: Connection) -> list[tuple[int, int, int, str]]:
    """(document id, start, end, coder) of every coding."""
    q = select(G.document_id, G.start, G.end, U.name).join(schema.coders, U.id == G.coder_id)
    return [tuple(r) for r in conn.execute(q)]


def documents_brief(conn: Connection) -> list[dict]:
    """Documents in list order: id, guid, name, kind, organisation name and
    ``length`` (characters of the canonical text)."""
    org = schema.cases.alias("org")
    q = (
        select(
            D.id,
            D.guid,
            D.name,
            D.kind,
            org.c.name.label("organisation"),
            func.length(D.text).label("length"),
        )
        .select_from(schema.documents.outerjoin(org, org.c.id == D.organisation_id))
        .order_by(D.position, D.id)
    )
    return [dict(r) for r in conn.execute(q).mappings()]


def coder_summary(conn: Connection) -> list[dict]:
    q = (
        select(
            U.name.label("coder"),
            func.count(G.id).label("codings"),
            func.count(distinct(G.document_id)).label("documents"),
            func.count(distinct(G.code_id)).label("codes"),
            func.max(G.created_at).label("last_coded"),
        )
        .select_from(schema.coders.outerjoin(schema.codings, G.coder_id == U.id))
        .group_by(U.name)
        .order_by(U.name)
    )
    return [dict(r) for r in conn.execute(q).mappings()]


# -- retrieval -------------------------------------------------------------------------------------


def speaker_ids(conn: Connection, names: Sequence[str]) -> list[int]:
    """Speakers whose label, participant name or pseudonym is one of ``names``."""
    p = schema.cases.alias("p")
    q = (
        select(SP.id)
        .select_from(schema.speakers.outerjoin(p, p.c.id == SP.participant_id))
        .where(or_(SP.label.in_(names), p.c.name.in_(names), p.c.pseudonym.in_(names)))
    )
    return list(conn.execute(q).scalars())


def cases_with_attribute(
    conn: Connection, name: str, values: Sequence[str]
) -> tuple[list[int], list[int]]:
    """(organisation ids, participant ids) whose attribute ``name`` equals one
    of ``values`` (compared in lower case)."""
    q = (
        select(AV.case_id, A.applies_to)
        .join(schema.attributes, A.id == AV.attribute_id)
        .where(
            func.lower(A.name) == name.strip().lower(),
            func.lower(AV.value).in_([v.strip().lower() for v in values]),
        )
    )
    orgs, people = [], []
    for case_id, applies in conn.execute(q):
        (orgs if applies == "organisation" else people).append(case_id)
    return orgs, people


def retrieval_rows(
    conn: Connection,
    *,
    code_ids: Sequence[int] | None,
    document_filters: list[ColumnElement],
    coder_names: Sequence[str],
    speaker_ids_: Sequence[int] | None,
    participant_ids: list[list[int]],
    organisation_ids: list[list[int]],
) -> list[dict]:
    """Codings passing the filters, with their context segments' ids (no text).

    ``participant_ids``/``organisation_ids`` hold, per attribute filter, the
    cases that match it; a coding passes an attribute filter when its
    document's organisation or its speaker's participant is among them."""
    turn_id = containing_segment("turn", G.document_id, G.start)
    para_id = containing_segment("paragraph", G.document_id, G.start)
    speaker = containing_segment("turn", G.document_id, G.start, "speaker_id")
    speaker_case = (
        select(SP.participant_id)
        .where(SP.id == speaker)
        .correlate_except(schema.speakers)
        .scalar_subquery()
    )
    q = select(
        G.id,
        G.guid,
        G.document_id,
        G.start,
        G.end,
        G.memo,
        G.code_id,
        U.name.label("coder"),
        turn_id.label("turn_id"),
        para_id.label("para_id"),
    )
    # Join documents only to filter on them: their text sits before later
    # columns, and reading past it per coding would cost a page walk each.
    source = schema.codings.join(schema.coders, U.id == G.coder_id)
    if document_filters or organisation_ids:
        source = source.join(schema.documents, D.id == G.document_id)
    q = q.select_from(source).where(*document_filters)
    if code_ids is not None:
        q = q.where(G.code_id.in_(code_ids) if code_ids else literal(False))
    if coder_names:
        q = q.where(U.name.in_(coder_names))
    if speaker_ids_ is not None:
        q = q.where(speaker.in_(speaker_ids_) if speaker_ids_ else literal(False))
    for orgs, people in zip(organisation_ids, participant_ids, strict=True):
        q = q.where(or_(D.organisation_id.in_(orgs or [-1]), speaker_case.in_(people or [-1])))
    return [dict(r) for r in conn.execute(q.order_by(G.document_id, G.start, G.end)).mappings()]


def context_segments(conn: Connection, ids: Sequence[int]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for chunk in _chunks(sorted(set(ids))):
        q = _segments_with_speakers(S.id).where(S.id.in_(chunk))
        out.update({r["id"]: dict(r) for r in conn.execute(q).mappings()})
    return out


def documents_with_text(conn: Connection, ids: Sequence[int]) -> dict[int, dict]:
    org = schema.cases.alias("org")
    out: dict[int, dict] = {}
    for chunk in _chunks(sorted(set(ids))):
        q = (
            select(
                D.id,
                D.guid,
                D.name,
                D.kind,
                D.date,
                D.position,
                D.text,
                org.c.name.label("organisation"),
            )
            .select_from(schema.documents.outerjoin(org, org.c.id == D.organisation_id))
            .where(D.id.in_(chunk))
        )
        out.update({r["id"]: dict(r) for r in conn.execute(q).mappings()})
    return out


def organisation_ids(conn: Connection, names: Sequence[str]) -> list[int]:
    q = select(C.id).where(
        C.kind == "organisation", or_(C.name.in_(names), C.pseudonym.in_(names), C.guid.in_(names))
    )
    return list(conn.execute(q).scalars())


def date_overlaps(date_from: str | None, date_to: str | None) -> list[ColumnElement]:
    """Documents whose date (YYYY, YYYY-MM or YYYY-MM-DD, read as the whole
    year or month) meets the range; undated documents are left out."""
    out: list[ColumnElement] = []
    if date_from:
        high = func.substr(D.date + "-99-99", 1, 10)
        out += [D.date.is_not(None), high >= (date_from + "-01-01")[:10]]
    if date_to:
        low = func.substr(D.date + "-01-01", 1, 10)
        out += [D.date.is_not(None), low <= (date_to + "-99-99")[:10]]
    return out
