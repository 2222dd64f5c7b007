"""SQL for codes (the project's codebook)."""

from __future__ import annotations

from sqlalchemy import Connection, func, insert, select

from codebooks import tree
from qda.errors import Ambiguous, NotFound
from qda.storage import schema
from qda.storage.bulk import chunks

K = schema.codes.c
G = schema.codings.c


def code_values(code, *, parent_id: int | None, position: int, created_at: str) -> dict:
    """A codes-table row for a :class:`codebooks.model.Code`."""
    return {
        "guid": code.guid,
        "parent_id": parent_id,
        "name": code.name,
        "definition": code.definition,
        "inclusion": code.inclusion,
        "exclusion": code.exclusion,
        "example": code.example,
        "colour": code.colour,
        "codable": code.codable,
        "keywords": list(code.keywords),
        "framework": code.framework,
        "meta": dict(code.meta),
        "position": position,
        "created_at": created_at,
    }


def all_codes(conn: Connection) -> list[dict]:
    """Every code with its parent's GUID, in no particular order."""
    parent = schema.codes.alias("parent")
    rows = conn.execute(
        select(schema.codes, parent.c.guid.label("parent_guid"))
        .select_from(schema.codes.outerjoin(parent, parent.c.id == K.parent_id))
        .order_by(K.position, K.id)
    ).mappings()
    return [dict(r) for r in rows]


def code_row(conn: Connection, guid: str) -> dict | None:
    row = conn.execute(select(schema.codes).where(K.guid == guid)).mappings().first()
    return dict(row) if row else None


def code_ids(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(K.guid, K.id)).all())


def next_position(conn: Connection, parent_id: int | None) -> int:
    q = select(func.max(K.position)).where(
        K.parent_id.is_(None) if parent_id is None else K.parent_id == parent_id
    )
    return (conn.execute(q).scalar() or 0) + 1


def coding_counts(conn: Connection) -> dict[int, int]:
    return dict(conn.execute(select(G.code_id, func.count()).group_by(G.code_id)).all())


def codings_of(conn: Connection, code_id: int) -> list[dict]:
    return [
        dict(r) for r in conn.execute(select(schema.codings).where(G.code_id == code_id)).mappings()
    ]


def codings_of_codes(conn: Connection, code_ids: list[int]) -> list[dict]:
    """The codings of several codes: code by code in the order given, each
    code's codings oldest first."""
    found: list[dict] = []
    for part in chunks(code_ids):
        found += [
            dict(r)
            for r in conn.execute(select(schema.codings).where(G.code_id.in_(part))).mappings()
        ]
    rank = {code_id: i for i, code_id in enumerate(code_ids)}
    return sorted(found, key=lambda c: (rank[c["code_id"]], c["id"]))


def snapshot(conn: Connection, name: str) -> dict | None:
    row = (
        conn.execute(select(schema.snapshots).where(schema.snapshots.c.name == name))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def insert_snapshot(conn: Connection, name: str, data: dict) -> str:
    import uuid

    from qda.storage.changelog import now

    guid = str(uuid.uuid4())
    conn.execute(insert(schema.snapshots).values(guid=guid, name=name, data=data, created_at=now()))
    return guid


def list_snapshots(conn: Connection) -> list[dict]:
    s = schema.snapshots.c
    return [
        dict(r)
        for r in conn.execute(
            select(s.guid, s.name, s.created_at).order_by(s.created_at)
        ).mappings()
    ]


def with_paths(rows: list[dict]) -> list[dict]:
    """Rows in tree order (parents first, siblings by position) with a path and depth."""
    triples = [(r["guid"], r["parent_guid"], r["name"]) for r in rows]
    return [
        {**rows[s.index], "path": s.path, "depth": s.depth}
        for s in tree.walk(triples, orphans_as_roots=False)
    ]


def resolve_code(conn: Connection, ref: str) -> dict:
    """A code by GUID, by path (``Parent/Child``) or by unique name."""
    row = code_row(conn, ref)
    if row is not None:
        return row
    tree = with_paths(all_codes(conn))
    by_path = [r for r in tree if r["path"].casefold() == ref.casefold()]
    if len(by_path) == 1:
        return by_path[0]
    by_name = [r for r in tree if r["name"].casefold() == ref.casefold()]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        raise Ambiguous(
            f"code name {ref!r} is ambiguous; use one of: " + ", ".join(r["path"] for r in by_name)
        )
    raise NotFound(f"no code {ref!r}")
