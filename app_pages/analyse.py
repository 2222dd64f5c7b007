"""Analyse page: theme frequency by organisation, relations between codes,
and the frameworks (grid/group, development phases, bonding and bridging)."""

from __future__ import annotations

import streamlit as st

from app_pages import analyse_widgets as aw
from app_pages import common, state
from qda.values import DATE_RE

st.title("Analyse")
project = common.project()
if project is None:
    st.stop()
location, revision = project.location, project.revision
pseudonyms = bool(project.settings.get("show_pseudonyms", True))
data = aw.project_data(location, revision, pseudonyms)
if data.codings.empty:
    st.info("Nothing is coded yet: code some passages on the Code page, then come back.")
    st.stop()
key = aw.filter_controls(project.analysis, data)
if key:
    st.caption("Filtered: " + "; ".join(k.replace("_", " ") for k, _ in key))
OPT = state.ANALYSE_OPTION
groupings = project.analysis.groupings(data)
tab_freq, tab_rel, tab_frame = st.tabs(["Theme frequency", "Relations", "Frameworks"])

with tab_freq:
    c1, c2, c3, c4 = st.columns([2, 2, 1, 1])
    by = c1.selectbox("Group by", groupings, key=OPT + "by", help="Organisation: the speaker's, "
                      "else the document's. Or any case attribute.")  # fmt: skip
    value = c2.selectbox("Show", list(aw.VALUES), format_func=aw.VALUES.get, key=OPT + "value")
    rollup = c3.toggle("Roll up", key=OPT + "rollup", help="A parent counts its subcodes")
    raised = c4.toggle(
        "Raised only", value=True, key=OPT + "raised", help="Hide codes never raised"
    )
    table, heatmap, bars = aw.frequency_view(
        location, revision, pseudonyms, key, by, rollup, value, raised
    )
    if table.empty:
        st.info("No coded passages match these filters.")
    else:
        st.subheader(f"Codes × {common.md(by)}")
        aw.show_chart(heatmap, "frequency_heatmap")
        with st.expander("Grouped bars"):
            aw.show_chart(bars, "frequency_bars")
        st.subheader("Table")
        st.caption(
            "Segments: turns (or paragraphs) coded, a code counted once per segment. "
            "Groups raising it ignore (none). Click a column header to sort."
        )
        aw.show_table(aw.frequency_display(table), "frequency", hide_index=True)

with tab_rel:
    c1, c2, c3 = st.columns([2, 1, 1])
    modes = {"segment": "Same segment", "overlap": "Overlapping codings", "window": "Nearby"}
    mode = c1.radio("Codes meet in", list(modes), format_func=modes.get, horizontal=True,
                    key=OPT + "mode")  # fmt: skip
    window = c2.number_input("Segments apart", 0, 20, 1, key=OPT + "window",
                             disabled=mode != "window")  # fmt: skip
    rel_rollup = c3.toggle("Roll up", key=OPT + "rel_rollup", help="A parent counts its subcodes")
    matrix, fig = aw.cooccurrence_view(
        location, revision, pseudonyms, key, mode, int(window), rel_rollup
    )
    st.subheader("Co-occurrence")
    if matrix.empty:
        st.info("No coded passages match these filters.")
    else:
        st.caption("The diagonal is the number of segments coded with each code.")
        aw.show_chart(fig, "cooccurrence")
        aw.show_table(matrix, "cooccurrence")
    st.subheader("Codes × documents")
    n_docs = len(data.documents)
    if st.toggle(f"Show the matrix ({n_docs} documents)", value=n_docs <= 50, key=OPT + "docs"):
        aw.show_table(
            aw.code_document_view(location, revision, pseudonyms, key, rel_rollup),
            "code_document",
        )
    st.subheader("Codes × case attribute")
    attribute = st.selectbox("Attribute", groupings[1:], key=OPT + "attribute")
    aw.show_table(
        aw.crosstab_view(location, revision, pseudonyms, key, attribute, rel_rollup), "crosstab"
    )

with tab_frame:
    st.subheader("Grid/group map")
    c1, c2, c3 = st.columns(3)
    date = c1.text_input("As of", key=OPT + "gg_date", placeholder="latest (YYYY-MM)").strip()
    since = c2.text_input("Arrows from", key=OPT + "gg_since", placeholder="e.g. 2019").strip()
    size = c3.selectbox("Bubble size", [None, *project.analysis.numeric_attributes(data)], key=OPT + "gg_size",
                        format_func=lambda s: "(same size)" if s is None else s)  # fmt: skip
    bad = [d for d in (date, since) if d and not DATE_RE.match(d)]
    if bad:
        st.warning(common.md(f"{bad[0]!r} is not YYYY, YYYY-MM or YYYY-MM-DD"))
    else:
        positions, fig = aw.gridgroup_view(
            location, revision, pseudonyms, key, date or None, since or None, size
        )
        if positions.empty:
            st.info("No organisation is classified or coded with a culture code yet.")
        else:
            aw.show_chart(fig, "gridgroup")
            hidden = ["organisation"] if size else ["organisation", "size"]
            shown = positions.drop(columns=hidden).round(2)
            aw.show_table(shown, "gridgroup_positions", hide_index=True)
    st.subheader("Development phases")
    phases, fig = aw.phase_view(location, revision, pseudonyms, key)
    if phases.empty:
        st.info("The codebook has no development-phase folders.")
    else:
        aw.show_chart(fig, "phases")
        shown = phases[["phase", "facet", "codings", "segments", "organisations", "exemplar"]]
        aw.show_table(shown, "phases", hide_index=True)
    st.subheader("Bonding and bridging")
    ties, fig = aw.bonding_view(location, revision, pseudonyms, key, "organisation")
    aw.show_chart(fig, "bonding")
    shown = ties.drop(columns=["group"]).rename(columns={"label": "organisation"}).round(2)
    aw.show_table(shown, "bonding", hide_index=True)
