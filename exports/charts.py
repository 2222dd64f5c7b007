"""PNG charts for the Word exports, built from the analysis package's tables.

Every label goes through ``clean`` (the pseudonym key) first: a chart's legend
names organisations just as a quote's attribution does. Without a browser for
static images the chart is left out and the reason returned instead.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from analysis.downloads import figure_bytes

NO_CHART = "charts need Chromium for PNG images; none were added"


def _png(fig: go.Figure) -> tuple[bytes | None, str | None]:
    content, fmt, note = figure_bytes(fig, "png", scale=2.0)
    if fmt != "png":
        return None, note or NO_CHART
    return content, None


def organisations_chart(
    summary: pd.DataFrame, clean: Callable[[str], str], limit: int = 25
) -> tuple[bytes | None, str | None]:
    """Horizontal bars: how many organisations raised each code (``code_summary`` rows)."""
    rows = summary[summary["organisations"] > 0].sort_values(
        ["organisations", "path"], ascending=[False, True]
    )
    rows = rows.head(limit).iloc[::-1]
    if rows.empty:
        return None, None
    fig = go.Figure(
        go.Bar(
            x=rows["organisations"].to_numpy(dtype=float),
            y=[clean(p) for p in rows["path"]],
            orientation="h",
            marker_color="#4c78a8",
        )
    )
    fig.update_layout(
        xaxis_title="organisations",
        height=max(300, 30 * len(rows) + 120),
        width=1100,
        font={"size": 15},
        margin={"l": 20, "r": 20, "t": 30, "b": 40},
    )
    fig.update_xaxes(dtick=1)
    return _png(fig)


def theme_chart(freq: pd.DataFrame, clean: Callable[[str], str]) -> tuple[bytes | None, str | None]:
    """One theme by organisation: a bar per organisation (``frequency`` rows for
    one code), zeros included, labels cleaned; small enough to sit above the
    feedback box on the theme's page."""
    rows = freq.sort_values("group_label", ascending=False)
    if rows.empty:
        return None, None
    fig = go.Figure(
        go.Bar(
            y=[clean(str(v)) for v in rows["group_label"]],
            x=rows["segments"].to_numpy(dtype=float),
            orientation="h",
            marker_color="#4c78a8",
        )
    )
    fig.update_layout(
        xaxis_title="passages",
        width=560,
        height=20 * len(rows) + 56,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": 12},
    )
    fig.update_xaxes(dtick=1)
    return _png(fig)
