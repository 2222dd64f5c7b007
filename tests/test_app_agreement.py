"""AppTest: the Agreement page's table, heatmap and disagreement browser."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from qda.project import Project
from tests.apptest import open_page

INTERVIEW = (
    "Interviewer: How did it start?\n\nSarah: In a church hall. We had no money.\n\n"
    "Interviewer: And now?\n\nSarah: Contracts, targets and reports."
)


def span(phrase: str) -> tuple[int, int]:
    start = INTERVIEW.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def app_project(tmp_path, monkeypatch):
    path = tmp_path / "study.sqlite"
    project = Project.create(path, name="Study")
    project.corpus.import_file("sarah.txt", INTERVIEW.encode(), organisation="Food Bank")
    project.codebook.add_code("Funding")
    s, e = span("We had no money.")
    project.coding.apply_code("Funding", "ana", document="sarah", start=s, end=e)
    project.coding.apply_code("Funding", "ben", document="sarah", start=s, end=s + 6)
    s, e = span("Contracts, targets and reports.")
    project.coding.apply_code("Funding", "ben", document="sarah", start=s, end=e)
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return project


def agreement_page() -> AppTest:
    return open_page("agreement")


def test_table_shows_each_document_and_the_pooled_row(app_project):
    at = agreement_page()
    frame = at.dataframe[0].value
    assert list(frame["document"]) == ["sarah", "all documents"]
    n = len(INTERVIEW)
    assert list(frame["units"]) == [n, n]
    assert list(frame["coded by ana"]) == [16, 16]
    assert list(frame["coded by ben"]) == [6 + 31, 6 + 31]
    assert frame["agreement %"].iloc[0] == pytest.approx(100 * (n - 10 - 31) / n)


def test_heatmap_and_turn_unit(app_project):
    at = agreement_page()
    at.selectbox(key="agr_unit").set_value("turn").run()
    frame = at.dataframe[0].value
    assert list(frame["units"]) == [4, 4]
    assert list(frame["coded by ben"]) == [2, 2]
    at.segmented_control(key="agr_part").set_value("Heatmap").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1


def test_disagreements_resolved_and_undone(app_project):
    at = agreement_page()
    at.segmented_control(key="agr_part").set_value("Disagreements").run()
    assert at.subheader[0].value == "2 open of 2 disagreement(s)"
    texts = [t.value for t in at.text]
    s, e = span("We had no money.")  # the passage with 120 characters either side: all of it here
    assert f"…{INTERVIEW[:s]}[[{INTERVIEW[s:e]}]]{INTERVIEW[e:]}…" in texts
    assert "(not coded)" in texts  # ana did not code the second passage
    at.button(key="agr_keep_b_0").click().run()
    assert at.subheader[0].value == "1 open of 2 disagreement(s)"
    rows = app_project.coding.codings(coder="consensus")
    assert [(r["start"], r["end"]) for r in rows] == [(s, s + 6)]
    at.button(key="agr_neither_0").click().run()
    assert at.subheader[0].value == "0 open of 2 disagreement(s)"
    undo = next(b for b in at.button if b.label == "Undo")
    undo.click().run()
    assert at.subheader[0].value == "1 open of 2 disagreement(s)"
    assert not at.exception
