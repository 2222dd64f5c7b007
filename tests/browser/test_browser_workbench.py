"""In a real browser: code a turn and an exact selected span on the Code page, find
both on the Retrieve page, undo one, and check that transcript markup stays text."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from qda.demo import create_demo
from qda.project import Project
from tests.browser.conftest import ARTIFACTS, serve, wait_idle

pytestmark = pytest.mark.browser

HOSTILE = (
    "Interviewer: Hello 😀 and welcome. <script>window.__pwned = 1</script>\n\n"
    'Sam: We cope 🎉 somehow. <img src=x onerror="window.__pwned = 2"> Funding matters most.\n\n'
    "Interviewer: Thank you.\n"
)
CODE_PATH = "Pre-start-up/Emotions/Determination"


def pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox or multiselect labelled ``label``."""
    box = page.get_by_label(label, exact=True).first
    for attempt in range(4):
        # The list re-renders while it filters: a click can meet a moving or
        # detached option, so take a fresh look and try again.
        box.click()
        box.fill(option)
        try:
            page.get_by_role("option", name=option).first.click(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 3:
                raise
            page.keyboard.press("Escape")
            wait_idle(page)
    page.keyboard.press("Escape")
    wait_idle(page)


def select_text(page, segment: int, quote: str) -> None:
    """Select ``quote`` inside one transcript segment with a DOM Range, as a drag would."""
    page.evaluate(
        """([segment, quote]) => {
            const row = document.querySelector(`.qda-seg[data-index="${segment}"]`);
            const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(quote);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + quote.length);
                const sel = window.getSelection();
                sel.removeAllRanges();
                sel.addRange(range);
                node.parentElement.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                return;
            }
            throw new Error("quote not found: " + quote);
        }""",
        [segment, quote],
    )
    wait_idle(page)


def test_code_select_retrieve_undo_and_no_script_runs(browser_page, tmp_path):
    path = tmp_path / "demo.sqlite"
    create_demo(path).close()
    project = Project.open(path)
    project.corpus.import_file(
        "hostile.txt", HOSTILE.encode(), organisation="Testbed Org", speakers="colon"
    )
    # pseudonyms are on: the page shows the organisation by its pseudonym
    project.cases.update_case("Testbed Org", pseudonym="Organisation T")
    text = project.corpus.document_text("hostile")
    project.close()
    quote = "Funding matters most."
    q_start = text.index(quote)  # a str (code point) index, after two emoji
    expected_span = (q_start, q_start + len(quote))
    server = serve(path, tmp_path)
    page = browser_page
    try:
        page.goto(server.url + "/code")
        wait_idle(page)
        page.wait_for_selector(".qda-run")
        pick(page, "Document", "hostile")
        page.wait_for_function("() => document.querySelectorAll('.qda-seg').length === 3")
        assert page.evaluate("() => document.querySelectorAll('.qda-transcript img').length") == 0
        assert "<script>window.__pwned = 1</script>" in page.locator(".qda-transcript").inner_text()

        # 1. a whole turn: click it, then a code from the searchable list
        page.get_by_label("Find a code").fill("Determination")
        page.keyboard.press("Enter")
        wait_idle(page)
        code_button = page.get_by_role("button", name=CODE_PATH)
        for _ in range(3):  # the click may land while the component is re-rendering
            page.locator('.qda-seg[data-index="1"] .qda-run').first.click()
            wait_idle(page)
            try:
                expect(code_button).to_be_enabled(timeout=10_000)
                break
            except AssertionError:
                continue
        code_button.click()
        wait_idle(page)
        page.wait_for_selector(".qda-chip")

        # 2. an exact span: select text, then key 1 (the most recent code)
        select_text(page, 1, quote)
        page.get_by_text(f"({expected_span[0]}–{expected_span[1]})").wait_for()
        page.screenshot(path=str(ARTIFACTS / "code-selection.png"), full_page=True)
        page.locator("body").press("1")
        wait_idle(page)
        page.wait_for_function("() => document.querySelectorAll('.qda-chip').length === 2")
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "code-coded.png"), full_page=True)

        check = Project.open(path)
        codings = check.coding.codings(document="hostile")
        turn = check.corpus.segments("hostile", "turn")[1]
        assert sorted((c["start"], c["end"], c["coder"]) for c in codings) == sorted(
            [(turn["start"], turn["end"], "researcher"), (*expected_span, "researcher")]
        )
        assert text[expected_span[0] : expected_span[1]] == quote

        # 3. both on the Retrieve page
        page.get_by_role("link", name="Retrieve").click()
        wait_idle(page)
        pick(page, "Codes", "Determination")
        page.get_by_text("Filters").click()
        pick(page, "Organisation", "Organisation T")
        page.get_by_text("2 excerpt(s)").wait_for()
        page.get_by_text(quote, exact=True).first.wait_for()
        page.screenshot(path=str(ARTIFACTS / "retrieve-excerpts.png"), full_page=True)

        # 4. open the span's place in the Code page, undo the last coding
        page.get_by_role("button", name="Open in the Code page").nth(1).click()
        wait_idle(page)
        page.wait_for_selector(".qda-chip.qda-focus")
        page.get_by_role("button", name="Undo").click()
        wait_idle(page)
        page.wait_for_function("() => document.querySelectorAll('.qda-chip').length === 1")
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "code-after-undo.png"), full_page=True)
        assert [(c["start"], c["end"]) for c in check.coding.codings(document="hostile")] == [
            (turn["start"], turn["end"])
        ]
        assert page.evaluate("() => window.__pwned === undefined")
        check.close()
    finally:
        server.stop()
