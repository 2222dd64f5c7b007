"""Export page: Word reports, workshop packs, annotated transcripts, tables, the pseudonym key."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from app_pages import export_widgets as ew

st.title("Export")
project = common.project()
if project is None:
    st.stop()
revision = project.revision
shown = common.shown(project)  # real names become pseudonyms while pseudonyms are on
real_names = common.real_names_switch(project)
tab_export, tab_key = st.tabs(["Export", "Pseudonyms"])

with tab_export:
    kinds = ew.kinds(project)
    kind = st.radio("What", list(kinds), format_func=kinds.get, horizontal=True)
    pseudonymise = not st.toggle(
        "Show real names",
        value=False,
        help="Participants were promised anonymity: exports use pseudonyms unless you switch this on.",
    )
    if not pseudonymise:
        st.warning("This export will show real names. Keep it within the research team.")
    options: dict = {}
    if kind in ("docx", "workshop", "excerpts", "matrix"):
        codes = ew.code_picker(project, "Codes", "Leave empty for every code; children included.")
        options = {"codes": codes, "pseudonymise": pseudonymise}
    if kind == "docx":
        c1, c2, c3 = st.columns(3)
        options["by"] = c1.radio("Order quotes by", ["organisation", "document"])
        options["include_memos"] = c2.checkbox("Memos", value=True)
        options["include_context"] = c2.checkbox("Context (the surrounding turn)")
        options["codebook_appendix"] = c3.checkbox("Codebook appendix", value=True)
        options["charts"] = c3.checkbox("Chart of organisations per code")
        orgs = [o["name"] for o in project.cases.all("organisation")]
        chosen = st.multiselect(
            "Organisations", orgs, format_func=shown, help="Leave empty for all."
        )
        options["organisations"] = chosen or None
        ew.preview(project, codes, pseudonymise)
    elif kind == "workshop":
        options["charts"] = st.checkbox("A chart per theme")
        if codes:
            options["quotes"] = ew.quote_pickers(project, codes)
        else:
            st.info("Every code with codings becomes a theme; choose codes to pick quotes.")
    elif kind == "annotated":
        docs = {d["guid"]: d["name"] for d in project.corpus.documents()}
        if not docs:
            st.info("No documents yet.")
            st.stop()
        doc = st.selectbox("Document", list(docs), format_func=lambda g: shown(docs[g]))
        options = {"doc": doc, "pseudonymise": pseudonymise}
    elif kind in ("excerpts", "matrix"):
        options["fmt"] = st.radio("Format", ["xlsx", "csv"], horizontal=True)
    elif kind == "qdpx":
        st.caption(
            "The whole project for NVivo, ATLAS.ti, MAXQDA or QualCoder: pseudonymised "
            "unless pseudonyms are switched off above (then it holds real names)."
        )
        options = {
            "crlf": st.checkbox("Windows line ends (CRLF) in the sources"),
            "qualify_names": st.checkbox("Full paths for codes that share a name"),
            "pseudonymise": pseudonymise,
        }
    c_make, c_check = st.columns(2)
    if c_make.button("Create file", type="primary"):
        ew.produce(project, kind, options)
    if kind != "qdpx" and c_check.button(
        "Check for real names", help="Reads the file back before you download it."
    ):
        ew.check_names(project, kind, options, real_names)
    ew.download()

with tab_key:
    st.subheader("Generate pseudonyms")
    st.caption(
        "Cases without a pseudonym are hidden as [name] or [organisation], so quotes cannot "
        "be told apart: give each one its own."
    )
    ew.generate_pseudonyms(project)
    if real_names:
        ew.key_editor(project)
        ew.suggestion_editor(project)
    else:
        st.info(
            "The key and the suggested names are real names: switch on 'Show real names on "
            "this page' to see and edit them."
        )
    ew.check_document(project, real_names, shown)
