"""Review page: partners answer the interim themes shared with them;
researchers open rounds and read the answers by theme and organisation."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from app_pages import review_widgets as rw
from qda.errors import QDAError

st.title("Review")
project = common.project()
if project is None:
    st.stop()
role = common.role()

if role == "partner":
    rounds = project.review.rounds()
    if not rounds:
        st.info("No themes have been shared with you yet.")
        st.stop()
    titles = {r["guid"]: r["title"] for r in rounds}
    chosen = st.selectbox("Review round", list(titles), format_func=titles.get, key="rv_round")
    shown = project.review.round(chosen)
    st.caption(
        "The researchers would like to know whether these themes ring true for your "
        "organisation. Quotes are anonymised. Only the research team sees your answers."
    )
    for number, theme in enumerate(shown["themes"], 1):
        rw.theme_form(project, chosen, theme, shown["mine"], number)
    rw.propose_form(project, chosen)
    if shown["proposals"]:
        st.caption(
            common.md("Themes you proposed: " + "; ".join(p["name"] for p in shown["proposals"]))
        )
    st.stop()

# -- researchers -----------------------------------------------------------------------------
if role == "admin":
    with st.expander("Open a review round", expanded=not project.review.rounds()):
        with st.form("rv_open"):
            title = st.text_input("Title", placeholder="Interim themes, spring workshop")
            paths = [c["path"] for c in common.codes_list(project.location, project.revision)]
            codes = st.multiselect("Themes (codes) to share", paths)
            quotes = st.slider("Quotes per theme", 0, 6, 3)
            partners = [u["name"] for u in project.accounts.list_users() if u["role"] == "partner"]
            audience = st.multiselect("Partners (none chosen = every partner account)", partners)
            if st.form_submit_button("Open the round"):
                try:
                    project.review.open_round(
                        title, codes, quotes_per_theme=quotes, partners=audience
                    )
                except QDAError as err:
                    st.error(common.md(err))
                else:
                    common.flash(common.md(f"Opened {title.strip()!r}"))
                    st.rerun()
        if not partners:
            st.caption("No partner accounts yet: add them with `python -m qda user add`.")

rounds = project.review.rounds()
if not rounds:
    st.info("No review rounds yet.")
    st.stop()
st.dataframe(
    [
        {k: r[k] for k in ("title", "status", "themes", "responses", "partners_responding")}
        | {"shared with": ", ".join(r["audience"])}
        for r in rounds
    ],
    hide_index=True,
    width="stretch",
)
titles = {r["guid"]: f"{r['title']} ({r['status']})" for r in rounds}
chosen = st.selectbox("Round", list(titles), format_func=titles.get, key="rv_researcher_round")
summary = project.review.responses(chosen)
votes, comments, organisations = rw.responses_frames(summary)
st.subheader(f"{summary['answers']} answer(s)")
st.dataframe(votes, hide_index=True, width="stretch")
if len(comments):
    st.markdown("#### Comments")
    st.dataframe(comments, hide_index=True, width="stretch")
if len(organisations):
    st.markdown("#### By partner organisation")
    st.dataframe(organisations, hide_index=True, width="stretch")
if summary["proposals"]:
    st.markdown("#### Themes partners proposed")
    st.dataframe(summary["proposals"], hide_index=True, width="stretch")

if role == "admin":
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button("Word", rw.download(project, chosen, "docx"), "review-responses.docx")
    c2.download_button(
        "CSV", rw.download(project, chosen, "csv"), "review-responses.csv", "text/csv"
    )
    if c3.button(
        "Import as a document",
        help="The answers as a workshop-feedback document to code like any transcript",
    ):
        try:
            doc = project.review.import_responses(chosen)
            common.flash(common.md(f"Imported {doc['name']!r}"))
        except QDAError as err:
            common.flash(common.md(err), "⚠️")
        st.rerun()
    if summary["status"] == "open" and c4.button("Close the round"):
        project.review.close_round(chosen)
        common.flash("Closed: partners no longer see it")
        st.rerun()
