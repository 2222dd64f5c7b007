"""Our cases, attributes and codings as REFI-QDA ``Cases``, ``Variables`` and
``PlainTextSelection``s, and back.

A REFI-QDA case has a name and variable values only. What our cases carry
beyond that travels as four variables other tools show as ordinary case
attributes: ``Case type`` (organisation or participant), ``Organisation``
(of a participant), ``Role`` and ``Pseudonym``. Their GUIDs are derived from
the project's GUID, so they are stable across exports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from exports.qdpx_model import Case, Coding, Note, Selection, Variable, derived_guid

KIND_VARIABLE = "Case type"
FIXED_VARIABLES = {KIND_VARIABLE: "kind", "Organisation": "organisation", "Role": "role"}
FIXED_VARIABLES["Pseudonym"] = "pseudonym"
CASE_KINDS = ("organisation", "participant")
DEFAULT_KIND = "participant"  # other tools' cases are mostly people
_TO_OURS = {
    "Text": "text",
    "Boolean": "boolean",
    "Integer": "number",
    "Float": "number",
    "Date": "date",
    "DateTime": "text",
}
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"-?\d+")


def _variable_type(type_: str, values: list[str]) -> str:
    if type_ == "boolean":
        return "Boolean"
    if type_ == "number":
        return "Integer" if all(_INTEGER.fullmatch(v) for v in values) else "Float"
    if type_ == "date" and all(_FULL_DATE.fullmatch(v) for v in values):
        return "Date"
    return "Text"


def cases_to_exchange(
    cases: list[dict], attributes: list[dict], documents: dict[str, list[str]], project_guid: str
) -> tuple[list[Variable], list[Case]]:
    """Variables and cases from the facade's ``cases()`` and ``attributes()``.

    ``documents`` maps a case GUID to the GUIDs of its documents."""
    if not cases:
        return [], []
    variables: list[Variable] = []
    fixed: dict[str, Variable] = {}
    for label, key in FIXED_VARIABLES.items():
        if key == "kind" or any(c.get(key) for c in cases):
            fixed[key] = Variable(derived_guid(project_guid, "variable", label), label)
            variables.append(fixed[key])
    by_key: dict[tuple[str, str], Variable] = {}
    for attr in attributes:
        values = [
            c["attributes"][attr["name"]]
            for c in cases
            if c["kind"] == attr["applies_to"] and attr["name"] in c["attributes"]
        ]
        var = Variable(attr["guid"], attr["name"], _variable_type(attr["type"], values))
        by_key[(attr["applies_to"], attr["name"])] = var
        variables.append(var)
    out = []
    for c in cases:
        case = Case(c["guid"], c["name"], sources=list(documents.get(c["guid"], [])))
        for key, var in fixed.items():
            if c.get(key):
                case.values[var.guid] = str(c[key])
        for name, value in c["attributes"].items():
            var = by_key.get((c["kind"], name))
            if var is not None:
                case.values[var.guid] = value
        out.append(case)
    return variables, out


@dataclass
class CaseFields:
    """A case from another tool, ready for our tables."""

    guid: str
    name: str
    kind: str = DEFAULT_KIND
    organisation: str | None = None
    role: str | None = None
    pseudonym: str | None = None
    attributes: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (type, value)
    sources: list[str] = field(default_factory=list)


def case_fields(case: Case, variables: list[Variable]) -> CaseFields:
    """Split a case's values into our fixed fields and typed attributes."""
    by_guid = {v.guid: v for v in variables}
    out = CaseFields(case.guid, case.name.strip() or case.guid, sources=list(case.sources))
    for var_guid, value in case.values.items():
        var = by_guid.get(var_guid)
        if var is None or not value.strip():
            continue
        key = FIXED_VARIABLES.get(var.name)
        if key == "kind":
            kind = value.strip().lower()
            out.kind = kind if kind in CASE_KINDS else out.kind
        elif key is not None:
            setattr(out, key, value.strip())
        else:
            out.attributes[var.name.strip()] = (_TO_OURS.get(var.type, "text"), value)
    return out


def selections_from_codings(
    document: str, codings: list[dict], coder_guids: dict[str, str]
) -> tuple[list[Selection], list[Note]]:
    """A document's codings (the facade's ``codings()`` rows) as selections and
    their memos as notes. Derived GUIDs keep both stable.

    A selection belongs to one coder (its ``creatingUser``) and carries one
    memo as its ``Description``: codings of a span by two coders, or with two
    different memos, become separate selections, since tools such as QualCoder
    credit every coding of a selection to the selection's creator and take its
    ``Description`` as the memo of each."""
    selections: dict[tuple[int, int, str, str], Selection] = {}
    notes: list[Note] = []
    for c in codings:
        user = coder_guids.get(c["coder"])
        memo = c["memo"] or ""
        key = (c["start"], c["end"], c["coder"] or "", memo)
        if key not in selections:
            parts = ("selection", document, str(c["start"]), str(c["end"]), *key[2:])
            selections[key] = Selection(
                derived_guid(*parts), c["start"], c["end"], user=user,
                created=c["created_at"], description=memo,
            )  # fmt: skip
        selections[key].codings.append(Coding(c["guid"], c["code"], user, c["created_at"]))
        if memo:
            memo_guid = derived_guid("coding memo", c["guid"])
            title = f"Memo on {c['code_name']}"
            notes.append(Note(memo_guid, title, memo, [c["guid"]], user, c["updated_at"]))
    return list(selections.values()), notes


DOCUMENT_KIND = "Document kind"
DOCUMENT_DATE = "Document date"


def document_variables(
    documents: list[dict], project_guid: str
) -> tuple[list[Variable], dict[str, dict[str, str]]]:
    """A document's kind and date as source variables (the standard's place for
    facts about a source): the variables, and document GUID -> values."""
    kind = Variable(derived_guid(project_guid, "variable", DOCUMENT_KIND), DOCUMENT_KIND)
    dates = [d["date"] for d in documents if d.get("date")]
    date = Variable(
        derived_guid(project_guid, "variable", DOCUMENT_DATE),
        DOCUMENT_DATE,
        "Date" if dates and all(_FULL_DATE.fullmatch(v) for v in dates) else "Text",
    )
    values = {}
    for d in documents:
        values[d["guid"]] = {kind.guid: d["kind"]}
        if d.get("date"):
            values[d["guid"]][date.guid] = d["date"]
    return ([kind, date] if dates else [kind]) if documents else [], values


def document_fields(values: dict[str, str], variables: list[Variable]) -> dict[str, str]:
    """``kind`` and ``date`` of an imported source from its variable values."""
    names = {v.guid: v.name for v in variables}
    out = {}
    for guid, value in values.items():
        if names.get(guid) == DOCUMENT_KIND and value.strip():
            out["kind"] = value.strip()
        elif names.get(guid) == DOCUMENT_DATE and value.strip():
            out["date"] = value.strip()
    return out
