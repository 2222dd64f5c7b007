"""AppTest: the Export page makes every kind of file on request, and key edits land."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages import state
from app_pages.export_widgets import key_changes
from qda.project import Project
from tests.apptest import open_page
from tests.exports.docx_text import csv_cells, docx_texts, leaks

INTERVIEW = (
    "Interviewer: How did it start?\n\nSarah: In a church hall. Sarah Jones, that's me.\n\n"
    "Interviewer: And now?\n\nSarah: Contracts, targets and reports at Hope Street Trust.\n"
)


@pytest.fixture
def app_project(tmp_path, monkeypatch):
    path = tmp_path / "study.sqlite"
    p = Project.create(path, name="Study")
    p.cases.add_participant(
        "Sarah Jones", pseudonym="Interviewee A", organisation="Hope Street Trust"
    )
    p.cases.update_case("Hope Street Trust", pseudonym="Organisation 1")
    doc = p.corpus.import_file(
        "sarah.txt",
        INTERVIEW.encode(),
        name="Interview 1",
        organisation="Hope Street Trust",
        aliases={"Sarah": "Sarah Jones", "Interviewer": None},
    )
    p.codebook.add_code("Origins")
    quote = "In a church hall. Sarah Jones, that's me."
    start = INTERVIEW.index(quote)
    p.coding.apply_code("Origins", "ana", document=doc["guid"], start=start, end=start + len(quote))
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return p


def start() -> AppTest:
    return open_page("export", timeout=60)


def make(at: AppTest, kind: str) -> tuple[str, bytes]:
    next(r for r in at.radio if r.label == "What").set_value(kind)
    at.run()
    next(b for b in at.button if b.label == "Create file").click()
    at.run()
    assert not at.exception, at.exception
    filename, data, _, _ = at.session_state[state.EXPORT_FILE]
    return filename, data


def test_export_page_makes_each_file_pseudonymised(app_project):
    at = start()
    assert at.title[0].value == "Export"
    assert state.EXPORT_FILE not in at.session_state  # nothing made before the button
    texts = [t.value for t in at.text]
    assert "In a church hall. Interviewee A, that's me." in texts  # the preview
    filename, data = make(at, "docx")
    assert filename == "Study - excerpts.docx"
    assert "In a church hall. Interviewee A, that's me." in docx_texts(data)
    assert leaks(docx_texts(data), ["Sarah", "Jones", "Hope Street Trust"]) == []
    filename, data = make(at, "workshop")
    assert filename == "Study - workshop pack.docx"
    assert "Raised by 1 of 1 organisations" in docx_texts(data)
    filename, data = make(at, "annotated")
    assert leaks(docx_texts(data), ["Sarah", "Jones", "Hope Street Trust"]) == []
    next(r for r in at.radio if r.label == "What").set_value("excerpts")
    at.run()
    next(r for r in at.radio if r.label == "Format").set_value("csv")
    at.run()
    next(b for b in at.button if b.label == "Create file").click()
    at.run()
    filename, data, mime, _ = at.session_state[state.EXPORT_FILE]
    assert (filename, mime) == ("Study - excerpts.csv", "text/csv")
    assert csv_cells(data)[1][4:6] == ["Interviewee A", "Organisation 1"]
    filename, data = make(at, "matrix")  # the format chosen above is kept
    assert filename == "Study - matrix.csv"
    assert csv_cells(data) == [["code_path", "Interview 1"], ["Origins", "1"]]
    if hasattr(Project, "export_qdpx"):
        filename, data = make(at, "qdpx")
        assert filename == "Study.qdpx" and data[:2] == b"PK"


def test_real_names_only_when_switched_on(app_project):
    at = start()
    next(t for t in at.toggle if t.label == "Show real names").set_value(True)
    at.run()
    assert any("real names" in w.value for w in at.warning)
    _, data = make(at, "docx")
    assert "In a church hall. Sarah Jones, that's me." in docx_texts(data)


def test_pseudonyms_tab_shows_the_key_and_a_pseudonymised_document(app_project):
    app_project.exports.set_pseudonym("church hall", "[venue]", "place")
    at = start()
    texts = [t.value for t in at.text]
    assert any("[venue]" in t and "Organisation 1" in t for t in texts)
    assert not any("Hope Street Trust" in t for t in texts)


def test_key_edits_land():
    before = pd.DataFrame(
        [
            ["Sarah Jones", "Interviewee A", "person", True, "Sarah; Jones", "register"],
            ["Calder House", "[building]", "place", True, "", "key"],
            ["Hope", "[x]", "person", False, "", "key"],
        ],
        columns=["real", "pseudonym", "kind", "accepted", "variants", "source"],
    )
    after = before.copy()
    after.loc[0, "pseudonym"] = "Participant 9"
    after = after.drop(index=1)
    after.loc[3] = ["Brindle Heath", "[area]", "place", True, None, None]
    saves, removes = key_changes(before, after)
    assert saves == [
        {"real": "Sarah Jones", "pseudonym": "Participant 9", "kind": "person", "accepted": True},
        {"real": "Brindle Heath", "pseudonym": "[area]", "kind": "place", "accepted": True},
    ]
    assert removes == ["Calder House"]


def test_key_edits_saved_through_the_facade(app_project):
    from app_pages.export_widgets import KEY_COLUMNS

    before = pd.DataFrame(app_project.exports.pseudonym_rows(), columns=KEY_COLUMNS)
    after = before.copy()
    after.loc[after["real"] == "Sarah Jones", "pseudonym"] = "Participant 9"
    saves, removes = key_changes(before, after)
    for entry in saves:
        app_project.exports.set_pseudonym(**entry)
    assert app_project.exports.pseudonymise_text("Sarah said") == "Participant 9 said"
    assert removes == []
