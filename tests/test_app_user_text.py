"""AppTest: user text (code names, memos, document, project and file names)
reaches every Markdown-rendering element escaped, so a name written as
Markdown or HTML is shown as typed (the browser test checks nothing is
fetched; this one checks the text each element is given)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from qda.project import Project
from tests.conftest import ROOT

IMAGE = "![x](http://192.0.2.1/p.png)"
HTML = '<img src="http://192.0.2.1/m.png">'
ESCAPED_IMAGE = r"\!\[x\](http:\/\/192.0.2.1/p.png)"
TEXT = (
    "Interviewer: How did it start?\n\nSarah: In a church hall. We had no money.\n\n"
    "Interviewer: And now?\n\nSarah: Contracts, targets and reports.\n"
)
# Elements whose text Streamlit renders as Markdown (labels and help included).
MARKDOWN_ELEMENTS = (
    "markdown", "caption", "title", "header", "subheader", "error", "warning", "info",
    "success", "toast", "button", "checkbox", "toggle", "radio", "expander", "selectbox",
    "multiselect", "text_input", "metric",
)  # fmt: skip


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    path = tmp_path / "study.sqlite"
    project = Project.create(path, name=f"# {IMAGE}")
    doc = project.corpus.import_file("sarah.txt", TEXT.encode(), name=HTML)["guid"]
    project.codebook.add_code(IMAGE, definition=HTML)
    project.coding.apply_code(IMAGE, "researcher", document=doc, start=17, end=40, memo=IMAGE)
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return project


def rendered_texts(at: AppTest) -> list[str]:
    texts = []
    for kind in MARKDOWN_ELEMENTS:
        for element in at.get(kind):
            for attr in ("value", "label", "help", "body"):
                value = getattr(element, attr, None)
                if isinstance(value, str):
                    texts.append(value)
            if kind == "radio":
                texts.extend(str(o) for o in element.options)
    return texts


@pytest.mark.parametrize(
    ("page", "where"),
    [
        ("app_pages/project.py", "subheader"),
        ("app_pages/code.py", "button"),
        ("app_pages/retrieve.py", "markdown"),
    ],
)
def test_markdown_in_names_is_escaped(hostile, page, where):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    texts = rendered_texts(at)
    assert not [t for t in texts if IMAGE in t or re.search(r"(?<!\\)<img", t)]
    shown = [
        e
        for e in at.get(where)
        if ESCAPED_IMAGE in (getattr(e, "value", None) or getattr(e, "label", ""))
    ]
    assert shown, f"the hostile name was not rendered in any {where} on {page}"
