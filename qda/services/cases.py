"""Project service: organisations, participants, attributes and classifications."""

from __future__ import annotations

import re

from qda.choices import CASE_KINDS
from qda.errors import InvalidInput
from qda.services.base import Service
from qda.storage import cases as cases_q
from qda.values import ATTRIBUTE_TYPES, check_date, infer_type, normalise_value

_NAME_COLUMNS = ("name", "case", "organisation", "organization", "participant", "id")
_SHEET_COLUMNS = {
    "organisation": ["guid", "name", "pseudonym"],
    "participant": ["guid", "name", "pseudonym", "role", "organisation"],
}


def _text(value) -> str | None:
    """A sheet cell as text: None for empty (NaN, None, blank)."""
    if value is None or value != value:  # NaN from a data editor
        return None
    text = " ".join(str(value).split())
    return text or None


def _sheet_edits(kind: str, rows: list[dict], current: dict[str, dict], attributes: dict) -> dict:
    """What an edited sheet changes: ``changed`` (guid -> fields), ``added``
    (new rows) and ``values`` ((guid or new row index, attribute) -> value or
    None to remove). Raises ``InvalidInput`` naming the row and field."""
    fields = [c for c in _SHEET_COLUMNS[kind] if c != "guid"]
    changed: dict[str, dict] = {}
    added: list[dict] = []
    values: dict[tuple, str | None] = {}
    names = {r["name"].casefold(): r["guid"] for r in current.values()}
    for n, row in enumerate(rows, start=1):
        guid = _text(row.get("guid"))
        new = {f: _text(row.get(f)) for f in fields if f in row}
        name = new.get("name") or (current[guid]["name"] if guid in current else None)
        where = f"{kind} row {n}"
        if guid is None and not any(_text(v) for v in row.values()):
            continue  # an empty row the editor added
        if guid is not None and guid not in current:
            raise InvalidInput(f"{where}: no {kind} with GUID {guid}")
        if not name:
            raise InvalidInput(f"{where}: a {kind} needs a name")
        other = names.get(name.casefold())
        if other is not None and other != guid:
            raise InvalidInput(f"{where}: {kind} {name!r} already exists")
        names[name.casefold()] = guid or f"new {n}"
        pseudonym = new.get("pseudonym")
        if pseudonym and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", pseudonym, re.IGNORECASE):
            raise InvalidInput(f"{where}: the pseudonym {pseudonym!r} contains the real name")
        ref: str | int
        if guid is None:
            ref = len(added)
            added.append({**new, "name": name})
        else:
            ref = guid
            diff = {f: v for f, v in new.items() if v != current[guid][f]}
            if diff.get("name") is None:
                diff.pop("name", None)  # a name cannot be emptied
            if diff:
                changed[guid] = diff
        for attr, spec in attributes.items():
            if attr not in row:
                continue
            value = _text(row[attr])
            if value is not None:
                value = normalise_value(value, spec["type"], f"{where}, {attr!r}")
            before = current[guid].get(attr) if guid is not None else None
            if value != before:
                values[ref, attr] = value
    return {"changed": changed, "added": added, "values": values}


def _sheet_summary(kind: str, edits: dict) -> str:
    parts = []
    if edits["changed"]:
        parts.append(f"{len(edits['changed'])} changed")
    if edits["added"]:
        parts.append(f"{len(edits['added'])} added")
    if edits["values"]:
        parts.append(f"{len(edits['values'])} attribute values")
    return f"Edited {kind}s: " + ", ".join(parts)


