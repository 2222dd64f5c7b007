"""Helpers for the Analyse page: cached data and tables, filters, downloads.

The project's :class:`~analysis.data.AnalysisData` is read once per project
revision; every table and figure is cached by (location, revision, filters,
options), so a rerun that changes nothing computes nothing. Downloads are
generated only when clicked (deferred ``st.download_button`` data).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.charts import real_names
from analysis.cooccurrence import cooccurrence
from analysis.data import AnalysisData
from analysis.downloads import MEDIA_TYPES, figure_bytes, find_browser, table_bytes
from analysis.figures import (
    bonding_bridging_figure,
    cooccurrence_heatmap,
    frequency_bars,
    frequency_heatmap,
    gridgroup_figure,
    phase_matrix_figure,
)
from analysis.filters import Filters
from analysis.frequency import frequency
from analysis.gridgroup import gridgroup_movement, gridgroup_positions
from analysis.groups import BUILT_IN_GROUPINGS, group_labels
from analysis.matrices import code_document_matrix, crosstab
from analysis.phases import phase_matrix
from analysis.socialcapital import bonding_bridging
from app_pages import common, state
from qda.values import DATE_RE

FREQ_SHOWN = {
    "path": "code",
    "group_label": "group",
    "codings": "codings",
    "segments": "segments",
    "documents": "documents",
    "per_1000_words": "per 1,000 words",
    "pct_of_group_segments": "% of segments",
    "groups": "groups raising it",
}
VALUES = {
    "segments": "Segments",
    "codings": "Codings",
    "documents": "Documents",
    "per_1000_words": "Segments per 1,000 words",
    "pct_of_group_segments": "% of the group's segments",
}

FilterKey = tuple[tuple[str, Any], ...]


# -- cached data and tables (keyed by location, revision, filters, options) ----------------
@st.cache_data(show_spinner="Reading the project…", max_entries=4)
def project_data(location: str, revision: int, pseudonyms: bool) -> AnalysisData:
    data = common._open(location).analysis.data(with_text=True)
    return data if pseudonyms else real_names(data)


def _filters(key: FilterKey) -> Filters | None:
    return Filters(**dict(key)) if key else None


@st.cache_data(show_spinner=False, max_entries=64)
def frequency_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, by: str, rollup: bool,
    value: str, raised_only: bool,
) -> tuple[pd.DataFrame, go.Figure, go.Figure]:  # fmt: skip
    data = project_data(location, revision, pseudonyms)
    table = frequency(data, by=by, rollup=rollup, filters=_filters(key))
    if raised_only:
        table = table[table["code"].isin(set(table.loc[table["raised"], "code"]))]
    return table, frequency_heatmap(table, value), frequency_bars(table, value)


@st.cache_data(show_spinner=False, max_entries=64)
def cooccurrence_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, mode: str, window: int,
    rollup: bool,
) -> tuple[pd.DataFrame, go.Figure]:  # fmt: skip
    data = project_data(location, revision, pseudonyms)
    matrix = cooccurrence(data, mode, window, rollup=rollup, filters=_filters(key))
    labels = matrix.attrs["labels"]
    used = [c for i, c in enumerate(matrix.index) if matrix.iat[i, i] > 0]
    matrix = matrix.loc[used, used]
    matrix.attrs.update(labels=labels, mode=mode)
    fig = cooccurrence_heatmap(matrix)
    named = matrix.rename(index=labels, columns=labels)
    named.index.name = "code"
    return named, fig


@st.cache_data(show_spinner=False, max_entries=64)
def code_document_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, rollup: bool
) -> pd.DataFrame:
    data = project_data(location, revision, pseudonyms)
    matrix = code_document_matrix(data, rollup=rollup, filters=_filters(key))
    matrix = matrix[matrix.sum(axis=1) > 0]
    named = matrix.rename(index=matrix.attrs["labels"], columns=matrix.attrs["documents"])
    named.index.name = "code"
    return named


@st.cache_data(show_spinner=False, max_entries=64)
def crosstab_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, attribute: str, rollup: bool
) -> pd.DataFrame:
    data = project_data(location, revision, pseudonyms)
    table = crosstab(data, attribute, rollup=rollup, filters=_filters(key))
    return table[table[("segments", "Total")] > 0].round(1)


@st.cache_data(show_spinner=False, max_entries=64)
def gridgroup_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, date: str | None,
    since: str | None, size: str | None,
) -> tuple[pd.DataFrame, go.Figure]:  # fmt: skip
    data = project_data(location, revision, pseudonyms)
    positions = gridgroup_positions(data, date, size, _filters(key))
    movement = gridgroup_movement(data, since, date or "9999", _filters(key)) if since else None
    return positions, gridgroup_figure(positions, movement, size)


@st.cache_data(show_spinner=False, max_entries=64)
def phase_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey
) -> tuple[pd.DataFrame, go.Figure]:
    table = phase_matrix(project_data(location, revision, pseudonyms), _filters(key))
    return table, phase_matrix_figure(table)


@st.cache_data(show_spinner=False, max_entries=64)
def bonding_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, by: str
) -> tuple[pd.DataFrame, go.Figure]:
    table = bonding_bridging(project_data(location, revision, pseudonyms), by, _filters(key))
    return table, bonding_bridging_figure(table)


# -- filters --------------------------------------------------------------------------------
def _date(label: str, name: str) -> str | None:
    value = st.text_input(label, key=state.ANALYSE_FILTER + name, placeholder="YYYY-MM").strip()
    if value and not DATE_RE.match(value):
        st.warning(f"{label}: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD; ignored")
        return None
    return value or None


def _pick(label: str, name: str, options: dict[str, str]) -> list[str] | None:
    chosen = st.multiselect(
        label, list(options), format_func=options.get, key=state.ANALYSE_FILTER + name
    )
    return chosen or None


def filter_controls(data: AnalysisData) -> FilterKey:
    """The filter widgets (in the sidebar); returns a hashable filter key."""
    cases = data.cases
    orgs = cases.loc[cases["kind"] == "organisation", "case"]
    people = cases.loc[cases["kind"] == "participant", "case"]
    with st.sidebar.expander("Analysis filters", expanded=False):
        chosen = {
            "codes": _pick("Codes (with subcodes)", "codes", dict(zip(data.codes["code"],
                           data.codes["path"], strict=True))),
            "coders": _pick("Coders", "coders", {c: c for c in sorted(set(data.codings["coder"]))}),
            "organisations": _pick("Organisations", "orgs",
                                   group_labels(data, "organisation", list(orgs))),
            "document_kinds": _pick("Document kinds", "kinds",
                                    {k: k for k in sorted(set(data.documents["kind"]))}),
            "participants": _pick("Speakers", "speakers",
                                  group_labels(data, "participant", list(people))),
            "date_from": _date("From date", "from"),
            "date_to": _date("To date", "to"),
        }  # fmt: skip
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in chosen.items() if v)


def groupings(data: AnalysisData) -> list[str]:
    return [*BUILT_IN_GROUPINGS, *sorted(set(data.attributes["attribute"]))]


def numeric_attributes(data: AnalysisData) -> list[str]:
    """Attributes whose every value is a number (usable as bubble sizes)."""
    attrs = data.attributes
    numbers = pd.to_numeric(attrs["value"], errors="coerce").notna()
    every = numbers.groupby(attrs["attribute"]).all()
    return sorted(every[every].index)


def frequency_display(table: pd.DataFrame) -> pd.DataFrame:
    shown = table[list(FREQ_SHOWN)].rename(columns=FREQ_SHOWN)
    return shown.round({"per 1,000 words": 2, "% of segments": 1}).reset_index(drop=True)


# -- downloads --------------------------------------------------------------------------------
def table_downloads(df: pd.DataFrame, name: str) -> None:
    """CSV and XLSX buttons (formula-neutralised, made when clicked)."""
    left, right, _ = st.columns([1, 1, 4])
    for column, fmt in ((left, "csv"), (right, "xlsx")):
        column.download_button(
            fmt.upper(), data=lambda fmt=fmt: table_bytes(df, fmt, sheet_name=name),
            file_name=f"{name}.{fmt}", mime=MEDIA_TYPES[fmt], key=f"dl_{name}_{fmt}",
            on_click="ignore", icon=":material/download:",
        )  # fmt: skip


def _figure_file(fig: go.Figure, fmt: str) -> bytes:
    return figure_bytes(fig, fmt)[0]


def figure_downloads(fig: go.Figure, name: str) -> None:
    """Interactive HTML always; PNG and SVG (made by Chromium when clicked)
    where a browser is installed, else a note saying so."""
    formats = ["png", "svg", "html"] if find_browser() else ["html"]
    columns = st.columns([1, 1, 1, 3])
    for column, fmt in zip(columns, formats, strict=False):
        column.download_button(
            fmt.upper(), data=lambda fmt=fmt: _figure_file(fig, fmt), file_name=f"{name}.{fmt}",
            mime=MEDIA_TYPES[fmt], key=f"dl_{name}_{fmt}", on_click="ignore",
            icon=":material/image:",
        )  # fmt: skip
    if len(formats) == 1:
        columns[1].caption("PNG and SVG need Chromium; the HTML chart is interactive.")


def show_chart(fig: go.Figure, name: str) -> None:
    st.plotly_chart(fig, key=f"chart_{name}", config={"displaylogo": False})
    figure_downloads(fig, name)


def show_table(df: pd.DataFrame, name: str, **options: Any) -> None:
    st.dataframe(df, key=f"table_{name}", **options)
    table_downloads(df, name)
