"""Opening one page of the app under Streamlit's AppTest (not a test module)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def open_page(page: str, timeout: float = 30) -> AppTest:
    """The app run once, then switched to ``app_pages/PAGE.py`` and run again,
    with no exception raised on the way."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at
