"""AppTest: the Analyse page on the demo project."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from qda.demo import create_demo
from tests.conftest import ROOT

HIERARCHY_ALL = [
    # group, codings, segments, documents
    ("Organisation 1", 0, 0, 0),
    ("Organisation 2", 3, 2, 2),  # Gary's turn coded by ana and ben; Kevin in the focus group
    ("Organisation 3", 0, 0, 0),
    ("Organisation 4", 1, 1, 1),
    ("Organisation 5", 1, 1, 1),
    ("Organisation 6", 0, 0, 0),
    ("Organisation 7", 2, 1, 1),  # one turn coded by both coders
    ("(none)", 0, 0, 0),
]


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("analyse") / "demo.sqlite"
    create_demo(path).close()
    return path


@pytest.fixture
def at(demo_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("QDA_PROJECT", str(demo_path))
    monkeypatch.setenv("QDA_HOME", str(demo_path.parent))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/analyse.py")
    app.run()
    assert not app.exception, app.exception
    return app


def _rows(at: AppTest, code: str) -> list[tuple]:
    table = at.dataframe[0].value
    rows = table[table["code"] == code]
    return [tuple(r) for r in rows[["group", "codings", "segments", "documents"]].to_numpy()]


def test_every_tab_renders_without_exception(at):
    assert at.title[0].value == "Analyse"
    assert [t.label for t in at.tabs] == ["Theme frequency", "Relations", "Frameworks"]
    headers = [h.value for h in at.subheader]
    assert headers == [
        "Codes × organisation",
        "Table",
        "Co-occurrence",
        "Codes × documents",
        "Codes × case attribute",
        "Grid/group map",
        "Development phases",
        "Bonding and bridging",
    ]
    assert at.warning.len == 0 and at.error.len == 0


def test_frequency_table_rows_for_one_code(at):
    assert list(at.dataframe[0].value.columns) == [
        "code", "group", "codings", "segments", "documents", "per 1,000 words", "% of segments",
        "groups raising it",
    ]  # fmt: skip
    assert _rows(at, "Hierarchy") == HIERARCHY_ALL
    groups = at.dataframe[0].value.set_index(["code", "group"])["groups raising it"]
    assert groups[("Hierarchy", "Organisation 2")] == 4


def test_a_coder_filter_changes_the_table_exactly(at):
    next(m for m in at.multiselect if m.label == "Coders").set_value(["ana"])
    at.run()
    assert not at.exception
    assert _rows(at, "Hierarchy") == [
        ("Organisation 1", 0, 0, 0),
        ("Organisation 2", 1, 1, 1),
        ("Organisation 3", 0, 0, 0),
        ("Organisation 4", 0, 0, 0),
        ("Organisation 5", 1, 1, 1),
        ("Organisation 6", 0, 0, 0),
        ("Organisation 7", 1, 1, 1),
        ("(none)", 0, 0, 0),
    ]
    assert at.caption[0].value.startswith("Filtered: coders")


def test_group_by_attribute_and_rollup(at):
    next(s for s in at.selectbox if s.label == "Group by").set_value("stakeholder group")
    next(t for t in at.toggle if t.label == "Roll up").set_value(True)
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "Codes × stakeholder group"
    table = at.dataframe[0].value
    hierarchy = table[table["code"] == "Hierarchy"]
    assert hierarchy[["group", "codings", "segments"]].values.tolist() == [
        ["commissioner", 2, 1],
        ["infrastructure", 0, 0],
        ["VCS", 5, 4],
        ["(none)", 0, 0],
    ]


def test_relations_and_frameworks_modes(at):
    next(r for r in at.radio if r.label == "Codes meet in").set_value("window")
    at.run()
    assert not at.exception
    matrix = at.dataframe[1].value
    assert list(matrix.index) == list(matrix.columns)
    assert matrix.loc["Hierarchy", "Hierarchy"] == 5  # segments coded Hierarchy
    next(t for t in at.text_input if t.label == "Arrows from").input("2019")
    at.run()
    assert not at.exception


def test_real_names_when_pseudonyms_are_off(demo_path, monkeypatch):
    from qda.project import Project

    project = Project.open(demo_path)
    project.update_settings(show_pseudonyms=False)
    try:
        monkeypatch.setenv("QDA_PROJECT", str(demo_path))
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.run()
        app.switch_page("app_pages/analyse.py")
        app.run()
        groups = set(app.dataframe[0].value["group"])
        assert "Eastmere Community Pantry" in groups
        assert "Organisation 1" not in groups
    finally:
        project.update_settings(show_pseudonyms=True)
        project.close()
