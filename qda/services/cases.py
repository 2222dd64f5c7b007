"""Project service: organisations, participants, attributes and classifications."""

from __future__ import annotations

from qda.choices import CASE_KINDS
from qda.errors import InvalidInput
from qda.services.base import Service
from qda.storage import cases as cases_q
from qda.values import ATTRIBUTE_TYPES, check_date, infer_type, normalise_value

_NAME_COLUMNS = ("name", "case", "organisation", "organization", "participant", "id")


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
