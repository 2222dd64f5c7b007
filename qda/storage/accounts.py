"""SQL for accounts: users and their sign-in sessions."""

from __future__ import annotations

from sqlalchemy import Connection, delete, func, insert, select, update

from qda.storage import schema

US = schema.users.c
SE = schema.sessions.c


def user_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(schema.users)).scalar_one()


def user_by_name(conn: Connection, name: str) -> dict | None:
    row = conn.execute(select(schema.users).where(US.name == name)).mappings().first()
    return dict(row) if row else None


def list_users(conn: Connection) -> list[dict]:
    q = select(US.name, US.role, US.organisation, US.created_at, US.locked_until).order_by(US.name)
    return [dict(r) for r in conn.execute(q).mappings()]


def insert_user(conn: Connection, values: dict) -> int:
    return conn.execute(insert(schema.users).values(**values).returning(US.id)).scalar_one()


def update_user(conn: Connection, user_id: int, values: dict) -> None:
    conn.execute(update(schema.users).where(US.id == user_id).values(**values))


def delete_user(conn: Connection, user_id: int) -> None:
    conn.execute(delete(schema.sessions).where(SE.user_id == user_id))
    conn.execute(delete(schema.users).where(US.id == user_id))


def admin_count(conn: Connection) -> int:
    q = select(func.count()).select_from(schema.users).where(US.role == "admin")
    return conn.execute(q).scalar_one()


def insert_session(conn: Connection, token_hash: str, user_id: int, created: str, expires: str):
    conn.execute(
        insert(schema.sessions).values(
            token_hash=token_hash, user_id=user_id, created_at=created, expires_at=expires
        )
    )


def session_user(conn: Connection, token_hash: str) -> dict | None:
    """The user of a session and when it expires, or None."""
    q = (
        select(US.name, US.role, US.organisation, SE.expires_at)
        .join(schema.users, US.id == SE.user_id)
        .where(SE.token_hash == token_hash)
    )
    row = conn.execute(q).mappings().first()
    return dict(row) if row else None


def delete_session(conn: Connection, token_hash: str) -> None:
    conn.execute(delete(schema.sessions).where(SE.token_hash == token_hash))


def delete_expired_sessions(conn: Connection, now: str) -> None:
    conn.execute(delete(schema.sessions).where(SE.expires_at <= now))


def coding_owner(conn: Connection, guid: str) -> str | None:
    G, U = schema.codings.c, schema.coders.c
    q = select(U.name).join(schema.codings, G.coder_id == U.id).where(G.guid == guid)
    return conn.execute(q).scalar_one_or_none()


def delete_user_sessions(conn: Connection, user_id: int) -> None:
    conn.execute(delete(schema.sessions).where(SE.user_id == user_id))
