"""Bytes for downloads: figures (PNG, SVG, HTML) and tables (CSV, XLSX).

Static images go through kaleido, which drives a Chrome/Chromium browser.
When none is found, or kaleido fails, :func:`figure_bytes` falls back to a
self-contained interactive HTML file and says so in a one-line note.

Tables are protected against spreadsheet formula injection: any text cell
(and header) beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe, so a spreadsheet shows it as text, and a
bare carriage return inside a cell becomes a line feed (see
:func:`exports.cells.neutralise`, the one rule for every export).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import plotly.graph_objects as go

from exports.cells import neutralise

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
HTML_NOTE = "{fmt} needs Chromium; saved interactive HTML instead"
MEDIA_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def find_browser() -> str | None:
    """A Chrome/Chromium executable: ``BROWSER_PATH`` if set, else the first
    of the usual names on ``PATH``."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and os.path.exists(configured):
        return configured
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def _browser_env(path: str) -> Iterator[None]:
    """Point kaleido at ``path`` for the duration of one export."""
    previous = os.environ.get("BROWSER_PATH")
    os.environ["BROWSER_PATH"] = path
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("BROWSER_PATH", None)
        else:
            os.environ["BROWSER_PATH"] = previous


def _html(fig: go.Figure) -> bytes:
    # plotly.js embedded so the file works offline
    return fig.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")


def _static_image(fig: go.Figure, fmt: str, browser: str, scale: float) -> bytes:
    with _browser_env(browser):
        return fig.to_image(format=fmt, scale=scale)


def figure_bytes(
    fig: go.Figure, fmt: str = "png", scale: float = 2.0
) -> tuple[bytes, str, str | None]:
    """``(content, actual_format, note)`` for ``fmt`` "png", "svg" or
    "html". ``note`` is None unless a static image could not be made and
    HTML was returned instead."""
    fmt = fmt.lower()
    if fmt not in ("png", "svg", "html"):
        raise ValueError(f"unsupported figure format {fmt!r}: png, svg or html")
    if fmt == "html":
        return _html(fig), "html", None
    note = HTML_NOTE.format(fmt=fmt.upper())
    browser = find_browser()
    if browser is None:
        return _html(fig), "html", note
    try:
        return _static_image(fig, fmt, browser, scale), fmt, None
    except Exception as error:  # kaleido/browser failures vary widely; fall back
        return _html(fig), "html", f"{note} ({type(error).__name__})"


def _flat(columns: pd.Index) -> list[str]:
    if isinstance(columns, pd.MultiIndex):
        return [" | ".join(str(p) for p in parts if str(p) != "") for parts in columns]
    return [str(c) for c in columns]


def safe_table(df: pd.DataFrame) -> pd.DataFrame:
    """A copy ready for export: a meaningful index becomes columns,
    multi-level headers are joined with " | ", and text cells and headers
    are neutralised."""
    table = df
    if not isinstance(df.index, pd.RangeIndex) or any(n is not None for n in df.index.names):
        table = df.reset_index()
    table = table.copy()
    table.columns = [neutralise(c) for c in _flat(table.columns)]
    for column in table.columns:
        series = table[column]
        if series.dtype == "object" or pd.api.types.is_string_dtype(series.dtype):
            table[column] = series.map(neutralise).astype(series.dtype)
    return table


def table_bytes(df: pd.DataFrame, fmt: str = "csv", sheet_name: str = "table") -> bytes:
    """CSV (UTF-8) or XLSX bytes of ``df`` with formula injection
    neutralised (see :func:`safe_table`)."""
    fmt = fmt.lower()
    table = safe_table(df)
    if fmt == "csv":
        return table.to_csv(index=False).encode("utf-8")
    if fmt == "xlsx":
        out = io.BytesIO()
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            table.to_excel(writer, index=False, sheet_name=sheet_name[:31])
        return out.getvalue()
    raise ValueError(f"unsupported table format {fmt!r}: csv or xlsx")
