"""The editable cases sheet: every save one undoable change, exact state before
and after undo and redo, errors naming the row and field; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from qda.errors import InvalidInput
from qda.project import Project
from qda.storage import db


@pytest.fixture
def register(project):
    p = project
    p.cases.add_organisation("Northgate Trust", pseudonym="Organisation A")
    p.cases.set_attribute("Northgate Trust", "size", "4")
    p.cases.add_participant("Pat Avery", role="VCS lead", organisation="Northgate Trust")
    p.cases.set_attribute("Pat Avery", "age band", "30-39")
    p.cases.add_participant("Jo Reid")
    return p


def people(p):
    return [{k: v for k, v in r.items() if k != "guid"} for r in p.cases.sheet("participant")[1]]


def organisations(p):
    return [{k: v for k, v in r.items() if k != "guid"} for r in p.cases.sheet("organisation")[1]]


BEFORE_PEOPLE = [
    {
        "name": "Pat Avery",
        "pseudonym": None,
        "role": "VCS lead",
        "organisation": "Northgate Trust",
        "age band": "30-39",
    },
    {"name": "Jo Reid", "pseudonym": None, "role": None, "organisation": None, "age band": None},
]
BEFORE_ORGS = [{"name": "Northgate Trust", "pseudonym": "Organisation A", "size": "4"}]


def test_the_sheet_lists_cases_with_their_attributes(register):
    columns, rows = register.cases.sheet("participant")
    assert columns == ["guid", "name", "pseudonym", "role", "organisation", "age band"]
    assert people(register) == BEFORE_PEOPLE
    assert register.cases.sheet("organisation")[0] == ["guid", "name", "pseudonym", "size"]
    assert organisations(register) == BEFORE_ORGS
    with pytest.raises(InvalidInput, match=r"^kind 'place' is not organisation or participant$"):
        register.cases.sheet("place")


def test_a_save_is_one_change_and_undo_restores_exactly(register):
    p = register
    _, rows = p.cases.sheet("participant")
    pat, jo = rows[0]["guid"], rows[1]["guid"]
    done = p.cases.save_sheet(
        "participant",
        [
            {"guid": pat, "pseudonym": "VCS lead 1", "age band": None},
            {"guid": jo, "organisation": "Third Sector Partnership", "age band": "40-49"},
            {
                "guid": None,
                "name": "Sam Holt",
                "role": "Chair",
                "organisation": "Northgate Trust",
                "age band": "20-29",
            },
        ],
        coder="ana",
    )
    assert done == {"changed": 2, "added": 1, "values": 3}
    after_people = [
        {
            "name": "Pat Avery",
            "pseudonym": "VCS lead 1",
            "role": "VCS lead",
            "organisation": "Northgate Trust",
            "age band": None,
        },
        {
            "name": "Jo Reid",
            "pseudonym": None,
            "role": None,
            "organisation": "Third Sector Partnership",
            "age band": "40-49",
        },
        {
            "name": "Sam Holt",
            "pseudonym": None,
            "role": "Chair",
            "organisation": "Northgate Trust",
            "age band": "20-29",
        },
    ]
    after_orgs = [
        *BEFORE_ORGS,
        {"name": "Third Sector Partnership", "pseudonym": None, "size": None},
    ]
    assert people(p) == after_people
    assert organisations(p) == after_orgs
    assert p.history(1)[0]["summary"] == (
        "Edited participants: 2 changed, 1 added, 3 attribute values"
    )
    assert p.history(1)[0]["coder"] == "ana"
    assert p.undo("ana") == "Edited participants: 2 changed, 1 added, 3 attribute values"
    assert people(p) == BEFORE_PEOPLE
    assert organisations(p) == BEFORE_ORGS
    assert [r["name"] for r in p.cases.all()] == ["Northgate Trust", "Jo Reid", "Pat Avery"]
    p.redo("ana")
    assert people(p) == after_people
    assert organisations(p) == after_orgs


def test_organisation_edits_and_an_unchanged_sheet(register):
    p = register
    columns, rows = p.cases.sheet("organisation")
    assert p.cases.save_sheet("organisation", rows) == {"changed": 0, "added": 0, "values": 0}
    assert p.history(1) == []
    p.cases.save_sheet(
        "organisation",
        [{"guid": rows[0]["guid"], "name": "Northgate Community Trust", "size": "12"}],
    )
    assert organisations(p) == [
        {"name": "Northgate Community Trust", "pseudonym": "Organisation A", "size": "12"}
    ]
    assert people(p)[0]["organisation"] == "Northgate Community Trust"
    p.undo()
    assert organisations(p) == BEFORE_ORGS
    assert people(p) == BEFORE_PEOPLE


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            [{"guid": None, "name": " ", "role": "x"}],
            r"^participant row 1: a participant needs a name$",
        ),
        (
            [{"guid": None, "name": "Pat Avery"}],
            r"^participant row 1: participant 'Pat Avery' already exists$",
        ),
        (
            [{"guid": "nope", "pseudonym": "P"}],
            r"^participant row 1: no participant with GUID nope$",
        ),
        (
            [{"guid": None, "name": "Ann Lee", "pseudonym": "Ann Lee (VCS)"}],
            r"^participant row 1: the pseudonym 'Ann Lee \(VCS\)' contains the real name$",
        ),
    ],
)
def test_bad_rows_write_nothing(register, rows, message):
    with pytest.raises(InvalidInput, match=message):
        register.cases.save_sheet("participant", rows)
    assert people(register) == BEFORE_PEOPLE
    assert register.history(5) == []


def test_a_bad_value_names_the_row_and_attribute(register):
    p = register
    rows = p.cases.sheet("organisation")[1]
    with pytest.raises(InvalidInput, match=r"^organisation row 1, 'size': 'many' is not a number"):
        p.cases.save_sheet("organisation", [{"guid": rows[0]["guid"], "size": "many"}])
    assert organisations(p) == BEFORE_ORGS


def test_migration_0007_numbers_existing_attribute_values(tmp_path):
    from alembic import command

    path = tmp_path / "p.sqlite"
    p = Project.create(path)
    p.cases.add_organisation("Northgate Trust")
    p.cases.set_attribute("Northgate Trust", "size", "4")
    p.cases.set_attribute("Northgate Trust", "sector", "Food")
    with p.engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "0003")
        assert "id" not in {
            r[1] for r in conn.execute(text("PRAGMA table_info(attribute_values)")).all()
        }
    p.close()
    p = Project.open(path)
    with p.engine.connect() as conn:
        assert conn.execute(text("SELECT id, value FROM attribute_values ORDER BY id")).all() == [
            (1, "4"),
            (2, "Food"),
        ]
    rows = p.cases.sheet("organisation")[1]
    p.cases.save_sheet("organisation", [{"guid": rows[0]["guid"], "size": "5"}])
    p.undo()
    assert p.cases.sheet("organisation")[1][0]["size"] == "4"
