"""AppTest: the Retrieve page lists excerpts for a query and shows coding progress."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import state
from qda.project import Project
from tests.apptest import open_page

INTERVIEW = (
    "Interviewer: How did it start?\n\nSarah: In a church hall. We had no money.\n\n"
    "Interviewer: And now?\n\nSarah: Contracts, targets and reports.\n"
)


@pytest.fixture
def app_project(tmp_path, monkeypatch):
    path = tmp_path / "study.sqlite"
    project = Project.create(path, name="Study")
    project.corpus.import_file("sarah.txt", INTERVIEW.encode(), organisation="Food Bank")
    project.codebook.add_code("Funding")
    project.codebook.add_code("Origins")
    project.coding.apply_code("Funding", "ana", document="sarah", start=57, end=73, memo="money")
    project.coding.apply_code("Origins", "ben", document="sarah", start=39, end=56)
    project.coding.apply_code("Funding", "ben", document="sarah", start=105, end=136)
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return project


def retrieve_page() -> AppTest:
    return open_page("retrieve")


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_all_codings_by_default(app_project):
    at = retrieve_page()
    assert at.subheader[0].value == "3 excerpt(s)"
    assert texts(at)[::2] == [
        "In a church hall.",
        "We had no money.",
        "Contracts, targets and reports.",
    ]


def test_and_query_and_coder_filter(app_project):
    at = retrieve_page()
    funding, origins = (app_project.codebook.find_code(n)["guid"] for n in ("Funding", "Origins"))
    at.multiselect(key=state.RETRIEVE + "_codes").set_value([funding, origins]).run()
    at.radio(key=state.RETRIEVE + "_mode").set_value("and").run()
    assert at.subheader[0].value == "2 excerpt(s)"
    assert texts(at)[::2] == ["In a church hall.", "We had no money."]
    at.multiselect(key=state.RETRIEVE + "_coder").set_value(["ana"]).run()
    assert at.subheader[0].value == "0 excerpt(s)"


def test_not_query_and_excerpt_details(app_project):
    at = retrieve_page()
    funding, origins = (app_project.codebook.find_code(n)["guid"] for n in ("Funding", "Origins"))
    at.multiselect(key=state.RETRIEVE + "_codes").set_value([funding]).run()
    at.multiselect(key=state.RETRIEVE + "_not").set_value([origins]).run()
    assert at.subheader[0].value == "1 excerpt(s)"
    assert texts(at) == ["Contracts, targets and reports.", "Contracts, targets and reports."]
    # pseudonyms on: the organisation (no pseudonym yet) is hidden; the caption's
    # Markdown escapes the brackets so they show as typed
    shown = "sarah · \\[organisation\\] · Sarah · characters 105–136"
    assert any(c.value == shown for c in at.caption)


def test_open_in_code_page_moves_to_the_segment(app_project):
    at = retrieve_page()
    at.button(
        key=f"open_{app_project.coding.codings(coder='ben', code='Funding')[0]['guid']}"
    ).click()
    at.run()
    assert not at.exception
    assert at.session_state[state.DOCUMENT] == app_project.corpus.document("sarah")["guid"]
    assert at.session_state[state.CURRENT] == 3
    assert at.title[0].value == "Code"


def test_progress_tables(app_project):
    at = retrieve_page()
    assert not [d for d in at.dataframe if "unit" in d.value.columns]
    at.segmented_control(key="retrieve_part").set_value("Coding progress").run()
    docs = next(d.value for d in at.dataframe if "unit" in d.value.columns)
    assert docs[["document", "unit", "segments", "coded", "codings"]].values.tolist() == [
        ["sarah", "turn", 4, 2, 3]
    ]
    assert docs[["coded by ana", "coded by ben"]].values.tolist() == [[1, 2]]
    coders = next(d.value for d in at.dataframe if "coder" in d.value.columns)
    assert coders[["coder", "codings", "coded_segments"]].values.tolist() == [
        ["ana", 1, 1],
        ["ben", 2, 2],
    ]


def test_percent_coded_is_shown_as_a_percentage_not_a_hundredfold(app_project):
    """Issue 11: the progress table showed "1,140%" for a document 11.4% coded.
    "% coded" holds percentages (0-100), but a progress column of floats with
    no ``format`` is drawn by Streamlit's front end as a *fraction* (format
    "percent", value x 100), so 11.4 read 1,140% and 50.0 read 5,000%. The
    column must carry a printf format that prints the value as it is."""
    at = retrieve_page()
    at.segmented_control(key="retrieve_part").set_value("Coding progress").run()
    frame = next(d for d in at.dataframe if "unit" in d.value.columns)
    assert frame.value["% coded"].tolist() == [50.0]
    config = json.loads(frame.proto.columns)["% coded"]["type_config"]
    assert (config["type"], config["min_value"], config["max_value"]) == ("progress", 0, 100)
    fmt = config.get("format")
    assert fmt not in (None, "percent"), "Streamlit would draw 50.0 as 5,000%"
    assert fmt % 50.0 == "50.0%"
    assert fmt % 11.4 == "11.4%"
