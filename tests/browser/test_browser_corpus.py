"""In a real browser: open the app, upload a transcript, preview it, import it."""

from __future__ import annotations

import pytest

from qda.project import Project
from tests.browser.conftest import ARTIFACTS, serve, wait_idle

pytestmark = pytest.mark.browser

INTERVIEW = (
    "Interviewer: How did the club start?\n\n"
    "Dev: A few parents and a borrowed pitch. <script>window.__pwned = 1</script>\n\n"
    "Interviewer: And funding?\n\n"
    'Dev: Bids, every month. <img src=x onerror="window.__pwned = 2">\n'
)


def test_upload_preview_and_import(browser_page, tmp_path):
    project_path = tmp_path / "study.sqlite"
    Project.create(project_path, name="Browser study").close()
    upload = tmp_path / "dev.txt"
    upload.write_text(INTERVIEW, encoding="utf-8")
    server = serve(project_path, tmp_path)
    page = browser_page
    try:
        page.goto(server.url)
        wait_idle(page)
        page.get_by_text("Browser study").first.wait_for()
        page.get_by_role("link", name="Corpus").click()
        wait_idle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            str(upload)
        )
        page.get_by_text("speakers found by: colon").wait_for(timeout=30_000)
        page.get_by_role("button", name="Import 1 file(s)").click()
        page.get_by_text("Imported 1 document(s): dev").wait_for(timeout=30_000)
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "corpus-import.png"), full_page=True)
        assert page.evaluate("() => window.__pwned === undefined")
        # A survey: respondents become participants and documents.
        survey = tmp_path / "club.csv"
        survey.write_text(
            "id,age,What does your group do?\nR1,34,We run a lunch club for older neighbours.\n"
            "R2,51,A tenants forum that lobbies about repairs and damp.\n",
            encoding="utf-8",
        )
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            str(survey)
        )
        page.get_by_text("2 respondents").wait_for(timeout=30_000)
        page.get_by_role("button", name="Import 1 file(s)").click()
        page.get_by_text("club.csv (2 respondents)").wait_for(timeout=30_000)
    finally:
        server.stop()
    project = Project.open(project_path)
    docs = project.corpus.documents()
    assert [(d["name"], d["speakers"], d["turns"]) for d in docs] == [
        ("dev", ["Interviewer", "Dev"], 4),
        ("club R1", ["R1"], 1),
        ("club R2", ["R2"], 1),
    ]
    assert {c["name"]: c["attributes"] for c in project.cases.all("participant")} == {
        "Dev": {},
        "R1": {"age": "34"},
        "R2": {"age": "51"},
    }
    assert "<script>window.__pwned = 1</script>" in project.corpus.document_text("dev")
