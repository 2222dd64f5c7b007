"""SQL for cases (organisations and participants), attributes and classifications."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from qda.errors import NotFound
from qda.storage import schema
from qda.storage.bulk import chunks, insert_ids, upsert
from qda.storage.changelog import Recorder, now

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


def record_updates(rec: Recorder, updates: dict[int, dict]) -> None:
    """Change cases ``{case id: values}`` through the change log (undoable)."""
    rec.update_many(schema.cases, updates)


def record_new_cases(rec: Recorder, rows: list[dict]) -> list[int]:
    """Insert cases (``kind``, ``name`` and optional ``pseudonym``, ``role``,
    ``organisation_id``) through the change log; returns their ids."""
    stamp = now()
    full = [
        {
            "guid": str(uuid.uuid4()),
            "pseudonym": None,
            "role": None,
            "organisation_id": None,
            "description": "",
            "created_at": stamp,
            **row,
        }
        for row in rows
    ]
    return rec.insert_many(schema.cases, full)


def value_ids(conn: Connection, case_ids: list[int]) -> dict[tuple[int, int], tuple[int, str]]:
    """``{(case id, attribute id): (value row id, value)}`` of the given cases."""
    out: dict[tuple[int, int], tuple[int, str]] = {}
    for part in chunks(case_ids):
        q = select(AV.id, AV.case_id, AV.attribute_id, AV.value).where(AV.case_id.in_(part))
        for row_id, case_id, attr_id, value in conn.execute(q).all():
            out[case_id, attr_id] = (row_id, value)
    return out


def record_values(
    rec: Recorder,
    inserts: dict[tuple[int, int], str],
    updates: dict[int, str],
    deletes: list[int],
) -> None:
    """Attribute values through the change log: new ``(case, attribute) -> value``,
    changed ``value row id -> value`` and removed value row ids."""
    rec.delete_many(schema.attribute_values, deletes)
    rec.update_many(schema.attribute_values, {i: {"value": v} for i, v in updates.items()})
    rows = [{"case_id": c, "attribute_id": a, "value": v} for (c, a), v in inserts.items()]
    for row in rows:  # attribute values have no GUID: one logged insert each
        rec.insert(schema.attribute_values, row)


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
    set_values(conn, {(case_id, attr_id): value})


def set_values(conn: Connection, values: dict[tuple[int, int], str]) -> None:
    """Write attribute values, ``(case id, attribute id) -> value``, replacing
    any a case already has: one upsert for all of them."""
    upsert(
        conn,
        schema.attribute_values,
        [{"case_id": c, "attribute_id": a, "value": v} for (c, a), v in values.items()],
        keys=("case_id", "attribute_id"),
        update=("value",),
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


# -- many cases at once: imports --------------------------------------------------


@dataclass(eq=False)
class CaseRef:
    """A case as an import sees it; ``id`` is None until a new case is written."""

    kind: str
    name: str
    guid: str
    pseudonym: str | None = None
    id: int | None = None
    role: str | None = None
    organisation: CaseRef | None = None  # of a new participant


@dataclass(eq=False)
class AttributeRef:
    name: str
    applies_to: str
    type: str
    id: int | None = None


class CaseIndex:
    """The project's cases read once, found in memory the way :func:`find_case`
    finds them (by GUID, then name, then pseudonym; the oldest first), and new
    cases written together by :meth:`flush`. A case added is found by later
    look-ups, as if it had been inserted at once."""

    _COLUMNS = ("guid", "name", "pseudonym")

    def __init__(self, conn: Connection):
        self.conn = conn
        self._by: dict[tuple[str, str], dict[str, CaseRef]] = {}
        self._new: list[CaseRef] = []
        rows = conn.execute(select(C.id, C.kind, C.name, C.guid, C.pseudonym).order_by(C.id)).all()
        for r in rows:
            self._index(CaseRef(r.kind, r.name, r.guid, r.pseudonym, r.id))

    def _index(self, case: CaseRef) -> None:
        for column in self._COLUMNS:
            value = getattr(case, column)
            if value is not None:
                self._by.setdefault((case.kind, column), {}).setdefault(value, case)

    def find(self, kind: str, ref: str) -> CaseRef | None:
        for column in self._COLUMNS:
            found = self._by.get((kind, column), {}).get(ref)
            if found is not None:
                return found
        return None

    def add(
        self,
        kind: str,
        name: str,
        *,
        guid: str | None = None,
        pseudonym: str | None = None,
        role: str | None = None,
        organisation: CaseRef | None = None,
    ) -> CaseRef:
        case = CaseRef(kind, name, guid or str(uuid.uuid4()), pseudonym, None, role, organisation)
        self._new.append(case)
        self._index(case)
        return case

    def ensure_organisation(self, name: str) -> CaseRef:
        name = name.strip()
        return self.find("organisation", name) or self.add("organisation", name)

    def guids(self) -> set[str]:
        """Every case GUID, including those of cases not yet written."""
        return set(self._by.get(("organisation", "guid"), {})) | set(
            self._by.get(("participant", "guid"), {})
        )

    def flush(self) -> None:
        """Insert the new cases: organisations a new participant belongs to first."""
        while self._new:
            ready = [
                c for c in self._new if c.organisation is None or c.organisation.id is not None
            ]
            stamp = now()
            rows = [
                {
                    "guid": c.guid,
                    "kind": c.kind,
                    "name": c.name,
                    "pseudonym": c.pseudonym,
                    "role": c.role,
                    "organisation_id": c.organisation.id if c.organisation else None,
                    "description": "",
                    "created_at": stamp,
                }
                for c in ready
            ]
            for case, case_id in zip(ready, insert_ids(self.conn, schema.cases, rows), strict=True):
                case.id = case_id
            self._new = [c for c in self._new if c.id is None]


class AttributeIndex:
    """Attribute definitions read once; new ones (typed by the first use)
    written together by :meth:`flush`, as :func:`attribute_id` would."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self._new: list[AttributeRef] = []
        self._by: dict[tuple[str, str], AttributeRef] = {
            (r.name, r.applies_to): AttributeRef(r.name, r.applies_to, r.type, r.id)
            for r in conn.execute(select(A.id, A.name, A.type, A.applies_to).order_by(A.id))
        }

    def get(self, name: str, applies_to: str, type_: str | None) -> AttributeRef:
        found = self._by.get((name, applies_to))
        if found is None:
            found = self._by[(name, applies_to)] = AttributeRef(name, applies_to, type_ or "text")
            self._new.append(found)
        return found

    def flush(self) -> None:
        rows = [
            {"guid": str(uuid.uuid4()), "name": a.name, "type": a.type, "applies_to": a.applies_to}
            for a in self._new
        ]
        for attr, attr_id in zip(
            self._new, insert_ids(self.conn, schema.attributes, rows), strict=True
        ):
            attr.id = attr_id
        self._new = []


def link_labels(
    cases: CaseIndex, labels: list[str], aliases: dict, organisation: CaseRef | None
) -> dict[str, CaseRef]:
    """Map speaker labels to participants: an explicit alias (added as a
    participant of ``organisation`` when missing), or a participant whose
    name or pseudonym is exactly the label."""
    out: dict[str, CaseRef] = {}
    for label in labels:
        target = aliases.get(label, label)
        if target is None:
            continue
        found = cases.find("participant", target)
        if found is None and label in aliases:
            out[label] = cases.add("participant", target, organisation=organisation)
        elif found is not None:
            out[label] = found
    return out


def write_values(conn: Connection, values: dict[tuple[CaseRef, AttributeRef], str]) -> None:
    """Attribute values of cases and attributes of an index (after their flush)."""
    set_values(conn, {(c.id, a.id): v for (c, a), v in values.items()})
