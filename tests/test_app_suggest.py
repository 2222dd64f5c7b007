"""AppTest: the Suggest page previews rule hits, accepts them through the
facade, trains the model in the background and turns a theme into a code."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from qda.project import Project
from tests.apptest import open_page
from tests.suggest_fixture import build


@pytest.fixture
def app_project(tmp_path, monkeypatch):
    path = tmp_path / "study.sqlite"
    project = Project.create(path, name="Study")
    build(project)
    project.codebook.update_code("Isolation", keywords=["alone"])
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return project


def suggest_page() -> AppTest:
    return open_page("suggest", timeout=60)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_rules_preview_and_accept_one(app_project):
    at = suggest_page()
    assert at.subheader[0].value == "1 passage(s) to review"
    assert any("⟦alone⟧" in t.value for t in at.text)
    button(at, "Accept").click().run()
    assert not at.exception, at.exception
    rows = app_project.coding.codings(code="Isolation", coder="researcher")
    assert len(rows) == 1
    assert app_project.suggestions.origins() == {rows[0]["guid"]: "rules"}
    assert at.subheader[0].value == "0 passage(s) to review"


def test_reject_then_decisions_table(app_project):
    at = suggest_page()
    button(at, "Reject").click().run()
    assert at.subheader[0].value == "0 passage(s) to review"
    at.segmented_control[0].set_value("Decisions").run()
    frame = at.dataframe[0].value
    assert list(frame["decision"]) == ["rejected"] and list(frame["suggester"]) == ["rules"]


def test_model_trains_in_the_background_and_shows_metrics(app_project):
    at = suggest_page()
    at.segmented_control[0].set_value("Model").run()
    button(at, "Train in the background").click().run()
    job = app_project.suggestions.training_job()
    deadline = time.monotonic() + 60
    while not job.done and time.monotonic() < deadline:
        time.sleep(0.2)
    assert job.done and job.error is None
    at.run()
    assert not at.exception, at.exception
    frame = at.dataframe[0].value
    assert list(frame["path"]) == ["Funding", "Networks", "Isolation"]
    assert list(frame["examples"]) == [11, 9, 8]


def test_a_theme_becomes_a_code_with_its_passages(app_project):
    at = suggest_page()
    at.segmented_control[0].set_value("Themes").run()
    at.radio(key="sg_scope").set_value("all").run()
    button(at, "Find themes").click().run()
    assert not at.exception, at.exception
    at.text_input(key="sg_theme_name_1").set_value("Emerging").run()
    button(at, "Make a code").click().run()
    assert not at.exception, at.exception
    assert app_project.codebook.find_code("Emerging")["codable"]
    assert at.subheader[0].value == "Passages for 'Emerging'"
    accept_all = next(b for b in at.button if b.label.startswith("Accept all"))
    accept_all.click().run()
    assert not at.exception, at.exception
    assert set(app_project.suggestions.origins().values()) == {"themes"}
