"""Plotly figure builders. Each takes a table made by this package and
returns a ``plotly.graph_objects.Figure``; every label shown comes from the
table (code paths, group labels, phase names, quotes)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.gridgroup import CENTRE, CULTURES, SOURCE_CLASSIFICATION, SOURCE_DERIVED

_HEAT = "Blues"
_QUOTE_CHARS = 200


def _short(text: str, limit: int = _QUOTE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _code_axis(table: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Code GUIDs in table order and a distinct display label for each."""
    codes = list(dict.fromkeys(table["code"]))
    paths = dict(zip(table["code"], table["path"].fillna(table["code"]), strict=True))
    labels = [paths[c] for c in codes]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return codes, [f"{paths[c]} ({c[:8]})" if seen[paths[c]] > 1 else paths[c] for c in codes]


def _title(value: str) -> str:
    return value.replace("_", " ")


def frequency_heatmap(freq: pd.DataFrame, value: str = "segments") -> go.Figure:
    """Code x group heatmap of one column of :func:`analysis.frequency.frequency`
    (``segments``, ``codings``, ``documents``, ``per_1000_words`` or
    ``pct_of_group_segments``). One Heatmap trace, codes as rows."""
    codes, code_names = _code_axis(freq)
    groups = list(dict.fromkeys(freq["group"]))
    group_names = [freq.loc[freq["group"] == g, "group_label"].iloc[0] for g in groups]
    grid = freq.pivot_table(index="code", columns="group", values=value, aggfunc="first")
    z = grid.reindex(index=codes, columns=groups).to_numpy(dtype=float)
    decimals = 0 if np.allclose(np.nan_to_num(z) % 1, 0) else 1
    text = [[("" if math.isnan(v) else f"{v:.{decimals}f}") for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z, x=group_names, y=code_names, text=text, texttemplate="%{text}",
            colorscale=_HEAT, colorbar={"title": {"text": _title(value)}},
            hovertemplate="%{y}<br>%{x}<br>" + _title(value) + ": %{z}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top")
    fig.update_layout(height=max(300, 28 * len(codes) + 150))
    return fig


def frequency_bars(freq: pd.DataFrame, value: str = "segments") -> go.Figure:
    """Grouped bars: one Bar trace per group, codes along the x axis."""
    codes, code_names = _code_axis(freq)
    names = dict(zip(codes, code_names, strict=True))
    fig = go.Figure()
    for group, rows in freq.groupby("group", sort=False):
        rows = rows.set_index("code").reindex(codes)
        fig.add_trace(
            go.Bar(
                name=str(rows["group_label"].dropna().iloc[0]) if rows["group_label"].notna().any()
                else str(group),
                x=[names[c] for c in codes], y=rows[value].to_numpy(dtype=float),
            )
        )  # fmt: skip
    fig.update_layout(barmode="group", yaxis_title=_title(value), legend_title_text="group")
    return fig


def cooccurrence_heatmap(
    matrix: pd.DataFrame, labels: dict[str, str] | None = None, show_diagonal: bool = False
) -> go.Figure:
    """Heatmap of :func:`analysis.cooccurrence.cooccurrence`. Labels come
    from ``labels`` or ``matrix.attrs["labels"]``. The diagonal (units coded)
    is left uncoloured unless ``show_diagonal`` so that it does not swamp the
    colour scale; its count still shows as text."""
    labels = labels or matrix.attrs.get("labels", {})
    names = [str(labels.get(c, c)) for c in matrix.index]
    counts = matrix.to_numpy(dtype=float)
    z = counts.copy()
    if not show_diagonal and len(z):
        np.fill_diagonal(z, np.nan)
    text = [[f"{int(v)}" for v in row] for row in counts]
    fig = go.Figure(
        go.Heatmap(
            z=z, x=names, y=names, text=text, texttemplate="%{text}", colorscale=_HEAT,
            hovertemplate="%{y} × %{x}: %{text}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", type="category", dtick=1)
    fig.update_xaxes(type="category", dtick=1, tickangle=-90)
    # a row and a column per code, large enough to read every label and count
    longest = max((len(n) for n in names), default=0)
    margin = min(400, 7 * longest + 40)
    fig.update_layout(
        height=max(420, 24 * len(names) + margin + 100),
        width=max(700, 24 * len(names) + margin + 120),
    )
    mode = matrix.attrs.get("mode")
    if mode:
        fig.update_layout(title={"text": f"Co-occurrence ({mode})"})
    return fig


def phase_matrix_figure(matrix: pd.DataFrame, value: str = "codings") -> go.Figure:
    """Phase x facet heatmap of :func:`analysis.phases.phase_matrix`; counts
    in the cells, the exemplar quote on hover."""
    phases = list(dict.fromkeys(matrix["phase"]))
    facets = list(dict.fromkeys(matrix["facet"]))
    z = matrix.pivot_table(index="phase", columns="facet", values=value, aggfunc="first")
    z = z.reindex(index=phases, columns=facets)
    quotes = matrix.pivot_table(index="phase", columns="facet", values="exemplar", aggfunc="first")
    quotes = quotes.reindex(index=phases, columns=facets).fillna("")
    hover = [[_short(str(q)) or "—" for q in row] for row in quotes.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(dtype=float), x=[f.capitalize() for f in facets], y=phases,
            text=z.to_numpy(dtype=float), texttemplate="%{text:.0f}", customdata=hover,
            colorscale=_HEAT,
            hovertemplate="%{y} · %{x}: %{z}<br>%{customdata}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top")
    return fig


def bonding_bridging_figure(table: pd.DataFrame) -> go.Figure:
    """Two Bar traces (Bonding, Bridging) per group of
    :func:`analysis.socialcapital.bonding_bridging`."""
    fig = go.Figure()
    for column in ("bonding", "bridging"):
        fig.add_trace(go.Bar(name=column.capitalize(), x=table["label"], y=table[column]))
    fig.update_layout(barmode="group", yaxis_title="segments")
    return fig


def _marker_sizes(sizes: pd.Series) -> list[float] | float:
    values = sizes.to_numpy(dtype=float)
    if np.isnan(values).all():
        return 14.0
    root = np.sqrt(np.clip(np.nan_to_num(values, nan=0.0), 0, None))
    scaled = 10 + 30 * root / root.max() if root.max() > 0 else np.full(len(values), 14.0)
    return [14.0 if math.isnan(v) else float(s) for v, s in zip(values, scaled, strict=True)]


def _source_note(positions: pd.DataFrame) -> str:
    counts = positions["source"].value_counts()
    found = [s for s in (SOURCE_CLASSIFICATION, SOURCE_DERIVED) if counts.get(s, 0)]
    if len(found) == 1:
        return f"Source: {found[0]}"
    return "Source: " + ", ".join(f"{s} ({counts[s]})" for s in found) if found else ""


def _spread(x: pd.Series, y: pd.Series, radius: float = 0.14) -> tuple[np.ndarray, np.ndarray]:
    """Display coordinates: organisations sharing a point (e.g. two classified
    in the same quadrant) are set around a small circle so that none hides
    another; the hover text still gives the exact source."""
    xs, ys = x.to_numpy(dtype=float).copy(), y.to_numpy(dtype=float).copy()
    keys = pd.Series(list(zip(np.round(xs, 6), np.round(ys, 6), strict=True)))
    for _, rows in keys.groupby(keys, sort=False).groups.items():
        rows = list(rows)
        if len(rows) < 2:
            continue
        angles = np.pi / 2 + 2 * np.pi * np.arange(len(rows)) / len(rows)
        xs[rows] += radius * np.cos(angles)
        ys[rows] += radius * np.sin(angles)
    return xs, ys


def gridgroup_figure(
    positions: pd.DataFrame,
    movement: pd.DataFrame | None = None,
    size_attribute: str | None = None,
) -> go.Figure:
    """The grid/group map: x = grid, y = group, four labelled quadrants.

    Traces: the organisations (one Scatter); with ``movement``, a second
    Scatter of their earlier positions, and an arrow (annotation) from each
    earlier to later position. With ``size_attribute`` markers are sized by
    the ``size`` column. The subtitle says where positions came from."""
    fig = go.Figure()
    hover = (
        positions["label"] + "<br>" + positions["culture"].fillna("") + " · "
        + positions["source"] + positions["as_of"].map(lambda d: f" ({d})" if isinstance(d, str)
                                                       else "")
    )  # fmt: skip
    sizes = _marker_sizes(positions["size"]) if size_attribute else 14.0
    shown_x, shown_y = _spread(positions["x"], positions["y"])
    shown = dict(zip(positions["organisation"], zip(shown_x, shown_y, strict=True), strict=True))
    if movement is not None and len(movement):
        fig.add_trace(
            go.Scatter(
                x=movement["x_from"], y=movement["y_from"], mode="markers", name="earlier",
                marker={"size": 10, "symbol": "circle-open", "color": "grey"},
                text=movement["label"] + "<br>" + movement["culture_from"].fillna(""),
                hoverinfo="text",
            )
        )  # fmt: skip
        for row in movement.itertuples(index=False):
            x_to, y_to = shown.get(row.organisation, (row.x_to, row.y_to))
            fig.add_annotation(
                x=x_to, y=y_to, ax=row.x_from, ay=row.y_from, xref="x", yref="y",
                axref="x", ayref="y", showarrow=True, arrowhead=3, arrowwidth=1.5, text="",
            )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=shown_x, y=shown_y, mode="markers+text", name="organisations",
            text=positions["label"], textposition="top center", hovertext=hover,
            hoverinfo="text", marker={"size": sizes, "color": "#1f77b4", "opacity": 0.8},
        )
    )  # fmt: skip
    for culture, (grid, group) in CULTURES.items():
        fig.add_annotation(
            x=CENTRE[grid] * 1.8, y=CENTRE[group] * 1.9, text=f"<b>{culture}</b>",
            showarrow=False, font={"size": 14, "color": "#555"},
        )  # fmt: skip
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.add_vline(x=0, line={"color": "#999", "width": 1})
    subtitle = _source_note(positions)
    if size_attribute:
        subtitle = f"{subtitle}; marker size: {size_attribute}".lstrip("; ")
    fig.update_layout(
        title={"text": "Grid/group map", "subtitle": {"text": subtitle}},
        xaxis={"range": [-1.05, 1.05], "title": {"text": "grid (low → high)"},
               "zeroline": False},
        yaxis={"range": [-1.05, 1.05], "title": {"text": "group (low → high)"},
               "zeroline": False, "scaleanchor": "x"},
        showlegend=movement is not None,
    )  # fmt: skip
    return fig
