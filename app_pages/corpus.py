"""Corpus page: import transcripts with a preview, list and edit documents, cases."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import common, corpus_widgets, state
from qda.choices import DOCUMENT_KINDS
from qda.errors import QDAError

st.title("Corpus")
project = common.project()
if project is None:
    st.stop()
revision = project.revision
shown = common.shown(project)  # real names become pseudonyms while pseudonyms are on
real_names = common.real_names_switch(project)
tab_import, tab_docs, tab_cases = st.tabs(["Import", "Documents", "Cases"])

with tab_import:
    uploads = st.file_uploader(
        "Transcripts, notes, captions or surveys (CSV/XLSX)",
        accept_multiple_files=True,
        type=[e.lstrip(".") for e in project.corpus.importable_extensions()],
        key=f"uploader_{st.session_state.get(state.UPLOADER, 0)}",
    )
    c1, c2, c3, c4 = st.columns(4)
    organisation = c1.text_input("Organisation", help="The organisation these documents belong to")
    kind = c2.selectbox(
        "Kind",
        [None, *DOCUMENT_KINDS],
        format_func=lambda k: "detect (report or interview)" if k is None else k,
        help="A report is imported by paragraph, with its attributed quotations as turns",
    )
    date = c3.text_input("Date", placeholder="YYYY-MM-DD")
    options = corpus_widgets.speaker_options()
    speakers = c4.selectbox("Speakers", list(options), format_func=options.get)
    if speakers == "custom":
        speakers = (
            st.text_input(
                "Regular expression with (?P<speaker>…)", value=r"(?P<speaker>[A-Z][\w ]{0,30}):"
            )
            or "auto"
        )
    plans = []
    for upload in uploads or []:
        with st.expander(common.md(upload.name), expanded=len(uploads) <= 2):
            if upload.name.lower().endswith((".csv", ".xlsx")):
                plan = corpus_widgets.preview_survey(upload)
            else:
                plan = corpus_widgets.preview_file(project.location, upload, speakers, kind)
            if plan:
                plans.append(plan)
    if plans and st.button(f"Import {len(plans)} file(s)", type="primary"):
        try:
            corpus_widgets.run_import(
                plans, organisation.strip() or None, kind, date.strip() or None
            )
        except QDAError as err:
            st.error(common.md(str(err)))

with tab_docs:
    docs = common.documents_frame(project.location, revision)
    if docs.empty:
        st.info("No documents yet: import some on the Import tab.")
    elif not real_names:
        st.caption("Pseudonyms are on: switch real names on to edit or delete documents.")
        st.dataframe(common.shown_frame(docs, shown, ("guid",)), hide_index=True, width="stretch")
    else:
        st.caption("Edit name, kind, date or organisation in the table, then save.")
        edited = st.data_editor(
            docs,
            key="docs_editor",
            hide_index=True,
            width="stretch",
            disabled=[
                "guid",
                "speakers",
                "turns",
                "paragraphs",
                "sentences",
                "words",
                "source_name",
            ],
            column_config={
                "guid": None,
                "kind": st.column_config.SelectboxColumn(
                    "kind", options=list(DOCUMENT_KINDS), required=True
                ),
            },
        )
        if st.button("Save document changes"):
            changed = 0
            try:
                for before, after in zip(
                    docs.to_dict("records"), edited.to_dict("records"), strict=True
                ):
                    diff = {
                        k: (None if pd.isna(after[k]) else after[k])
                        for k in ("name", "kind", "date", "organisation")
                        if not (pd.isna(before[k]) and pd.isna(after[k])) and before[k] != after[k]
                    }
                    if diff:
                        project.corpus.update_document(before["guid"], **diff)
                        changed += 1
            except QDAError as err:
                st.error(common.md(str(err)))
            else:
                common.flash(f"Saved changes to {changed} document(s)")
                st.rerun()
        with st.popover("Delete a document"):
            victim = st.selectbox("Document", docs["name"].tolist(), key="delete_doc")
            st.warning("Deleting a document deletes its segments and codings.")
            if st.button("Delete for good", key="delete_doc_go"):
                project.corpus.delete_document(victim, coder=common.coder())
                common.flash(f"Deleted {victim!r}")
                st.rerun()

with tab_cases:
    for kind_ in ("organisation", "participant"):
        st.markdown(f"#### {kind_.capitalize()}s")
        frame = common.cases_frame(project.location, revision, kind_)
        if frame.empty:
            st.caption(f"No {kind_}s yet.")
        else:
            if not real_names:
                frame = common.shown_frame(frame, shown, ("name",))
            st.dataframe(frame, hide_index=True, width="stretch")
    st.caption("Edit cases, their organisations, pseudonyms and attributes on the Cases page.")
    with st.form("attributes"):
        st.markdown("#### Import attributes (CSV or XLSX, one row per case)")
        table = st.file_uploader("Table", type=["csv", "xlsx"], key="attr_file")
        applies = st.radio("Rows are", ["organisation", "participant"], horizontal=True)
        if st.form_submit_button("Import attributes") and table is not None:
            try:
                n = project.cases.import_attributes(table.name, table.getvalue(), kind=applies)
            except QDAError as err:
                st.error(common.md(str(err)))
            else:
                common.flash(f"Attributes imported for {n} {applies}(s)")
                st.rerun()
    with st.form("classify"):
        st.markdown("#### Dated classification (e.g. culture = egalitarianism as of 2015-02)")
        names = common.cases_frame(project.location, revision, "organisation")
        k1, k2, k3, k4 = st.columns(4)
        case = k1.selectbox(
            "Organisation", names["name"].tolist() if not names.empty else [], format_func=shown
        )
        scheme = k2.text_input("Scheme", value="culture")
        value = k3.text_input("Value", placeholder="egalitarianism")
        as_of = k4.text_input("As of", placeholder="2015-02")
        if st.form_submit_button("Add classification") and case:
            try:
                project.cases.classify(case, scheme, value, as_of)
            except QDAError as err:
                st.error(common.md(str(err)))
            else:
                common.flash(f"{shown(case)}: {scheme} = {value} as of {as_of}")
                st.rerun()
