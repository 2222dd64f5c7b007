"""Retrieve page: excerpts by codes (AND / OR / NOT) and filters; coding progress."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from app_pages import retrieve_widgets as rw
from qda.errors import QDAError
from qda.services.analysis import AnalysisService

st.title("Retrieve")
project = common.project()
if project is None:
    st.stop()
location, revision = project.location, project.revision
# A switch rather than tabs: only the chosen part runs (progress reads the whole project).
part = st.segmented_control(
    "Part",
    ["Excerpts", "Coding progress"],
    default="Excerpts",
    key="retrieve_part",
    label_visibility="collapsed",
)

if part != "Coding progress":
    codes = common.codes_list(location, revision)
    query = rw.query_form(location, revision, codes)
    try:
        found = rw.excerpts(location, revision, query)
    except QDAError as err:
        st.error(common.md(str(err)))
        found = []
    what = "all codings" if not query.codes else f"{len(query.codes)} code(s), {query.mode.upper()}"
    st.subheader(f"{len(found)} excerpt(s)")
    st.caption(
        f"{what}{' · NOT ' + str(len(query.exclude)) + ' code(s)' if query.exclude else ''}. "
        "AND: codings that overlap, or start in the same speaker turn (paragraph when there "
        "are no turns), as a coding of every other code."
    )
    if found:
        view = st.segmented_control(
            "Show", ["Excerpts", "Table"], default="Excerpts", key="retrieve_view"
        )
        if view == "Table":
            frame = rw.excerpts_frame(found)
            st.dataframe(frame, hide_index=True, width="stretch")
            st.download_button(
                "Download CSV",
                AnalysisService.table_file(frame, "csv"),  # cells safe from formulas
                "excerpts.csv",
                "text/csv",
            )
        else:
            rw.excerpt_list(found)

else:
    docs, coders = rw.progress_frames(location, revision)
    st.markdown("#### By document")
    st.dataframe(
        docs,
        hide_index=True,
        width="stretch",
        # "% coded" is 0-100: without a format a float column is drawn as a fraction (x 100)
        column_config={
            "% coded": st.column_config.ProgressColumn(format="%.1f%%", min_value=0, max_value=100)
        },
    )
    st.markdown("#### By coder")
    st.dataframe(coders, hide_index=True, width="stretch")
