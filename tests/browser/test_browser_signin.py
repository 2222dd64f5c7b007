"""In a real browser: sign in, reload (still signed in), a page typed by hand
is refused for a coder, sign out (signed out after a reload too)."""

from __future__ import annotations

import pytest

from qda.project import Project
from tests.browser.conftest import ARTIFACTS, serve, wait_idle

pytestmark = pytest.mark.browser


def test_session_survives_reload_and_roles_hold(browser_page, tmp_path):
    path = tmp_path / "team.sqlite"
    project = Project.create(path, name="Team study")
    project.accounts.add_user("lead", "admin", "lead-password")
    project.accounts.add_user("ana", "coder", "ana-password")
    project.corpus.import_file("talk.txt", b"Ana: We share the hall.\n\nBen: No.\n\nAna: Yes.")
    project.close()
    server = serve(path, tmp_path)
    page = browser_page
    try:
        page.goto(server.url)
        wait_idle(page)
        page.get_by_role("heading", name="Sign in").wait_for()
        page.get_by_role("textbox", name="Name").fill("ana")
        page.get_by_role("textbox", name="Password").fill("ana-password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as ana (coder)").wait_for(timeout=30_000)
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "signin-coder.png"), full_page=True)
        assert page.get_by_role("link", name="Corpus").count() == 0
        assert page.get_by_role("link", name="Export").count() == 0
        cookies = {c["name"]: c for c in page.context.cookies()}
        assert cookies["qda_session"]["sameSite"] == "Strict"

        page.reload()
        wait_idle(page)
        page.get_by_text("Signed in as ana (coder)").wait_for(timeout=30_000)

        page.goto(server.url + "/corpus")  # typed by hand
        wait_idle(page)
        page.get_by_text("Signed in as ana (coder)").wait_for(timeout=30_000)
        assert page.get_by_role("heading", name="Corpus").count() == 0
        assert page.get_by_text("Import files").count() == 0
        page.screenshot(path=str(ARTIFACTS / "signin-typed-url.png"), full_page=True)
        assert page.get_by_text("Page not found").count() == 1
        page.keyboard.press("Escape")  # close Streamlit's notice
        wait_idle(page)

        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("heading", name="Sign in").wait_for(timeout=30_000)
        wait_idle(page)
        page.reload()
        wait_idle(page)
        page.get_by_role("heading", name="Sign in").wait_for(timeout=30_000)
        assert page.get_by_text("Signed in as").count() == 0
    finally:
        server.stop()
