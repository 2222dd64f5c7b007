"""In a real browser, with pseudonyms on: no page of the demo shows a real name.

Every page is visited, every tab and part of it opened, and the whole page text
(what is on screen and what is hidden in closed tabs and expanders) is searched
for the register's names: every participant's and organisation's name and the
variants the key replaces (first names, surnames, linked speaker labels, short
forms of organisations)."""

from __future__ import annotations

import re

import pytest

from qda.demo import create_demo
from qda.project import Project
from tests.browser.conftest import ARTIFACTS, PAGE_NAMES, serve, wait_idle

pytestmark = pytest.mark.browser

PAGES = PAGE_NAMES
#: What each page must show once it has rendered (so an empty page cannot pass):
#: the Code page's transcript with its speakers' pseudonyms, the Retrieve page's excerpts.
READY = {
    "code": (".qda-seg", "Interviewee A"),
    "retrieve": ("h1", "Interviewee"),
    "agreement": ("h1", "Pooled rows only"),
    "review": ("h1", "Interim themes"),
}


def register_names(project: Project) -> list[str]:
    names = {c["name"] for c in project.cases.all()}
    for entry in project.exports.pseudonym_key().entries:
        if entry.accepted:
            names.update(entry.names())
    return sorted(names)


def page_text(page) -> str:
    """Everything a page holds as text, shown or hidden, plus form values."""
    return page.evaluate(
        """() => {
            const parts = [document.title, document.body.textContent];
            for (const el of document.querySelectorAll("input, textarea")) parts.push(el.value);
            for (const el of document.querySelectorAll("[title], [aria-label]")) {
                parts.push(el.getAttribute("title") || "", el.getAttribute("aria-label") || "");
            }
            return parts.join("\\n");
        }"""
    )


def leaks(text: str, names: list[str]) -> list[str]:
    return [n for n in names if re.search(rf"(?<!\\w){re.escape(n)}(?!\\w)", text)]


def visit_parts(page) -> list[str]:
    """The page's text with each of its tabs and segmented parts opened in turn."""
    texts = [page_text(page)]
    for role in ("tab",):
        count = page.get_by_role(role).count()
        for i in range(count):
            page.get_by_role(role).nth(i).click()
            wait_idle(page)
            texts.append(page_text(page))
    # segmented controls ("Excerpts" / "Coding progress", then "Excerpts" / "Table"):
    # every choice, the last ones first (choosing an earlier one can hide later ones)
    buttons = page.locator('[data-testid="stButtonGroup"] button')
    for i in reversed(range(buttons.count())):
        if i < buttons.count():
            buttons.nth(i).click()
            wait_idle(page)
            texts.append(page_text(page))
    return texts


def test_no_real_name_on_any_page_with_pseudonyms_on(browser_page, tmp_path):
    path = tmp_path / "demo.sqlite"
    project = create_demo(path)
    assert project.settings["show_pseudonyms"] is True
    names = register_names(project)
    # a review round, so the Review page shows its themes and quotes
    project.review.open_round("Interim themes", ["Hierarchy", "Bonding/Present"])
    assert {"Denise Okafor", "Denise", "Okafor", "Kinfold Peer Support", "Kinfold"} <= set(names)
    project.close()
    server = serve(path, tmp_path)
    page = browser_page
    found: dict[str, list[str]] = {}
    try:
        for name in PAGES:
            page.goto(f"{server.url}/{name}")
            wait_idle(page)
            page.wait_for_selector("h1", timeout=30_000)
            selector, expected = READY.get(name, ("h1", ""))
            page.wait_for_selector(selector, timeout=30_000)
            wait_idle(page)
            texts = visit_parts(page)
            assert "Traceback" not in texts[0], name
            assert expected in texts[0], name
            leaked = sorted({n for t in texts for n in leaks(t, names)})
            if leaked:
                found[name] = leaked
                page.screenshot(path=str(ARTIFACTS / f"pseudonyms-{name}.png"), full_page=True)
    finally:
        server.stop()
    assert found == {}, found
