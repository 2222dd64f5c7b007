"""AppTest: the app starts, the Project and Corpus pages work against a real project."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from qda.project import Project
from tests.conftest import ROOT

INTERVIEW = (
    "Interviewer: How did it start?\n\nSarah: In a church hall. We had no money.\n\n"
    "Interviewer: And now?\n\nSarah: Contracts, targets and reports.\n"
)


@pytest.fixture
def app_project(tmp_path, monkeypatch):
    path = tmp_path / "study.sqlite"
    project = Project.create(path, name="Study")
    project.corpus.import_file("sarah.txt", INTERVIEW.encode(), organisation="Food Bank")
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return project


def field(at: AppTest, label: str):
    return next(t for t in at.text_input if t.label == label)


def start(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def test_project_page_shows_counts_and_saves_settings(app_project):
    at = start()
    assert at.title[0].value == "Project"
    assert at.subheader[0].value == "Study"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documents"] == "1" and metrics["Organisations"] == "1"
    assert "1 documents · 1 organisations" in at.sidebar.caption[0].value
    at.toggle[0].set_value(False)
    next(b for b in at.button if b.label == "Save settings").click()
    at.run()
    assert app_project.settings["show_pseudonyms"] is False


def test_project_page_creates_a_project(app_project, tmp_path):
    at = start()
    field(at, "Project name").input("Second study")
    field(at, "File name").input("second.sqlite")
    next(b for b in at.button if b.label == "Create").click()
    at.run()
    assert not at.exception
    assert (tmp_path / "second.sqlite").exists()
    assert at.subheader[0].value == "Second study"


def test_corpus_page_lists_and_edits_documents(app_project):
    at = start("app_pages/corpus.py")
    assert at.title[0].value == "Corpus"
    # pseudonyms on: names hidden, documents read-only
    organisations = [df.value for df in at.dataframe if "pseudonym" in df.value.columns]
    assert "name" not in organisations[0].columns
    docs = next(df.value for df in at.dataframe if "sentences" in df.value.columns)
    assert docs[["name", "kind", "organisation", "speakers", "turns"]].values.tolist() == [
        ["sarah", "interview", "[organisation]", "Interviewer, Sarah", 4]
    ]
    assert not any(b.label == "Save document changes" for b in at.button)
    next(t for t in at.toggle if t.label == "Show real names on this page").set_value(True)
    at.run()
    organisations = [df.value for df in at.dataframe if "pseudonym" in df.value.columns]
    assert organisations[0]["name"].tolist() == ["Food Bank"]
    docs = next(df.value for df in at.dataframe if "sentences" in df.value.columns)
    assert docs[["name", "kind", "organisation", "speakers", "turns"]].values.tolist() == [
        ["sarah", "interview", "Food Bank", "Interviewer, Sarah", 4]
    ]
    assert any(b.label == "Save document changes" for b in at.button)


def test_corpus_page_imports_attributes_and_classifies(app_project):
    at = start("app_pages/corpus.py")
    form_inputs = [t for t in at.text_input if t.label in ("Scheme", "Value", "As of")]
    values = {"Scheme": "culture", "Value": "egalitarianism", "As of": "2015-02"}
    for t in form_inputs:
        t.input(values[t.label])
    next(b for b in at.button if b.label == "Add classification").click()
    at.run()
    assert not at.exception
    assert [(c["name"], c["value"], c["as_of"]) for c in app_project.cases.classifications()] == [
        ("Food Bank", "egalitarianism", "2015-02")
    ]


def test_import_preview_tables_become_edits_and_people():
    from app_pages.corpus_widgets import NO_EDITS, edits_from_tables, people_from_table

    labels = [
        {"label": "Pat Adams", "turns": 3, "first line": "hi", "rename to": "", "not a speaker": False},
        {"label": "??", "turns": 2, "first line": "q", "rename to": "Audience", "not a speaker": True},
        {"label": "Jo Green", "turns": 1, "first line": "x", "rename to": "Jo Green", "not a speaker": False},
    ]  # fmt: skip
    aliases = [{"written": "PA", "resolved to": "Pat Adams", "undo": True}]
    assert edits_from_tables(False, labels, aliases) == (
        False,
        (("??", "Audience"),),
        ("??",),
        ("PA",),
    )
    assert edits_from_tables(False, [], []) == NO_EDITS
    people = [
        {"label": "Pat Adams", "participant": "Pat Adams", "organisation": "CVS", "confirm": True},
        {"label": "Jo Green", "participant": "Jo Green", "organisation": "Trust", "confirm": False},
        {"label": "Interviewer", "participant": "", "organisation": "", "confirm": True},
    ]
    assert people_from_table(people) == (
        {"Pat Adams": "Pat Adams", "Jo Green": "Jo Green", "Interviewer": None},
        {"Pat Adams": "CVS"},
    )


def _preview_script():
    """Renders the import preview of one upload (AppTest cannot upload files)."""
    from pathlib import Path

    import streamlit as st

    from app_pages import corpus_widgets

    class Upload:
        name = "seminar.md"

        def getvalue(self):
            return Path(st.session_state["fixture"]).read_bytes()

    plan = corpus_widgets.preview_file(st.session_state["location"], Upload(), "auto")
    st.session_state["plan"] = {k: plan[k] for k in ("aliases", "affiliations", "kind")}


def test_import_preview_widget_shows_coverage_and_applies_edits(app_project, tmp_path):
    from tests.corpus.test_notes import NOTES_MD

    fixture = tmp_path / "seminar.md"
    fixture.write_text(NOTES_MD, encoding="utf-8")
    at = AppTest.from_function(_preview_script, default_timeout=30)
    at.session_state["fixture"] = str(fixture)
    at.session_state["location"] = str(app_project.location)
    at.run()
    assert not at.exception, at.exception
    assert "68.6% of the text in speaker turns" in at.caption[0].value
    assert "converted from markdown" in at.caption[0].value
    assert at.session_state["plan"] == {
        "aliases": {"Pat Adams": "Pat Adams", "Jo Green": "Jo Green", "??": "??"},
        "affiliations": {},
        "kind": "seminar",
    }
    # tick "paragraphs only" and apply: no speakers any more
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Apply speaker changes").click()
    at.run()
    assert not at.exception, at.exception
    assert "0% of the text in speaker turns" in at.caption[0].value
    assert at.session_state["plan"]["aliases"] == {}
    next(b for b in at.button if b.label == "Undo all changes").click()
    at.run()
    assert "68.6% of the text" in at.caption[0].value


def test_the_browser_tests_visit_every_page():
    """tests/browser's page list is app.py's, so a new page is scanned for
    outside fetches and real names too."""
    import ast

    from tests.browser.conftest import PAGE_NAMES

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PAGES"
    )
    assert [ast.literal_eval(entry)[0] for entry in pages.elts] == PAGE_NAMES
