"""AppTest: the Export page checks the names a file would hold and generates pseudonyms."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import state
from qda.project import Project
from tests.apptest import open_page

NOTES = (
    "Pat Avery: Welcome. My colleague Dana Cole sends her regards.\n\n"
    "Jo Reid: Thanks, Pat.\n\n"
    "Pat Avery: Right.\n\n"
    "Jo Reid: Yes.\n"
)


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    path = tmp_path / "fresh.sqlite"
    p = Project.create(path, name="Fresh")
    p.cases.add_participant("Pat Avery", organisation="Northgate Trust")
    p.cases.add_participant("Jo Reid", organisation="Third Sector Partnership")
    doc = p.corpus.import_file(
        "notes.txt",
        NOTES.encode(),
        name="Notes",
        aliases={"Pat Avery": "Pat Avery", "Jo Reid": "Jo Reid"},
    )
    p.codebook.add_code("Care")
    start = NOTES.index("My colleague")
    p.coding.apply_code("Care", "ana", document=doc["guid"], start=start, end=NOTES.index(" sends"))
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return p


def start() -> AppTest:
    return open_page("export", timeout=60)


def test_check_names_lists_what_would_remain_and_writes_nothing(fresh):
    at = start()
    next(t for t in at.toggle if t.label == "Show real names on this page").set_value(True)
    at.run()
    next(b for b in at.button if b.label == "Check for real names").click()
    at.run()
    assert not at.exception, at.exception
    assert state.EXPORT_FILE not in at.session_state
    assert [s.value for s in at.success] == [
        "No real name of the key or the register remains in this export."
    ]
    assert [w.value for w in at.warning] == [
        "1 possible names the key does not know: accept or reject them on the Pseudonyms tab."
    ]
    table = next(d for d in at.dataframe if "status" in d.value.columns).value
    assert table[["status", "name", "why"]].values.tolist() == [
        ["possible", "Dana Cole", "after 'colleague'"]
    ]
    next(t for t in at.toggle if t.label == "Show real names").set_value(True)
    at.run()
    next(b for b in at.button if b.label == "Check for real names").click()
    at.run()
    assert [e.value for e in at.error] == [
        "2 real names would remain in this export: Northgate Trust, Pat Avery"
    ]


def test_suggestions_show_their_context(fresh):
    at = start()
    assert not [d for d in at.dataframe if "context" in d.value.columns]  # real names hidden
    next(t for t in at.toggle if t.label == "Show real names on this page").set_value(True)
    at.run()
    frame = next(d for d in at.dataframe if "context" in d.value.columns).value
    row = frame[frame["name"] == "Dana Cole"].iloc[0]
    assert (row["count"], row["why"], row["context"]) == (
        1,
        "after 'colleague'",
        "Pat Avery: Welcome. My colleague Dana Cole sends her regards. Jo Reid: Thanks,…",
    )


def test_generate_pseudonyms_on_the_page_and_undo(fresh):
    at = start()
    next(b for b in at.button if b.label == "Generate pseudonyms").click()
    at.run()
    assert not at.exception, at.exception
    p = Project.open(fresh.location)
    assert {c["name"]: c["pseudonym"] for c in p.cases.all()} == {
        "Northgate Trust": "Organisation A",
        "Third Sector Partnership": "Organisation B",
        "Pat Avery": "Participant 1",
        "Jo Reid": "Participant 2",
    }
    p.undo("researcher")  # the sidebar's coder made the change
    assert {c["pseudonym"] for c in p.cases.all()} == {None}
