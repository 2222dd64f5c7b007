"""SQL for partner review rounds, their themes, quotes, responses and proposals."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from qda.storage import schema

R = schema.review_rounds.c
T = schema.review_themes.c
Q = schema.review_quotes.c
A = schema.review_responses.c
P = schema.review_proposals.c


def insert_row(conn: Connection, table, values: dict) -> int:
    return conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()


def rounds(conn: Connection) -> list[dict]:
    q = select(schema.review_rounds).order_by(R.created_at.desc(), R.id.desc())
    return [dict(r) for r in conn.execute(q).mappings()]


def round_by_guid(conn: Connection, guid: str) -> dict | None:
    row = conn.execute(select(schema.review_rounds).where(R.guid == guid)).mappings().first()
    return dict(row) if row else None


def set_round(conn: Connection, round_id: int, values: dict) -> None:
    conn.execute(update(schema.review_rounds).where(R.id == round_id).values(**values))


def themes(conn: Connection, round_id: int) -> list[dict]:
    q = select(schema.review_themes).where(T.round_id == round_id).order_by(T.position)
    return [dict(r) for r in conn.execute(q).mappings()]


def quotes(conn: Connection, round_id: int) -> list[dict]:
    q = (
        select(schema.review_quotes, T.guid.label("theme"))
        .join(schema.review_themes, T.id == Q.theme_id)
        .where(T.round_id == round_id)
        .order_by(T.position, Q.position)
    )
    return [dict(r) for r in conn.execute(q).mappings()]


def responses(conn: Connection, round_id: int, partner: str | None = None) -> list[dict]:
    q = select(schema.review_responses).where(A.round_id == round_id)
    if partner is not None:
        q = q.where(A.partner == partner)
    return [dict(r) for r in conn.execute(q.order_by(A.partner, A.id)).mappings()]


def response(conn: Connection, round_id: int, partner: str, target: str) -> dict | None:
    q = select(schema.review_responses).where(
        A.round_id == round_id, A.partner == partner, A.target_guid == target
    )
    row = conn.execute(q).mappings().first()
    return dict(row) if row else None


def set_response(conn: Connection, response_id: int, values: dict) -> None:
    conn.execute(update(schema.review_responses).where(A.id == response_id).values(**values))


def proposals(conn: Connection, round_id: int, partner: str | None = None) -> list[dict]:
    q = select(schema.review_proposals).where(P.round_id == round_id)
    if partner is not None:
        q = q.where(P.partner == partner)
    return [dict(r) for r in conn.execute(q.order_by(P.id)).mappings()]


def partner_organisations(conn: Connection) -> dict[str, str | None]:
    U = schema.users.c
    q = select(U.name, U.organisation).where(U.role == "partner")
    return dict(conn.execute(q).all())


def user_role(conn: Connection, name: str) -> str | None:
    U = schema.users.c
    return conn.execute(select(U.role).where(U.name == name)).scalar_one_or_none()
