import io

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis import downloads
from analysis.downloads import figure_bytes, table_bytes

NASTY = pd.DataFrame(
    {
        "quote": ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain"],
        "count": [1, -2, 3, 4, 5, 6, 7],
    }
)


def test_xlsx_neutralises_formula_cells():
    sheet = openpyxl.load_workbook(io.BytesIO(table_bytes(NASTY, "xlsx"))).active
    quotes = [sheet.cell(row=r, column=1).value for r in range(2, 9)]
    assert quotes == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\nx", "plain",
    ]  # fmt: skip
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert sheet.cell(row=3, column=2).value == -2  # numbers stay numbers


def test_csv_neutralises_formula_cells_and_headers():
    table = pd.DataFrame({"=cmd": ["=1+1", "ok"]})
    text = table_bytes(table, "csv").decode("utf-8")
    assert text.splitlines() == ["'=cmd", "'=1+1", "ok"]


def test_multi_level_columns_and_index_are_flattened():
    table = pd.DataFrame(
        [[1, 50.0]],
        index=pd.Index(["-Theme"], name="code"),
        columns=pd.MultiIndex.from_tuples([("segments", "A"), ("row %", "A")]),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(table_bytes(table, "xlsx"))).active
    assert [c.value for c in sheet[1]] == ["code", "segments | A", "row % | A"]
    assert sheet["A2"].value == "'-Theme"


def test_unknown_table_format():
    with pytest.raises(ValueError, match="csv or xlsx"):
        table_bytes(NASTY, "ods")


def test_html_is_self_contained():
    content, fmt, note = figure_bytes(go.Figure(go.Bar(x=["a"], y=[1])), "html")
    assert (fmt, note) == ("html", None)
    assert (
        b"<html>" in content and b"plotly.js v" in content and b"cdn.plot.ly/plotly" not in content
    )


def test_without_browser_falls_back_to_html(monkeypatch):
    monkeypatch.setattr(downloads, "find_browser", lambda: None)
    content, fmt, note = figure_bytes(go.Figure(go.Bar(x=["a"], y=[1])), "png")
    assert fmt == "html"
    assert note == "PNG needs Chromium; saved interactive HTML instead"
    assert content.startswith(b"<!doctype html>")


def test_kaleido_failure_falls_back_to_html(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("browser crashed")

    monkeypatch.setattr(downloads, "find_browser", lambda: "/nonexistent/chromium")
    monkeypatch.setattr(downloads, "_static_image", broken)
    _, fmt, note = figure_bytes(go.Figure(), "svg")
    assert fmt == "html"
    assert note == "SVG needs Chromium; saved interactive HTML instead (RuntimeError)"


def test_browser_path_from_environment(monkeypatch, tmp_path):
    fake = tmp_path / "chrome"
    fake.write_text("")
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert downloads.find_browser() == str(fake)


@pytest.mark.slow
@pytest.mark.skipif(downloads.find_browser() is None, reason="needs Chromium")
def test_png_with_a_browser():
    content, fmt, note = figure_bytes(go.Figure(go.Bar(x=["a"], y=[1])), "png", scale=1)
    assert (fmt, note) == ("png", None)
    assert content.startswith(b"\x89PNG")
