"""Helpers for the Analyse page: cached data and tables, filters, downloads.

The project's :class:`~analysis.data.AnalysisData` is read once per project
revision; every table and figure is cached by (location, revision, filters,
options), so a rerun that changes nothing computes nothing. Downloads are
generated only when clicked (deferred ``st.download_button`` data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from app_pages import common, state
from qda.services.analysis import MEDIA_TYPES, AnalysisService
from qda.values import DATE_RE

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from qda.services.analysis import AnalysisData

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
def _analysis(location: str) -> AnalysisService:
    return common._open(location).analysis


@st.cache_data(show_spinner="Reading the project…", max_entries=4)
def project_data(location: str, revision: int, pseudonyms: bool) -> AnalysisData:
    return _analysis(location).data(with_text=True, real_names=not pseudonyms)


def _filters(key: FilterKey) -> dict | None:
    return dict(key) if key else None


@st.cache_data(show_spinner=False, max_entries=64)
def frequency_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, by: str, rollup: bool,
    value: str, raised_only: bool,
) -> tuple[pd.DataFrame, go.Figure, go.Figure]:  # fmt: skip
    analysis = _analysis(location)
    data = project_data(location, revision, pseudonyms)
    table = analysis.frequency(
        data, by=by, rollup=rollup, filters=_filters(key), raised_only=raised_only
    )
    heatmap = analysis.figure("frequency_heatmap", table, value=value)
    return table, heatmap, analysis.figure("frequency_bars", table, value=value)


@st.cache_data(show_spinner=False, max_entries=64)
def cooccurrence_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, mode: str, window: int,
    rollup: bool,
) -> tuple[pd.DataFrame, go.Figure]:  # fmt: skip
    analysis = _analysis(location)
    data = project_data(location, revision, pseudonyms)
    matrix = analysis.cooccurrence(
        data, mode=mode, window=window, rollup=rollup, filters=_filters(key), coded_only=True
    )
    fig = analysis.figure("cooccurrence", matrix)
    labels = matrix.attrs["labels"]
    named = matrix.rename(index=labels, columns=labels)
    named.index.name = "code"
    return named, fig


@st.cache_data(show_spinner=False, max_entries=64)
def code_document_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, rollup: bool
) -> pd.DataFrame:
    data = project_data(location, revision, pseudonyms)
    return _analysis(location).code_document(data, rollup=rollup, filters=_filters(key))


@st.cache_data(show_spinner=False, max_entries=64)
def crosstab_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, attribute: str, rollup: bool
) -> pd.DataFrame:
    data = project_data(location, revision, pseudonyms)
    table = _analysis(location).crosstab(
        data, attribute=attribute, rollup=rollup, filters=_filters(key)
    )
    return table.round(1)


@st.cache_data(show_spinner=False, max_entries=64)
def gridgroup_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, date: str | None,
    since: str | None, size: str | None,
) -> tuple[pd.DataFrame, go.Figure]:  # fmt: skip
    analysis = _analysis(location)
    data = project_data(location, revision, pseudonyms)
    positions, movement = analysis.gridgroup(
        data, date=date, since=since, size=size, filters=_filters(key)
    )
    return positions, analysis.figure("gridgroup", positions, movement=movement, size=size)


@st.cache_data(show_spinner=False, max_entries=64)
def phase_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey
) -> tuple[pd.DataFrame, go.Figure]:
    analysis = _analysis(location)
    table = analysis.phases(project_data(location, revision, pseudonyms), filters=_filters(key))
    return table, analysis.figure("phases", table)


@st.cache_data(show_spinner=False, max_entries=64)
def bonding_view(
    location: str, revision: int, pseudonyms: bool, key: FilterKey, by: str
) -> tuple[pd.DataFrame, go.Figure]:
    analysis = _analysis(location)
    data = project_data(location, revision, pseudonyms)
    table = analysis.bonding(data, by=by, filters=_filters(key))
    return table, analysis.figure("bonding", table)


# -- filters --------------------------------------------------------------------------------
def _date(label: str, name: str) -> str | None:
    value = st.text_input(label, key=state.ANALYSE_FILTER + name, placeholder="YYYY-MM").strip()
    if value and not DATE_RE.match(value):
        st.warning(common.md(f"{label}: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD; ignored"))
        return None
    return value or None


def _pick(label: str, name: str, options: dict[str, str]) -> list[str] | None:
    chosen = st.multiselect(
        label, list(options), format_func=options.get, key=state.ANALYSE_FILTER + name
    )
    return chosen or None


def filter_controls(analysis: AnalysisService, data: AnalysisData) -> FilterKey:
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
                                   analysis.group_labels(data, "organisation", list(orgs))),
            "document_kinds": _pick("Document kinds", "kinds",
                                    {k: k for k in sorted(set(data.documents["kind"]))}),
            "participants": _pick("Speakers", "speakers",
                                  analysis.group_labels(data, "participant", list(people))),
            "date_from": _date("From date", "from"),
            "date_to": _date("To date", "to"),
        }  # fmt: skip
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in chosen.items() if v)


def frequency_display(table: pd.DataFrame) -> pd.DataFrame:
    shown = table[list(FREQ_SHOWN)].rename(columns=FREQ_SHOWN)
    return shown.round({"per 1,000 words": 2, "% of segments": 1}).reset_index(drop=True)


# -- downloads --------------------------------------------------------------------------------
def table_downloads(df: pd.DataFrame, name: str) -> None:
    """CSV and XLSX buttons (formula-neutralised, made when clicked)."""
    left, right, _ = st.columns([1, 1, 4])
    for column, fmt in ((left, "csv"), (right, "xlsx")):
        column.download_button(
            fmt.upper(), data=lambda fmt=fmt: AnalysisService.table_file(df, fmt, sheet_name=name),
            file_name=f"{name}.{fmt}", mime=MEDIA_TYPES[fmt], key=f"dl_{name}_{fmt}",
            on_click="ignore", icon=":material/download:",
        )  # fmt: skip


def _figure_file(fig: go.Figure, fmt: str) -> bytes:
    return AnalysisService.figure_file(fig, fmt)[0]


def figure_downloads(fig: go.Figure, name: str) -> None:
    """Interactive HTML always; PNG and SVG (made by Chromium when clicked)
    where a browser is installed, else a note saying so."""
    formats = ["png", "svg", "html"] if AnalysisService.can_draw_images() else ["html"]
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
