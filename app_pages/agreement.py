"""Agreement page: inter-coder agreement per code and document, a heatmap,
and the disagreements resolved into a consensus coder."""

from __future__ import annotations

import streamlit as st

from app_pages import agreement_widgets as aw
from app_pages import common
from qda.errors import QDAError
from qda.services.agreement import CONSENSUS, GROUP_SEPARATOR, UNITS

st.title("Agreement")
project = common.project()
if project is None:
    st.stop()
location, revision = project.location, project.revision
shown = common.shown(project)  # documents and passages through the pseudonym key
coders = project.agreement.coders()
if len(coders) < 2:
    st.info(
        "Agreement compares two or more coders; this project has "
        f"{len(coders)} coder{'s' if len(coders) != 1 else ''} so far."
    )
    st.stop()

c1, c2, c3 = st.columns([2, 2, 1])
a = c1.multiselect("Coder A (several = a group)", coders, default=coders[:1], key="agr_a")
b = c2.multiselect("Coder B (several = a group)", coders, default=coders[1:2], key="agr_b")
unit = c3.selectbox(
    "Unit",
    UNITS,
    key="agr_unit",
    help="Characters as NVivo counts them, or "
    "sentences, paragraphs or turns (coded when any character is).",
)
if not a or not b:
    st.info("Choose a coder (or a group) on each side.")
    st.stop()
labels = (GROUP_SEPARATOR.join(a), GROUP_SEPARATOR.join(b))
try:
    rows = aw.comparison(location, revision, (tuple(a), tuple(b)), unit)
except QDAError as err:
    st.error(common.md(err))
    st.stop()

part = st.segmented_control(
    "Part",
    ["Table", "Heatmap", "Disagreements"],
    default="Table",
    key="agr_part",
    label_visibility="collapsed",
)
if not rows:
    st.info(common.md(f"{labels[0]} and {labels[1]} have no codings to compare at this unit."))
elif part == "Table":
    # a big project has a row per code and document: start from the pooled rows
    pooled_only = st.toggle(
        "Pooled rows only (all documents)", value=len(rows) > 500, key="agr_pooled"
    )
    st.dataframe(
        common.shown_frame(aw.table(rows, pooled_only), shown), hide_index=True, width="stretch"
    )
    st.caption(
        "Agreement: % of units on which both agree (coded by both or by neither). Kappa: "
        "Cohen's, as NVivo computes it (1 when chance alone would agree fully). Alpha: "
        "Krippendorff's, nominal; blank when nobody's coding varies. Pooled rows count the "
        "units of every document together."
    )
    st.download_button(
        "Download CSV",
        project.analysis.table_file(aw.table(rows, False)),
        "agreement.csv",
        "text/csv",
    )
elif part == "Heatmap":
    value = st.radio("Colour by", ["kappa", "alpha", "agreement"], horizontal=True, key="agr_value")
    st.plotly_chart(aw.heatmap(rows, value, shown), width="stretch")
else:
    consensus = st.text_input("Consensus coder", value=CONSENSUS, key="agr_consensus")
    found = aw.disagreements(location, revision, tuple(a), tuple(b))
    still = [d for d in found if d["decision"] is None]
    st.subheader(f"{len(still)} open of {len(found)} disagreement(s)")
    t1, t2, t3 = st.columns(3)
    show_all = t1.toggle("Show resolved too", key="agr_all")
    if t2.button(
        "Adopt all agreed passages",
        help=common.md(f"Copy what {labels[0]} and {labels[1]} coded identically to {consensus!r}"),
    ):
        try:
            n = project.agreement.adopt_agreed(a, b, consensus=consensus, coder=common.coder())
            common.flash(f"Adopted {n} agreed passage(s)")
        except QDAError as err:
            common.flash(common.md(err), "⚠️")
        st.rerun()
    undo_what = project.can_undo(common.coder())
    if t3.button(
        "Undo",
        icon=":material/undo:",
        disabled=not undo_what,
        help=common.md(undo_what) if undo_what else "Nothing to undo",
    ):
        common.flash(common.md("Undone: " + project.undo(common.coder())), "↩️")
        st.rerun()
    listed = found if show_all else still
    for i, d in enumerate(listed[:30]):
        aw.card(d, i, a, b, labels, consensus, shown)
    if len(listed) > 30:
        st.caption(f"First 30 of {len(listed)}; resolve these to see more.")
