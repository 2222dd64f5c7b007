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

me = common.coder()  # undo and redo are per coder: only my own changes
undo, redo = project.can_undo(me), project.can_redo(me)
c1, c2, c3 = st.columns([6, 1, 1], vertical_alignment="bottom")
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
        + (f" · {len(shown)} shown for {common.md(repr(search.strip()))}" if search.strip() else "")
        + " · ▼ marks a folder · select a row to work on that code"
    )
    if codes:
        w.show_tree(project.location, revision, shown)
    else:
        st.info("The codebook is empty: add a code, load a built-in frame or import one.")

with right:
    selected = st.session_state.pop(state.CODEBOOK_NEXT, None) or st.session_state.get(
        state.CODEBOOK_CODE
    )
    if search.strip() and selected not in {c["guid"] for c in shown}:  # follow the search
        selected = next((c["guid"] for c in shown if project.codebook.matches(c, search)), selected)
    if selected not in paths:
        selected = codes[0]["guid"] if codes else None
    st.session_state[state.CODEBOOK_CODE] = selected
    guid = st.selectbox("Code", list(paths), format_func=paths.get, key=state.CODEBOOK_CODE)
    code = next((c for c in codes if c["guid"] == guid), None)
    if code is not None:
        kind = "codable code" if code["codable"] else "folder"
        st.caption(
            f"{kind} · {code['codings']} coding(s) · {common.md(code['framework'] or 'own code')}"
        )
    names = ["Edit", "Add", "Move", "Merge", "Split", "Delete"] if code else ["Add"]
    tabs = dict(zip(names, st.tabs(names), strict=True))
    with tabs["Add"]:
        w.add_form(project, code)
    if code is not None:
        with tabs["Edit"]:
            w.edit_form(project, code, revision)
            if code["codable"]:
                w.rule_form(project, code, revision)
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
    titles = w.builtin_titles()
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    name = c1.selectbox(
        "Built-in frame", list(titles), format_func=lambda n: f"{titles[n]} · {n}", key="cb_bi"
    )
    merge = st.checkbox(
        "Merge codes whose path is already in the codebook",
        key="cb_merge",
        help="Without it a codebook giving a path twice is refused.",
    )
    if c2.button("Load built-in", key="cb_bi_go"):
        w.act(
            lambda: project.codebook.import_codebook(
                f"builtin:{name}", b"", coder=common.coder(), merge=merge
            ),
            lambda n: f"Loaded {n} codes of {titles[name]!r}",
        )
    generation = st.session_state.get(state.CODEBOOK_UPLOADER, 0)
    upload = st.file_uploader(
        "Import a codebook (.yaml, .qdc from NVivo/ATLAS.ti/MAXQDA, .csv)",
        type=["yaml", "yml", "qdc", "csv"],
        key=f"cb_upload_{generation}",
    )
    fresh = st.checkbox(
        "As a copy with new identifiers",
        key="cb_fresh",
        help="Needed to load a codebook whose codes are already in this project.",
    )
    if st.button("Import codebook", disabled=upload is None, key="cb_upload_go"):
        w.act(
            lambda: project.codebook.import_codebook(
                upload.name, upload.getvalue(), coder=common.coder(), fresh=fresh, merge=merge
            ),
            lambda n: f"Imported {n} codes from {upload.name}",
            after=lambda _: st.session_state.update({state.CODEBOOK_UPLOADER: generation + 1}),
        )
    if codes:
        st.markdown("**Export**")
        cols = st.columns(3)
        for col, (fmt, mime) in zip(
            cols,
            [("yaml", "application/yaml"), ("qdc", "application/xml"), ("csv", "text/csv")],
            strict=True,
        ):
            col.download_button(
                f"Download .{fmt}",
                w.export_bytes(project.location, revision, fmt),
                file_name=f"codebook.{fmt}",
                mime=mime,
                key=f"cb_dl_{fmt}",
            )
with snaps:
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    snap = c1.text_input("Snapshot name", placeholder="e.g. before the partner workshop")
    if c2.button("Take snapshot", key="cb_snap_go"):
        w.act(
            lambda: project.codebook.create_snapshot(snap),
            lambda _: f"Snapshot {snap.strip()!r} saved",
        )
    names = [s["name"] for s in project.codebook.snapshots()]
    if not names:
        st.caption("No snapshots yet: take one before reworking the codebook, then compare.")
        st.stop()
    c1, c2 = st.columns(2)
    old = c1.selectbox("Compare snapshot", names, index=len(names) - 1, key="cb_snap_old")
    new = c2.selectbox(
        "With", [None, *names], format_func=lambda n: "the codebook now" if n is None else n
    )
    frame = w.diff_frame(project.location, revision, old, new)
    if frame.empty:
        st.success("No changes to the codebook between them.")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
