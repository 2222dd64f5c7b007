"""AppTest, with pseudonyms on: no page of the demo holds a real name in any
element, including the cells of its tables (which a browser draws on a
canvas, out of reach of the page text the browser test reads) and the
options of its pickers."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.export_widgets import KINDS
from qda.demo import create_demo
from tests.conftest import ROOT

PAGES = ["project", "corpus", "cases", "codebook", "code", "retrieve", "analyse", "export"]
TEXTS = ("title", "header", "subheader", "caption", "markdown", "text", "code", "info")
TEXTS += ("warning", "success", "error", "metric")
PICKERS = ("selectbox", "multiselect", "radio")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    project = create_demo(folder / "demo.sqlite")
    names = {c["name"] for c in project.cases.all()}
    for entry in project.exports.pseudonym_key().entries:
        if entry.accepted:
            names.update(entry.names())
    yield folder, sorted(names)
    project.close()


def contents(at: AppTest) -> list[str]:
    out: list[str] = []
    for kind in TEXTS:
        for element in getattr(at, kind):
            out.append(str(getattr(element, "label", "")))
            out.append(str(element.value))
    for frame in at.dataframe:
        out.append(frame.value.to_csv())
    for kind in PICKERS:
        for widget in getattr(at, kind):
            out.append(widget.label)
            out.extend(str(o) for o in widget.options)
    for widget in (*at.text_area, *at.text_input):
        out.append(str(widget.value))
    return out


def leaks(texts: list[str], names: list[str]) -> list[str]:
    joined = "\n".join(texts)
    return [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", joined)]


@pytest.mark.parametrize("page", PAGES)
def test_no_real_name_in_any_element(demo, page, monkeypatch):
    folder, names = demo
    monkeypatch.setenv("QDA_PROJECT", str(folder / "demo.sqlite"))
    monkeypatch.setenv("QDA_HOME", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    seen = contents(at)
    if page == "retrieve":  # the table view, then the progress tables
        at.session_state["retrieve_view"] = "Table"
        at.run()
        seen += contents(at)
        at.session_state["retrieve_part"] = "Coding progress"
        at.run()
        assert not at.exception, at.exception
        seen += contents(at)
    if page == "export":  # every kind of export and its options
        for option in KINDS:
            next(r for r in at.radio if r.label == "What").set_value(option).run()
            assert not at.exception, at.exception
            seen += contents(at)
    assert sum(len(t) for t in seen) > 200, "the page showed (almost) nothing"
    found = leaks(seen, names)
    where = [t[:300] for t in seen if leaks([t], found)][:3]
    assert found == [], where
