"""In a real browser: every page of the demo loads nothing from outside the
machine (no web font, no icon, no image a code name points at), and user
text written as Markdown or HTML is shown as typed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from qda.demo import create_demo
from tests.browser.conftest import ARTIFACTS, PAGE_NAMES, serve, wait_idle

pytestmark = pytest.mark.browser

# 192.0.2.0/24 is reserved for documentation: nothing answers there.
IMAGE_CODE = "![tracker](http://192.0.2.1/pixel.png)"
HTML_MEMO = '<img src="http://192.0.2.1/memo.png"> [a link](http://192.0.2.1/) **bold**'
PAGES = PAGE_NAMES
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in LOCAL_HOSTS


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.sqlite"
    project = create_demo(path)
    project.codebook.add_code(IMAGE_CODE, definition=HTML_MEMO)
    doc = project.corpus.documents()[0]
    text = project.corpus.document_text(doc["guid"])
    project.coding.apply_code(
        IMAGE_CODE, "researcher", document=doc["guid"], start=0, end=min(20, len(text)),
        memo=HTML_MEMO,
    )  # fmt: skip
    project.close()
    return path


def test_every_page_loads_only_from_this_machine(browser_page, demo, tmp_path):
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    server = serve(demo, tmp_path)
    try:
        for name in PAGES:
            page.goto(f"{server.url}/{name}")
            wait_idle(page, timeout=60_000)
            page.wait_for_timeout(500)  # late fetches: fonts, icons, images
        page.goto(f"{server.url}/code")  # every code is a button there, named as typed
        wait_idle(page, timeout=60_000)
        # The code name is shown as typed, not as an image (nor as a link).
        page.get_by_text(IMAGE_CODE, exact=True).first.wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "offline-code.png"), full_page=True)
        images = page.evaluate("() => [...document.images].map(i => i.src)")
    finally:
        server.stop()
    outside = sorted({url for url in requests if not is_local(url)})
    assert outside == []
    assert len(requests) > 20  # the pages really loaded (scripts, styles, the socket)
    assert not [src for src in images if "192.0.2.1" in src]
