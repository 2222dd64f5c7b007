"""Code page: read a transcript window by window and apply codes to turns or exact spans."""

from __future__ import annotations

import streamlit as st

from app_pages import code_widgets as cw
from app_pages import common, state
from qda.errors import QDAError

st.title("Code")
project = common.project()
if project is None:
    st.stop()
location, revision = project.location, project.revision
shown = common.shown(project)  # real names become pseudonyms while pseudonyms are on
docs = common.documents_frame(location, revision)
if docs.empty:
    st.info("No documents yet: import transcripts on the Corpus page.")
    st.stop()

top = st.columns([1, 4, 1.3], vertical_alignment="bottom")
with top[0]:
    kept = cw.filter_documents(docs, location, revision, shown)
if kept.empty:
    st.warning("No document matches the filters.")
    st.stop()
options = kept["guid"].tolist()
if st.session_state.get(state.DOCUMENT) not in options:
    st.session_state[state.DOCUMENT] = options[0]
    cw.reset_position()
names = dict(zip(docs["guid"], docs["name"], strict=True))
doc = top[1].selectbox(
    "Document",
    options,
    index=options.index(st.session_state[state.DOCUMENT]),
    format_func=lambda g: shown(names[g]),
)
if doc != st.session_state[state.DOCUMENT]:
    st.session_state[state.DOCUMENT] = doc
    cw.reset_position()
row = docs[docs["guid"] == doc].iloc[0]
kinds = [k for k, n in (("turn", row.turns), ("paragraph", row.paragraphs)) if n] + ["sentence"]
if st.session_state.get(state.SEGMENT_KIND) not in kinds:
    st.session_state[state.SEGMENT_KIND] = kinds[0]
kind = top[2].selectbox(
    "Unit",
    kinds,
    index=kinds.index(st.session_state[state.SEGMENT_KIND]),
    help="What a click codes",
)
if kind != st.session_state[state.SEGMENT_KIND]:
    st.session_state[state.SEGMENT_KIND] = kind
    cw.reset_position()

view = cw.view(location, revision, doc, kind, st.session_state.get(state.WINDOW, 0))
first, total = view["start_index"], view["total"]
bar = st.columns([1, 1, 2.2, 1.4, 1, 1], vertical_alignment="center")
bar[0].button(
    "◀ Previous",
    disabled=first == 0,
    on_click=st.session_state.__setitem__,
    args=(state.WINDOW, max(0, first - cw.PAGE)),
)
bar[1].button(
    "Next ▶",
    disabled=first + cw.PAGE >= total,
    on_click=st.session_state.__setitem__,
    args=(state.WINDOW, first + cw.PAGE),
)
last = first + len(view["segments"])
bar[2].caption(
    f"{kind}s {first + 1}–{last} of {total} · {shown(row.organisation) or 'no organisation'}"
)
bar[3].button(
    "Next uncoded",
    help="Jump to the next segment nobody has coded (key n)",
    on_click=cw.next_uncoded,
    args=(doc, kind),
)
me = common.coder()  # undo and redo are per coder: only my own changes
undo_what, redo_what = project.can_undo(me), project.can_redo(me)
bar[4].button(
    "Undo",
    help=common.md(f"{undo_what or 'Nothing to undo'} (key u)"),
    disabled=not undo_what,
    on_click=cw.undo,
)
bar[5].button(
    "Redo",
    help=common.md(f"{redo_what or 'Nothing to redo'} (key y)"),
    disabled=not redo_what,
    on_click=cw.redo,
)

left, right = st.columns([3, 1.2])
with left:
    cw.show_transcript(view)
    st.caption(
        "Select text to code an exact span, or click a segment. Keys: 1–9 apply a recent code · "
        "n next uncoded · j/k next/previous segment · u undo · y redo."
    )

with right:
    target = cw.target_panel(view, shown)
    codes = common.codes_list(location, revision)
    if not codes:
        st.info("No codes yet: add some on the Codebook page.")
    else:
        cw.code_buttons(codes, target)
    by_guid = {c["guid"]: c for c in view["codings"]}
    focus = st.session_state.get(state.FOCUS_CODING)
    choices = list(by_guid)
    picked = st.selectbox(
        "Codings in view",
        choices,
        index=choices.index(focus) if focus in choices else None,
        format_func=lambda g: (
            f"{by_guid[g]['code_path']} · {by_guid[g]['coder']} "
            f"({by_guid[g]['start']}–{by_guid[g]['end']})"
        ),
        placeholder=f"{len(choices)} codings here: click a label in the margin, or pick one",
    )
    if picked:
        st.session_state[state.FOCUS_CODING] = picked
        coding = by_guid[picked]
        was = coding.get("shown_memo", coding["memo"]) or ""
        memo = st.text_area("Memo on this coding", value=was, key=f"memo_{picked}")
        c1, c2 = st.columns(2)
        if c1.button("Save memo", key="save_coding_memo") and memo != was:
            project.coding.set_coding_memo(picked, memo, common.coder())
            common.flash("Memo saved")
            st.rerun()
        if c2.button("Remove coding", key="remove_coding"):
            project.coding.remove_coding(picked, common.coder())
            st.session_state.pop(state.FOCUS_CODING, None)
            common.flash(f"Removed {coding['code_path']} ({coding['coder']})")
            st.rerun()
    with st.expander("Memos on the document and codes"):
        note = st.text_area("Document memo", key=f"doc_memo_{doc}")
        if st.button("Save document memo") and note.strip():
            project.coding.write_memo("document", doc, note, common.coder())
            common.flash("Document memo saved")
        code_ref = st.selectbox(
            "Code",
            [c["guid"] for c in codes],
            format_func=lambda g: next(c["path"] for c in codes if c["guid"] == g),
            index=None,
            key="memo_code",
        )
        code_note = st.text_area("Code memo", key="code_memo_text")
        if st.button("Save code memo") and code_ref and code_note.strip():
            try:
                project.coding.write_memo("code", code_ref, code_note, common.coder())
            except QDAError as err:
                st.error(common.md(str(err)))
            else:
                common.flash("Code memo saved")
