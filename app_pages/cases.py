"""Cases page: participants and organisations with their attributes, editable."""

from __future__ import annotations

import streamlit as st

from app_pages import cases_widgets as cw
from app_pages import common
from qda.errors import QDAError

st.title("Cases")
project = common.project()
if project is None:
    st.stop()
pseudonyms = bool(project.settings.get("show_pseudonyms", True))
real_names = common.real_names_switch(project)
if not real_names:
    st.caption(
        "Real names are hidden. Edit pseudonyms and attributes here; switch real names on "
        "to rename a case, change a participant's organisation or add a case."
    )
elif pseudonyms:
    st.warning("Real names are shown on this page.")

tab_people, tab_orgs = st.tabs(["Participants", "Organisations"])
with tab_people:
    cw.editor(project, "participant", real_names)
with tab_orgs:
    cw.editor(project, "organisation", real_names)

undo = project.can_undo(common.coder())
if undo and st.button(common.md(f"Undo: {undo}")):
    try:
        project.undo(common.coder())
    except QDAError as err:
        st.error(common.md(err))
    else:
        common.flash(common.md(f"Undone: {undo}"))
        st.rerun()