class CasesService(Service):
    """Organisations and participants, their attributes and dated classifications."""

    def add_organisation(self, name: str, pseudonym: str | None = None) -> str:
        if not name or not name.strip():
            raise InvalidInput("an organisation needs a name")
        with self._write() as conn:
            if cases_q.find_case(conn, "organisation", name.strip()):
                raise InvalidInput(f"organisation {name.strip()!r} already exists")
            case_id = cases_q.insert_case(conn, "organisation", name.strip(), pseudonym=pseudonym)
            return cases_q.case_guid(conn, case_id)

    def add_participant(
        self,
        name: str,
        pseudonym: str | None = None,
        role: str | None = None,
        organisation: str | None = None,
    ) -> str:
        if not name or not name.strip():
            raise InvalidInput("a participant needs a name")
        with self._write() as conn:
            if cases_q.find_case(conn, "participant", name.strip()):
                raise InvalidInput(f"participant {name.strip()!r} already exists")
            org_id = cases_q.ensure_organisation(conn, organisation) if organisation else None
            case_id = cases_q.insert_case(
                conn,
                "participant",
                name.strip(),
                pseudonym=pseudonym,
                role=role,
                organisation_id=org_id,
            )
            return cases_q.case_guid(conn, case_id)

    def update_case(self, ref: str, **values) -> None:
        allowed = {"name", "pseudonym", "role", "organisation"}
        if set(values) - allowed:
            raise InvalidInput(f"cannot edit {', '.join(sorted(set(values) - allowed))} of a case")
        with self._write() as conn:
            case = cases_q.require_case(conn, ref)
            new = {k: v for k, v in values.items() if k != "organisation"}
            if "organisation" in values:
                org = values["organisation"]
                new["organisation_id"] = cases_q.ensure_organisation(conn, org) if org else None
            cases_q.update_case(conn, case["id"], **new)

    def generate_pseudonyms(
        self,
        scheme: str = "numbered",
        *,
        replace: bool = False,
        group_attribute: str | None = None,
        coder: str | None = None,
    ) -> dict[str, str]:
        """Give every case without a pseudonym one of its own (every case when
        ``replace``): ``numbered`` ("Participant 1", "Organisation A") or
        ``role`` ("VCS lead 1"; organisations by the value of
        ``group_attribute``, e.g. "VCS organisation 1"). One undoable change;
        returns ``{case name: new pseudonym}``."""
        from exports.generate import SCHEMES, PseudonymCase, generate_pseudonyms

        if scheme not in SCHEMES:
            raise InvalidInput(f"pseudonym scheme {scheme!r} is not one of {', '.join(SCHEMES)}")
        key = self._project.exports.pseudonym_key()
        apply = key.applier()
        with self._read() as conn:
            rows = sorted(cases_q.list_cases(conn), key=lambda r: r["id"])
        if group_attribute and not any(group_attribute in r["attributes"] for r in rows):
            raise InvalidInput(f"no case has the attribute {group_attribute!r}")
        cases = [
            PseudonymCase(
                r["id"],
                r["kind"],
                r["name"],
                r["pseudonym"],
                r["role"],
                r["attributes"].get(group_attribute) if group_attribute else None,
            )
            for r in rows
        ]
        new = generate_pseudonyms(
            cases, scheme, replace=replace, unsafe=lambda label: apply(label) != label
        )
        if not new:
            return {}
        names = {r["id"]: r["name"] for r in rows}
        summary = f"Generated pseudonyms ({scheme}) for {len(new)} cases"
        with self._recorded("pseudonyms", summary, coder) as rec:
            cases_q.record_updates(rec, {i: {"pseudonym": p} for i, p in new.items()})
        return {names[i]: p for i, p in new.items()}

    # -- the cases sheet --------------------------------------------------------------
    def sheet(self, kind: str) -> tuple[list[str], list[dict]]:
        """The cases of ``kind`` as an editable sheet: ``(columns, rows)``.

        Every row has ``guid``, ``name``, ``pseudonym`` (and for participants
        ``role`` and ``organisation``, the organisation's name), then one column
        per attribute of that kind (its stored value, or None)."""
        if kind not in CASE_KINDS:
            raise InvalidInput(f"kind {kind!r} is not organisation or participant")
        with self._read() as conn:
            rows = [r for r in cases_q.list_cases(conn) if r["kind"] == kind]
            attributes = [
                a["name"] for a in cases_q.list_attributes(conn) if a["applies_to"] == kind
            ]
        fixed = _SHEET_COLUMNS[kind]
        sheet = [
            {
                **{c: r[c] for c in fixed},
                **{a: r["attributes"].get(a) for a in attributes},
            }
            for r in sorted(rows, key=lambda r: r["id"])
        ]
        return [*fixed, *attributes], sheet

    def save_sheet(self, kind: str, rows: list[dict], coder: str | None = None) -> dict:
        """Apply an edited sheet of ``kind`` (rows as :meth:`sheet` gives them;
        a row without ``guid`` is a new case) as one undoable change.

        Changed names, pseudonyms, roles, a participant's organisation (by
        name, created when missing) and attribute values (empty removes one)
        are written; rows left out are kept. Returns
        ``{"changed": n, "added": n, "values": n}``; nothing is written when a
        row is invalid (the error names the row and the field)."""
        _, current = self.sheet(kind)
        by_guid = {r["guid"]: r for r in current}
        with self._read() as conn:
            attributes = {
                a["name"]: a for a in cases_q.list_attributes(conn) if a["applies_to"] == kind
            }
            ids = {r["guid"]: r["id"] for r in cases_q.list_cases(conn)}
            values = cases_q.value_ids(conn, list(ids.values()))
        edits = _sheet_edits(kind, rows, by_guid, attributes)
        if not any(edits.values()):
            return {"changed": 0, "added": 0, "values": 0}
        summary = _sheet_summary(kind, edits)
        with self._recorded("edit cases", summary, coder) as rec:
            conn = rec.conn
            organisations: dict[str, int] = {}

            def organisation_id(name: str | None) -> int | None:
                if not name:
                    return None
                if name not in organisations:
                    found = cases_q.find_case(conn, "organisation", name)
                    organisations[name] = (
                        found["id"]
                        if found
                        else cases_q.record_new_cases(
                            rec, [{"kind": "organisation", "name": name}]
                        )[0]
                    )
                return organisations[name]

            updates: dict[int, dict] = {}
            for guid, change in edits["changed"].items():
                new = {k: v for k, v in change.items() if k != "organisation"}
                if "organisation" in change:
                    new["organisation_id"] = organisation_id(change["organisation"])
                updates[ids[guid]] = new
            cases_q.record_updates(rec, updates)
            new_rows = []
            for row in edits["added"]:
                fields = {k: row[k] for k in ("name", "pseudonym", "role") if row.get(k)}
                if row.get("organisation"):
                    fields["organisation_id"] = organisation_id(row["organisation"])
                new_rows.append({"kind": kind, **fields})
            new_ids = cases_q.record_new_cases(rec, new_rows)
            inserts: dict[tuple[int, int], str] = {}
            changed: dict[int, str] = {}
            deletes: list[int] = []
            for (ref, name), value in edits["values"].items():
                case_id = ids[ref] if isinstance(ref, str) else new_ids[ref]
                attr_id = attributes[name]["id"]
                stored = values.get((case_id, attr_id))
                if value is None:
                    deletes.append(stored[0])
                elif stored is None:
                    inserts[case_id, attr_id] = value
                else:
                    changed[stored[0]] = value
            cases_q.record_values(rec, inserts, changed, deletes)
        return {
            "changed": len(edits["changed"]),
            "added": len(edits["added"]),
            "values": len(edits["values"]),
        }

    def all(self, kind: str | None = None) -> list[dict]:
        with self._read() as conn:
            rows = cases_q.list_cases(conn)
        return [
            {k: v for k, v in r.items() if k != "id"}
            for r in rows
            if kind is None or r["kind"] == kind
        ]

    def attributes(self) -> list[dict]:
        with self._read() as conn:
            return [
                {k: v for k, v in r.items() if k != "id"} for r in cases_q.list_attributes(conn)
            ]

    def set_attribute(self, case: str, name: str, value: str, type_: str | None = None) -> None:
        if type_ is not None and type_ not in ATTRIBUTE_TYPES:
            raise InvalidInput(
                f"attribute type {type_!r} is not one of {', '.join(ATTRIBUTE_TYPES)}"
            )
        with self._write() as conn:
            row = cases_q.require_case(conn, case)
            attr = cases_q.attribute_id(
                conn, name.strip(), row["kind"], type_ or infer_type([value])
            )
            kind = cases_q.attribute_type(conn, attr)
            cases_q.set_value(
                conn, row["id"], attr, normalise_value(value, kind, f"{row['name']}: {name}")
            )

    def import_attributes(self, filename: str, data: bytes, kind: str = "organisation") -> int:
        """Case attributes from a CSV/XLSX table: one row per case, the first
        column (or a column called name/organisation/participant) naming it.
        Missing cases are created. All rows or none: returns the row count."""
        from corpus.surveys import read_table

        if kind not in CASE_KINDS:
            raise InvalidInput(f"kind {kind!r} is not organisation or participant")
        table = read_table(filename, data)
        columns = list(table.columns)
        if len(columns) < 2:
            raise InvalidInput(f"{filename}: needs a name column and at least one attribute column")
        name_col = next((c for c in columns if str(c).strip().lower() in _NAME_COLUMNS), columns[0])
        attr_cols = [c for c in columns if c != name_col]
        types = {
            c: infer_type([str(v) for v in table[c].tolist() if v is not None]) for c in attr_cols
        }
        records = table.to_dict("records")
        with self._write() as conn:
            cases = cases_q.CaseIndex(conn)
            attributes = cases_q.AttributeIndex(conn)
            values: dict = {}
            for line, rec in enumerate(records, start=2):
                name = str(rec.get(name_col) or "").strip()
                if not name:
                    raise InvalidInput(f"{filename} line {line}: empty {name_col!r}")
                case = cases.find(kind, name) or cases.add(kind, name)
                for col in attr_cols:
                    raw = rec.get(col)
                    if raw is None or str(raw).strip() == "":
                        continue
                    attr = attributes.get(str(col).strip(), kind, types[col])
                    where = f"{filename} line {line}, column {col!r}"
                    values[case, attr] = normalise_value(str(raw), attr.type, where)
            cases.flush()
            attributes.flush()
            cases_q.write_values(conn, values)
        return len(table)

    def classify(self, case: str, scheme: str, value: str, as_of: str, note: str = "") -> str:
        """A dated classification, e.g. culture = egalitarianism as of 2015-02."""

        if not as_of:
            raise InvalidInput("a classification needs a date (as of)")
        as_of = check_date(as_of)
        if not scheme.strip() or not value.strip():
            raise InvalidInput("a classification needs a scheme and a value")
        with self._write() as conn:
            row = cases_q.require_case(conn, case)
            return cases_q.insert_classification(
                conn, row["id"], scheme.strip(), value.strip(), as_of, note
            )

    def classifications(self) -> list[dict]:
        with self._read() as conn:
            return cases_q.list_classifications(conn)
