"""Imports write in bulk: a fixed, small number of SQL statements whatever the
number of rows (an executemany counts as one), with the same results, the
same one-line errors and nothing written when any row is bad."""

from __future__ import annotations

import pytest

from qda.errors import InvalidInput
from tests.test_changelog_bulk import statements, units


def attributes_table(cases: int, bad_line: int | None = None) -> bytes:
    lines = ["organisation,staff,founded,charity,sector"]
    for i in range(cases):
        staff = "lots" if i + 2 == bad_line else str(i % 40)
        lines.append(
            f"Org {i:04d},{staff},20{10 + i % 10}-0{1 + i % 9},{'yes' if i % 2 else 'no'},food"
        )
    return ("\n".join(lines) + "\n").encode()


def written(project) -> tuple:
    return project.counts(), project.cases.all(), project.cases.attributes(), project.revision


def test_case_attributes_take_a_fixed_number_of_statements(project):
    project.cases.add_organisation("Org 0003", pseudonym="O3")
    project.cases.set_attribute("Org 0003", "staff", "7", "text")
    with statements(project) as seen:
        assert project.cases.import_attributes("orgs.csv", attributes_table(200)) == 200
    # BEGIN; cases; attribute definitions; insert new cases; insert new
    # attributes; upsert the 800 values; the revision.
    assert len(seen) == units(project) + 6
    orgs = {c["name"]: c["attributes"] for c in project.cases.all("organisation")}
    assert len(orgs) == 200
    # staff existed as a text attribute: it keeps its type
    assert orgs["Org 0003"] == {
        "staff": "3",
        "founded": "2013-04",
        "charity": "true",
        "sector": "food",
    }
    assert orgs["Org 0151"] == {
        "staff": "31",
        "founded": "2011-08",
        "charity": "true",
        "sector": "food",
    }
    types = {a["name"]: a["type"] for a in project.cases.attributes()}
    assert types == {"staff": "text", "founded": "date", "charity": "boolean", "sector": "text"}
    # A second import updates in place: the same statements but the two
    # inserts (no new cases, no new attributes).
    with statements(project) as again:
        project.cases.import_attributes("orgs.csv", attributes_table(20))
    assert len(again) == len(seen) - 2
    assert len(project.cases.all("organisation")) == 200


def test_a_bad_value_in_row_150_writes_nothing(project):
    project.cases.add_organisation("Org 0001")
    project.cases.set_attribute("Org 0001", "staff", "1", "number")
    before = written(project)
    with pytest.raises(InvalidInput) as err:
        project.cases.import_attributes("orgs.csv", attributes_table(200, bad_line=150))
    assert str(err.value) == "orgs.csv line 150, column 'staff': 'lots' is not a number"
    assert written(project) == before


def test_a_case_named_by_its_pseudonym_or_twice_is_one_case(project):
    project.cases.add_organisation("Food Bank", pseudonym="FB")
    data = b"name,size,sector\nFB,3,food\nArts,2,arts\nFood Bank,4,\nArts,,crafts\n"
    assert project.cases.import_attributes("orgs.csv", data) == 4
    assert {c["name"]: c["attributes"] for c in project.cases.all()} == {
        "Arts": {"size": "2", "sector": "crafts"},
        "Food Bank": {"size": "4", "sector": "food"},
    }
