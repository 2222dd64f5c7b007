"""Helpers for the Code page: the transcript component, its events, the code panel.

The transcript is an ``st.components.v2`` component (``components/transcript.*``).
Python cuts each segment of the window into *runs* of text covered by the same
codings; the component renders each run with ``textContent`` and reports
selections as canonical offsets (see ``components/transcript.js``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from app_pages import common, state
from qda.errors import QDAError
from qda.services.coding import CodingService

PAGE = 40  # segments per window
COMPONENT_KEY = "qda_transcript"
_ASSETS = Path(__file__).with_name("components")
transcript_component = st.components.v2.component(
    "qda.transcript",
    js=(_ASSETS / "transcript.js").read_text(encoding="utf-8"),
    css=(_ASSETS / "transcript.css").read_text(encoding="utf-8"),
    isolate_styles=False,
)


@st.cache_data(show_spinner=False, max_entries=64)
def view(location: str, revision: int, doc: str, kind: str, start: int) -> dict:
    return common._open(location).coding.document_view(doc, kind, start, PAGE)


# -- payload ---------------------------------------------------------------------------------


def payload(view_: dict, selection: dict | None, current: int | None, focus: str | None) -> dict:
    codings = [
        {
            "guid": c["guid"],
            "name": c["code_name"],
            "path": c["code_path"],
            "colour": c["colour"],
            "coder": c["coder"],
            "memo": c["memo"] or "",
        }
        for c in view_["codings"]
    ]
    segments = []
    for s in view_["segments"]:
        runs = CodingService.highlight_runs(s, view_["codings"], selection)
        chips = sorted({i for r in runs for i in r["codings"]})
        segments.append(
            {
                "index": s["index"],
                "start": s["start"],
                "speaker": s["display_speaker"] or "",
                "runs": runs,
                "chips": chips,
            }
        )
    return {
        "segments": segments,
        "codings": codings,
        "selection": selection,
        "current": current,
        "focus": focus,
        "scroll_to": st.session_state.pop(state.SCROLL_TO, None),
    }


# -- actions -----------------------------------------------------------------------------------


def remember_code(code: str) -> None:
    recent = [c for c in st.session_state.get(state.RECENT_CODES, []) if c != code]
    st.session_state[state.RECENT_CODES] = [code, *recent][:9]


def jump(index: int) -> None:
    """Make segment ``index`` current, moving the window to its page."""
    st.session_state[state.CURRENT] = index
    st.session_state[state.WINDOW] = (index // PAGE) * PAGE
    st.session_state[state.SCROLL_TO] = index


def apply(code: str, target: dict) -> None:
    """Apply ``code`` to ``target``: ``{"segment": guid}`` or a span
    ``{"document", "start", "end"}``; clears the pending selection."""
    project = common.project()
    try:
        project.coding.apply_code(code, common.coder(), **target)
    except QDAError as err:
        common.flash(str(err), "⚠️")
        return
    remember_code(code)
    st.session_state.pop(state.SELECTION, None)
    common.flash("Coded: " + project.codebook.find_code(code)["path"])


def target_for(view_: dict, selection: dict | None) -> dict | None:
    if selection:
        return {"document": view_["document"], **selection}
    current = st.session_state.get(state.CURRENT)
    for s in view_["segments"]:
        if s["index"] == current:
            return {"segment": s["guid"]}
    return None


def undo() -> None:
    try:
        common.flash("Undone: " + common.project().undo(common.coder()), "↩️")
    except QDAError as err:
        common.flash(str(err), "⚠️")


def redo() -> None:
    try:
        common.flash("Redone: " + common.project().redo(common.coder()), "↪️")
    except QDAError as err:
        common.flash(str(err), "⚠️")


def next_uncoded(doc: str, kind: str) -> None:
    after = st.session_state.get(state.CURRENT, -1)
    found = common.project().coding.next_uncoded(doc, kind, after if after is not None else -1)
    if found is None:
        common.flash("No uncoded segment after this one", "ℹ️")
    else:
        jump(found["index"])


def _on_event(name: str, view_: dict) -> None:
    value = st.session_state[COMPONENT_KEY].get(name)
    if value is None:
        return
    if name == "select":
        st.session_state[state.SELECTION] = {"start": value["start"], "end": value["end"]}
    elif name == "segment":
        st.session_state[state.CURRENT] = int(value)
        st.session_state.pop(state.SELECTION, None)
    elif name == "coding":
        st.session_state[state.FOCUS_CODING] = value
    elif name == "key":
        _on_key(value, view_)


def _on_key(value: dict, view_: dict) -> None:
    key, doc, kind = value.get("key"), view_["document"], view_["kind"]
    current = st.session_state.get(state.CURRENT)
    if key == "n":
        next_uncoded(doc, kind)
    elif key in ("u", "z"):
        undo()
    elif key == "y":
        redo()
    elif key in ("j", "k"):
        step = 1 if key == "j" else -1
        base = current if current is not None else view_["start_index"] - step
        jump(min(max(0, base + step), max(view_["total"] - 1, 0)))
    elif key.isdigit():
        recent = st.session_state.get(state.RECENT_CODES, [])
        n = int(key)
        if n > len(recent):
            common.flash(f"No code on key {n} yet: apply a code from the list first", "ℹ️")
            return
        selection = value.get("selection") or st.session_state.get(state.SELECTION)
        target = target_for(view_, selection)
        if target is None:
            common.flash("Select some text or click a segment first", "ℹ️")
        else:
            apply(recent[n - 1], target)


def show_transcript(view_: dict) -> None:
    data = payload(
        view_,
        st.session_state.get(state.SELECTION),
        st.session_state.get(state.CURRENT),
        st.session_state.get(state.FOCUS_CODING),
    )
    callbacks = {
        f"on_{name}_change": partial(_on_event, name, view_)
        for name in ("select", "segment", "coding", "key")
    }
    transcript_component(key=COMPONENT_KEY, data=data, **callbacks)


def segment_label(seg: dict) -> str:
    words = " ".join(seg.get("shown_text", seg["text"]).split()[:8])
    return f"#{seg['index'] + 1} {seg['display_speaker'] or ''}: {words}…"


# -- the side panel --------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def progress(location: str, revision: int) -> dict[str, float]:
    return {r["guid"]: r["percent"] for r in common._open(location).coding.document_progress()}


PROGRESS = {
    "any": None,
    "not started": lambda p: p == 0,
    "in progress": lambda p: 0 < p < 100,
    "done": lambda p: p >= 100,
}


def filter_documents(docs, location: str, revision: int, shown=lambda text: text):
    """The documents frame narrowed by the filters in a popover; ``shown`` is
    what a name looks like on the page (its pseudonym while pseudonyms are on)."""
    with st.popover("Filter documents", icon=":material/filter_list:"):
        k = state.DOC_FILTERS
        orgs = st.multiselect(
            "Organisation",
            sorted(docs["organisation"].dropna().unique()),
            format_func=shown,
            key=k + "_org",
        )
        kinds = st.multiselect("Kind", sorted(docs["kind"].unique()), key=k + "_kind")
        all_speakers = sorted({s for v in docs["speakers"] for s in v.split(", ") if s})
        speakers = st.multiselect(
            "Speaker (as written)", all_speakers, format_func=shown, key=k + "_speaker"
        )
        prog = st.selectbox("Coding progress", list(PROGRESS), key=k + "_progress")
    keep = docs
    if orgs:
        keep = keep[keep["organisation"].isin(orgs)]
    if kinds:
        keep = keep[keep["kind"].isin(kinds)]
    if speakers:
        keep = keep[keep["speakers"].map(lambda v: any(s in v.split(", ") for s in speakers))]
    if PROGRESS[prog] is not None:
        done = progress(location, revision)
        keep = keep[keep["guid"].map(lambda g: PROGRESS[prog](done.get(g, 0.0)))]
    return keep


def reset_position() -> None:
    for key in (state.SELECTION, state.CURRENT, state.FOCUS_CODING):
        st.session_state.pop(key, None)
    st.session_state[state.WINDOW] = 0


def selected_text(view_: dict, selection: dict) -> str:
    parts = []
    for s in view_["segments"]:
        a, b = max(s["start"], selection["start"]), min(s["end"], selection["end"])
        if a < b:
            parts.append(s["text"][a - s["start"] : b - s["start"]])
    return " … ".join(parts)


def target_panel(view_: dict, shown=lambda text: text) -> dict | None:
    """Show what a code will be applied to; returns the target."""
    selection = st.session_state.get(state.SELECTION)
    if selection:
        quote = shown(selected_text(view_, selection))
        st.markdown(f"**Apply to the selected text** ({selection['start']}–{selection['end']})")
        st.text(quote[:300] + ("…" if len(quote) > 300 else ""))
        st.button("Clear selection", on_click=st.session_state.pop, args=(state.SELECTION, None))
        return target_for(view_, selection)
    indices = [s["index"] for s in view_["segments"]]
    labels = {s["index"]: segment_label(s) for s in view_["segments"]}
    current = st.session_state.get(state.CURRENT)
    st.selectbox(
        f"Apply to {view_['kind']}",
        indices,
        index=indices.index(current) if current in indices else None,
        format_func=labels.get,
        placeholder="click a segment in the transcript, or pick one",
        key=f"{state.SEGMENT_PICK}_{view_['document']}_{view_['kind']}_{view_['start_index']}",
        on_change=_pick_segment,
        args=(f"{state.SEGMENT_PICK}_{view_['document']}_{view_['kind']}_{view_['start_index']}",),
        help="Or select text in the transcript to code an exact span.",
    )
    return target_for(view_, None)


def _pick_segment(key: str) -> None:
    st.session_state[state.CURRENT] = st.session_state[key]
    st.session_state.pop(state.SELECTION, None)


def code_buttons(codes: list[dict], target: dict | None) -> None:
    by_guid = {c["guid"]: c for c in codes}
    recent = [by_guid[g] for g in st.session_state.get(state.RECENT_CODES, []) if g in by_guid]
    if recent:
        st.caption("Recent codes (keys 1–9)")
        for n, c in enumerate(recent, 1):
            st.button(
                f"{n} · {common.md(c['name'])}",
                key=f"recent_{c['guid']}",
                help=common.md(c["path"]),
                disabled=target is None,
                on_click=apply,
                args=(c["guid"], target),
                width="stretch",
            )
    search = st.text_input("Find a code", key=state.CODE_FILTER, placeholder="type to filter")
    needle = search.strip().casefold()
    with st.container(height=420):
        for c in codes:
            if needle and needle not in c["path"].casefold():
                continue
            indent = "\u2003" * (0 if needle else c["depth"])
            label = c["path"] if needle else c["name"]
            if not c["codable"]:
                st.markdown(f"{indent}**{common.md(label)}**")
                continue
            st.button(
                f"{indent}{common.md(label)}",
                key=f"apply_{c['guid']}",
                help=common.md(c["definition"] or c["path"]),
                disabled=target is None,
                on_click=apply,
                args=(c["guid"], target),
                type="tertiary",
            )
