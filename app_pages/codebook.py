"""Codebook page: the code tree with coding counts; edit, add, move, merge,
split and delete codes without losing a coding; built-ins, import/export,
snapshots and what changed since."""

from __future__ import annotations

import streamlit as st

from app_pages import codebook_widgets as w
from app_pages import common, state

st.title("Codebook")
project = common.project()
if project is None:
    st.stop()
revision = project.revision
codes = common.codes_list(project.location, revision)
paths = {c["guid"]: c["path"] for c in codes}

undo, redo = project.can_undo(), project.can_redo()
c1, c2, c3 = st.columns([4, 1, 1], vertical_alignment="bottom")
search = c1.text_input(
    "Search codes",
    key=state.CODEBOOK_SEARCH,
    placeholder="a name, a word of a definition, a keyword",
)
if c2.button("Undo", icon=":material/undo:", disabled=not undo, help=undo and f"Undo: {undo}"):
    w.act(lambda: project.undo(common.coder()), lambda s: f"Undone: {s}")
if c3.button("Redo", icon=":material/redo:", disabled=not redo, help=redo and f"Redo: {redo}"):
    w.act(lambda: project.redo(common.coder()), lambda s: f"Redone: {s}")

left, right = st.columns([3, 2], gap="medium")
with left:
    shown = w.filter_codes(codes, search)
    total = sum(c["codings"] for c in codes)
    st.caption(
        f"{len(codes)} codes · {total} codings"
        + (f" · {len(shown)} shown for {search.strip()!r}" if search.strip() else "")
        + " · ▸ marks a folder · select a row to work on that code"
    )
    if codes:
        w.show_tree(project.location, revision, shown)
    else:
        st.info("The codebook is empty: add a code, load a built-in frame or import one.")

with right:
    if st.session_state.get(state.CODEBOOK_CODE) not in paths:
        st.session_state[state.CODEBOOK_CODE] = codes[0]["guid"] if codes else None
    guid = st.selectbox("Code", list(paths), format_func=paths.get, key=state.CODEBOOK_CODE)
    code = next((c for c in codes if c["guid"] == guid), None)
    if code is not None:
        kind = "codable code" if code["codable"] else "folder"
        st.caption(f"{kind} · {code['codings']} coding(s) · {code['framework'] or 'own code'}")
    names = ["Edit", "Add", "Move", "Merge", "Split", "Delete"] if code else ["Add"]
    tabs = dict(zip(names, st.tabs(names), strict=True))
    with tabs["Add"]:
        w.add_form(project, code)
    if code is not None:
        with tabs["Edit"]:
            w.edit_form(project, code, revision)
        with tabs["Move"]:
            w.move_form(project, codes, paths)
        with tabs["Merge"]:
            w.merge_form(project, code, codes, paths)
        with tabs["Split"]:
            w.split_form(project, code, revision)
        with tabs["Delete"]:
            w.delete_form(project, code, codes, paths)

st.divider()
files, snaps = st.tabs(["Built-ins, import and export", "Snapshots and changes"])
with files:
    w.files_section(project, revision, bool(codes))
with snaps:
    w.snapshots_section(project, revision)
