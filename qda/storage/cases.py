"""SQL for cases (organisations and participants), attributes and classifications."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, func, insert, select, update

from qda.errors import NotFound
from qda.storage import schema
from qda.storage.changelog import now

C = schema.cases.c
A = schema.attributes.c
AV = schema.attribute_values.c
CL = schema.classifications.c


def find_case(conn: Connection, kind: str | None, ref: str) -> dict | None:
    """A case by GUID, name or pseudonym (name wins over pseudonym)."""
    for column in (C.guid, C.name, C.pseudonym):
        q = select(schema.cases).where(column == ref)
        if kind:
            q = q.where(C.kind == kind)
        rows = conn.execute(q.order_by(C.id)).mappings().all()
        if rows:
            return dict(rows[0])
    return None


def insert_case(conn: Connection, kind: str, name: str, **values) -> int:
    return conn.execute(
        insert(schema.cases).values(
            guid=str(uuid.uuid4()), kind=kind, name=name, created_at=now(), description="", **values
        )
    ).inserted_primary_key[0]


def case_guid(conn: Connection, case_id: int) -> str:
    return conn.execute(select(C.guid).where(C.id == case_id)).scalar_one()


def update_case(conn: Connection, case_id: int, **values) -> None:
    conn.execute(update(schema.cases).where(C.id == case_id).values(**values))


def list_cases(conn: Connection) -> list[dict]:
    org = schema.cases.alias("org")
    rows = (
        conn.execute(
            select(
                C.id,
                C.guid,
                C.kind,
                C.name,
                C.pseudonym,
                C.role,
                org.c.name.label("organisation"),
                org.c.guid.label("organisation_guid"),
            )
            .select_from(schema.cases.outerjoin(org, org.c.id == C.organisation_id))
            .order_by(C.kind, C.name)
        )
        .mappings()
        .all()
    )
    values: dict[int, dict[str, str]] = {}
    for case_id, name, value in conn.execute(
        select(AV.case_id, A.name, AV.value).join(schema.attributes, A.id == AV.attribute_id)
    ).all():
        values.setdefault(case_id, {})[name] = value
    return [{**dict(r), "attributes": values.get(r["id"], {})} for r in rows]


def attribute_id(conn: Connection, name: str, applies_to: str, type_: str | None) -> int:
    found = conn.execute(
        select(A.id, A.type).where(A.name == name, A.applies_to == applies_to)
    ).first()
    if found:
        return found.id
    return conn.execute(
        insert(schema.attributes).values(
            guid=str(uuid.uuid4()), name=name, type=type_ or "text", applies_to=applies_to
        )
    ).inserted_primary_key[0]


def attribute_type(conn: Connection, attr_id: int) -> str:
    return conn.execute(select(A.type).where(A.id == attr_id)).scalar_one()


def set_value(conn: Connection, case_id: int, attr_id: int, value: str) -> None:
    exists = conn.execute(
        select(func.count()).where(AV.case_id == case_id, AV.attribute_id == attr_id)
    ).scalar()
    if exists:
        conn.execute(
            update(schema.attribute_values)
            .where(AV.case_id == case_id, AV.attribute_id == attr_id)
            .values(value=value)
        )
    else:
        conn.execute(
            insert(schema.attribute_values).values(
                case_id=case_id, attribute_id=attr_id, value=value
            )
        )


def list_attributes(conn: Connection) -> list[dict]:
    return [
        dict(r)
        for r in conn.execute(select(schema.attributes).order_by(A.applies_to, A.name)).mappings()
    ]


def insert_classification(
    conn: Connection, case_id: int, scheme: str, value: str, as_of: str, note: str
) -> str:
    guid = str(uuid.uuid4())
    conn.execute(
        insert(schema.classifications).values(
            guid=guid,
            case_id=case_id,
            scheme=scheme,
            value=value,
            as_of=as_of,
            note=note,
            created_at=now(),
        )
    )
    return guid


def list_classifications(conn: Connection) -> list[dict]:
    q = (
        select(C.guid.label("case"), C.name, CL.scheme, CL.value, CL.as_of, CL.note)
        .join(schema.cases, C.id == CL.case_id)
        .order_by(C.name, CL.scheme, CL.as_of)
    )
    return [dict(r) for r in conn.execute(q).mappings()]


def require_case(conn: Connection, ref: str, kind: str | None = None) -> dict:
    """A case by GUID or name (of ``kind`` when given), or ``NotFound``."""
    found = find_case(conn, kind, ref)
    if found is None:
        raise NotFound(f"no {kind or 'case'} {ref!r}")
    return found


def ensure_organisation(conn: Connection, name: str) -> int:
    """The id of the organisation called ``name``, created when missing."""
    name = name.strip()
    found = find_case(conn, "organisation", name)
    return found["id"] if found else insert_case(conn, "organisation", name)


def link_speakers(
    conn: Connection, labels: list[str], aliases: dict, org_id: int | None
) -> dict[str, int]:
    """Map speaker labels to participant ids: an explicit alias (created as a
    participant of ``org_id`` when missing), or a participant whose name or
    pseudonym is exactly the label."""
    out: dict[str, int] = {}
    for label in labels:
        target = aliases.get(label, label)
        if target is None:
            continue
        found = find_case(conn, "participant", target)
        if found is None and label in aliases:
            out[label] = insert_case(conn, "participant", target, organisation_id=org_id)
        elif found is not None:
            out[label] = found["id"]
    return out
