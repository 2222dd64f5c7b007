"""AppTest: the Code page shows a document window and codes through its widgets."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from coding.highlights import highlight_runs
from qda.project import Project
from tests.apptest import open_page

INTERVIEW = (
    "Interviewer: How did it start?\n\nSarah: In a church hall. We had no money.\n\n"
    "Interviewer: And now?\n\nSarah: Contracts, targets and reports.\n"
)
OTHER = "Interviewer: Who runs it?\n\nDev: Volunteers, mostly.\n\nInterviewer: Thanks.\n\nDev: Cheers.\n"


@pytest.fixture
def app_project(tmp_path, monkeypatch):
    path = tmp_path / "study.sqlite"
    project = Project.create(path, name="Study")
    project.corpus.import_file("sarah.txt", INTERVIEW.encode(), organisation="Food Bank")
    project.corpus.import_file("dev.txt", OTHER.encode(), organisation="Football Club")
    project.codebook.add_code("Funding", colour="#ff0000")
    project.codebook.add_code("Volunteers", colour="#0000ff")
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return project


def code_page() -> AppTest:
    return open_page("code")


def widget(elements, label: str):
    return next(e for e in elements if e.label == label)


def test_code_page_opens_the_first_document(app_project):
    at = code_page()
    assert at.title[0].value == "Code"
    assert widget(at.selectbox, "Document").value == app_project.corpus.document("sarah")["guid"]
    # pseudonyms on: the organisation (no pseudonym yet) is hidden
    assert any(c.value.startswith("turns 1–4 of 4 · [organisation]") for c in at.caption)
    assert len(at.get("bidi_component")) == 1


def test_choosing_another_document(app_project):
    at = code_page()
    widget(at.selectbox, "Document").select(app_project.corpus.document("dev")["guid"]).run()
    assert not at.exception
    assert any(c.value.startswith("turns 1–4 of 4 · [organisation]") for c in at.caption)
    labels = widget(at.selectbox, "Apply to turn").options
    assert labels[1] == "#2 Dev: Volunteers, mostly.…"


def test_apply_a_code_to_a_segment_then_undo_and_redo(app_project):
    at = code_page()
    widget(at.selectbox, "Apply to turn").set_value(1).run()
    funding = app_project.codebook.find_code("Funding")["guid"]
    at.button(key=f"apply_{funding}").click().run()
    assert not at.exception
    turn = app_project.corpus.segments("sarah", "turn")[1]
    assert [
        (c["start"], c["end"], c["code_name"], c["coder"]) for c in app_project.coding.codings()
    ] == [(turn["start"], turn["end"], "Funding", "researcher")]
    assert at.button(key=f"recent_{funding}").label == "1 · Funding"
    widget(at.button, "Undo").click().run()
    assert app_project.coding.codings() == []
    widget(at.button, "Redo").click().run()
    assert len(app_project.coding.codings()) == 1


def test_remove_a_coding_and_write_its_memo(app_project):
    guid = app_project.coding.apply_code("Volunteers", "ana", document="sarah", start=39, end=56)
    at = code_page()
    widget(at.selectbox, "Codings in view").set_value(guid).run()
    widget(at.text_area, "Memo on this coding").input("church hall origin").run()
    widget(at.button, "Save memo").click().run()
    assert app_project.coding.codings()[0]["memo"] == "church hall origin"
    widget(at.button, "Remove coding").click().run()
    assert not at.exception
    assert app_project.coding.codings() == []


def test_highlight_runs_cut_at_codings_and_selection():
    seg = {"start": 10, "end": 30, "text": "abcdefghijklmnopqrst"}
    codings = [{"start": 5, "end": 15}, {"start": 12, "end": 20}, {"start": 40, "end": 50}]
    runs = highlight_runs(seg, codings, {"start": 18, "end": 25})
    assert [(r["start"], r["end"], r["text"], r["codings"], r["selected"]) for r in runs] == [
        (10, 12, "ab", [0], False),
        (12, 15, "cde", [0, 1], False),
        (15, 18, "fgh", [1], False),
        (18, 20, "ij", [1], True),
        (20, 25, "klmno", [], True),
        (25, 30, "pqrst", [], False),
    ]
    assert highlight_runs(seg, []) == [
        {"start": 10, "end": 30, "text": seg["text"], "codings": [], "selected": False}
    ]


def test_the_undo_button_is_the_sidebar_coders_own(app_project):
    """Another coder's change is not offered for undo; the page's coder's is."""
    app_project.coding.apply_code("Volunteers", "ana", document="sarah", start=39, end=56)
    at = code_page()
    undo = widget(at.button, "Undo")
    assert undo.disabled and undo.help == "Nothing to undo (key u)"
    app_project.coding.apply_code("Funding", "researcher", document="sarah", start=0, end=11)
    at.run()
    undo = widget(at.button, "Undo")
    assert not undo.disabled and undo.help == "Coded 'Funding' at 0-11 (key u)"
    undo.click().run()
    assert [c["coder"] for c in app_project.coding.codings()] == ["ana"]
