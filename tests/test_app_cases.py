"""AppTest: the Cases page edits participants and organisations, hides real
names while pseudonyms are on, and its edits undo."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.cases_widgets import changes
from qda.project import Project
from tests.apptest import open_page

REAL = ["Pat Avery", "Pat", "Avery", "Northgate Trust", "Northgate", "Jo Reid", "Reid"]


@pytest.fixture
def cases_project(tmp_path, monkeypatch):
    path = tmp_path / "cases.sqlite"
    p = Project.create(path, name="Cases")
    p.cases.add_organisation("Northgate Trust", pseudonym="Organisation A")
    p.cases.set_attribute("Northgate Trust", "size", "4")
    p.cases.add_participant(
        "Pat Avery", role="Chair of Northgate Trust", organisation="Northgate Trust"
    )
    p.cases.add_participant("Jo Reid", pseudonym="Participant 2")
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return p


def start() -> AppTest:
    return open_page("cases", timeout=60)


def page_text(at: AppTest) -> str:
    parts = [
        str(e.value) for kind in ("title", "caption", "markdown", "text") for e in getattr(at, kind)
    ]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    return "\n".join(parts)


def test_pseudonymised_sheet_shows_no_real_name(cases_project):
    at = start()
    assert at.title[0].value == "Cases"
    frames = [d.value for d in at.dataframe]
    people = next(f for f in frames if "role" in f.columns)
    assert list(people.columns) == ["guid", "pseudonym", "role", "organisation"]
    assert people[["pseudonym", "role", "organisation"]].fillna("").values.tolist() == [
        ["", "Chair of Organisation A", "Organisation A"],
        ["Participant 2", "", ""],
    ]
    text = page_text(at)
    assert [n for n in REAL if n in text] == []


def test_editing_a_pseudonym_on_the_page_and_undoing_it(cases_project):
    at = start()
    key = f"qda_cases_sheet_participant_{cases_project.revision}_False"
    at.session_state[key] = {
        "edited_rows": {0: {"pseudonym": "Chair 1"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    next(b for b in at.button if b.label == "Save participants").click()
    at.run()
    assert not at.exception, at.exception
    p = Project.open(cases_project.location)
    assert [(c["name"], c["pseudonym"]) for c in p.cases.all("participant")] == [
        ("Jo Reid", "Participant 2"),
        ("Pat Avery", "Chair 1"),
    ]
    undo = next(b for b in at.button if b.label.startswith("Undo: "))
    assert undo.label == "Undo: Edited participants: 1 changed"
    undo.click()
    at.run()
    assert [(c["name"], c["pseudonym"]) for c in p.cases.all("participant")] == [
        ("Jo Reid", "Participant 2"),
        ("Pat Avery", None),
    ]


def test_real_names_on_request_and_adding_a_case(cases_project):
    at = start()
    next(t for t in at.toggle if t.label == "Show real names on this page").set_value(True)
    at.run()
    people = next(d.value for d in at.dataframe if "role" in d.value.columns)
    assert people["name"].tolist() == ["Pat Avery", "Jo Reid"]
    key = f"qda_cases_sheet_participant_{cases_project.revision}_True"
    at.session_state[key] = {
        "edited_rows": {1: {"organisation": "Northgate Trust"}},
        "added_rows": [{"name": "Sam Holt", "role": "Volunteer"}],
        "deleted_rows": [],
    }
    at.run()
    next(b for b in at.button if b.label == "Save participants").click()
    at.run()
    assert not at.exception, at.exception
    p = Project.open(cases_project.location)
    assert [(c["name"], c["role"], c["organisation"]) for c in p.cases.all("participant")] == [
        ("Jo Reid", None, "Northgate Trust"),
        ("Pat Avery", "Chair of Northgate Trust", "Northgate Trust"),
        ("Sam Holt", "Volunteer", None),
    ]


def test_changes_send_only_the_cells_edited():
    before = pd.DataFrame(
        [["g1", "Pat", None, "4"], ["g2", "Jo", "P2", None]],
        columns=["guid", "name", "pseudonym", "size"],
        dtype=object,
    )
    after = before.copy()
    after.loc[0, "size"] = "5"
    after.loc[1, "pseudonym"] = None
    after.loc[2] = [None, "Sam", None, float("nan")]
    after.loc[3] = [None, None, None, None]  # an empty row the editor added
    assert changes(before, after) == [
        {"guid": "g1", "size": "5"},
        {"guid": "g2", "pseudonym": None},
        {"guid": None, "name": "Sam", "pseudonym": None, "size": None},
    ]
