"""Project page: what is open, its counts and settings; open or create another."""

from __future__ import annotations

import streamlit as st

from app_pages import common, state
from qda.errors import QDAError
from qda.project import Project

st.title("Project")
project = common.project()
role = common.role()
if project is not None and role == "partner":
    st.subheader(project.info()["name"])
    st.write(
        "You are signed in as a community partner: the Review page shows the themes "
        "the researchers have shared with you."
    )
    st.stop()
if project is not None:
    info = project.info()
    st.subheader(common.md(info["name"]))
    st.caption(f"Stored at {common.md(info['location'])} · revision {info['revision']}")
    st.markdown(
        "**Corpus** imports transcripts, notes and surveys · **Codebook** loads and edits the "
        "frameworks · **Code** applies codes to turns or selected text · **Retrieve** finds "
        "excerpts · **Analyse** charts themes by organisation and the framework maps · "
        "**Export** writes anonymised Word reports, the workshop pack, tables and REFI-QDA files."
    )
    n = common.counts(project.location, info["revision"])
    cols = st.columns(6)
    for col, key in zip(
        cols,
        ["documents", "organisations", "participants", "codes", "codings", "memos"],
        strict=True,
    ):
        col.metric(key.capitalize(), n[key])

    if role == "admin":
        with st.expander("Settings"):
            show = st.toggle(
                "Show pseudonyms instead of names",
                value=bool(info["settings"]["show_pseudonyms"]),
                help="Anonymity by default: transcripts, excerpts and exports show pseudonyms.",
            )
            model = st.text_input(
                "spaCy pipeline for sentences (blank = built-in rules)",
                value=info["settings"]["spacy_model"] or "",
                help="Name of an installed spaCy package such as en_core_web_sm. Nothing is downloaded.",
            )
            if st.button("Save settings"):
                project.update_settings(show_pseudonyms=show, spacy_model=model.strip() or None)
                common.flash("Settings saved")
                st.rerun()

    with st.expander("Recent changes"):
        history = project.history(20)
        if history:
            st.dataframe(
                [{k: h[k] for k in ("at", "coder", "action", "summary")} for h in history],
                hide_index=True,
                width="stretch",
            )
        else:
            st.caption("No changes yet.")

if role != "admin":
    st.stop()
st.divider()
left, right = st.columns(2)
with left:
    st.markdown("#### Open a project")
    with st.form("open_project"):
        where = st.text_input(
            "Path to a .sqlite file, or a database URL", placeholder="projects/study.sqlite"
        )
        if st.form_submit_button("Open") and where.strip():
            try:
                Project.open(where.strip()).close()
            except QDAError as err:
                st.error(common.md(str(err)))
            else:
                st.session_state[state.PROJECT] = where.strip()
                st.rerun()
with right:
    st.markdown("#### Create a project")
    with st.form("create_project"):
        name = st.text_input("Project name", placeholder="Social value study")
        where = st.text_input(
            "File name",
            placeholder="study.sqlite",
            help=f"Created in {common.projects_dir()} unless you give a path or URL.",
        )
        if st.form_submit_button("Create") and name.strip():
            target = where.strip() or name.strip().lower().replace(" ", "-") + ".sqlite"
            if "/" not in target and "://" not in target:
                target = str(common.projects_dir() / target)
            try:
                Project.create(target, name=name.strip()).close()
            except QDAError as err:
                st.error(common.md(str(err)))
            else:
                st.session_state[state.PROJECT] = target
                common.flash(f"Created {name.strip()!r}")
                st.rerun()
