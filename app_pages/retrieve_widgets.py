"""Helpers for the Retrieve page: the query form, excerpt cards, progress tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import code_widgets, common, state
from qda.choices import DOCUMENT_KINDS
from qda.services.workbench import RetrievalQuery

PER_PAGE = 25
MODES = {"or": "any of them (OR)", "and": "all of them together (AND)"}


@st.cache_data(show_spinner=False, max_entries=32)
def excerpts(location: str, revision: int, query: RetrievalQuery) -> list[dict]:
    return common._open(location).coding.retrieve(query)


@st.cache_data(show_spinner=False, max_entries=8)
def progress_frames(location: str, revision: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    project = common._open(location)
    shown = common.shown(project)
    docs = pd.DataFrame(
        [
            {
                "document": shown(r["name"]),
                "organisation": shown(r["organisation"]) or "",
                "unit": r["unit"],
                "segments": r["segments"],
                "coded": r["coded"],
                "% coded": r["percent"],
                "codings": r["codings"],
                **{f"coded by {c}": v["coded"] for c, v in r["coders"].items()},
            }
            for r in project.coding.document_progress()
        ]
    )
    coders = pd.DataFrame(project.coding.coder_progress())
    return docs, coders


@st.cache_data(show_spinner=False, max_entries=8)
def choices(location: str, revision: int) -> dict[str, list[str]]:
    project = common._open(location)
    cases = project.cases.all()
    speakers = sorted(
        {c["pseudonym"] or c["name"] for c in cases if c["kind"] == "participant"}
        | {s for d in project.corpus.documents() for s in d["speakers"]}
    )
    attributes = sorted({a["name"] for a in project.cases.attributes()})
    return {
        "organisations": sorted(c["name"] for c in cases if c["kind"] == "organisation"),
        "speakers": speakers,
        "coders": project.coders(),
        "attributes": attributes,
    }


def query_form(location: str, revision: int, codes: list[dict]) -> RetrievalQuery:
    k = state.RETRIEVE
    shown = common.shown(common._open(location))  # pseudonyms, while they are on
    paths = {c["guid"]: c["path"] for c in codes}
    opts = choices(location, revision)
    c1, c2 = st.columns([3, 2])
    chosen = c1.multiselect("Codes", list(paths), format_func=paths.get, key=k + "_codes")
    mode = c2.radio("Passages coded with", list(MODES), format_func=MODES.get, key=k + "_mode")
    c3, c4 = st.columns([3, 2])
    exclude = c3.multiselect(
        "But NOT together with", list(paths), format_func=paths.get, key=k + "_not"
    )
    subcodes = c4.toggle("Include subcodes", key=k + "_sub")
    with st.expander("Filters", icon=":material/filter_list:"):
        f1, f2, f3 = st.columns(3)
        orgs = f1.multiselect(
            "Organisation", opts["organisations"], format_func=shown, key=k + "_org"
        )
        kinds = f2.multiselect("Document kind", list(DOCUMENT_KINDS), key=k + "_kind")
        speakers = f3.multiselect(
            "Speaker or participant", opts["speakers"], format_func=shown, key=k + "_spk"
        )
        f4, f5, f6 = st.columns(3)
        coders = f4.multiselect("Coder", opts["coders"], key=k + "_coder")
        date_from = f5.text_input("From date", placeholder="YYYY or YYYY-MM(-DD)", key=k + "_from")
        date_to = f6.text_input("To date", placeholder="YYYY or YYYY-MM(-DD)", key=k + "_to")
        a1, a2 = st.columns(2)
        attr = a1.selectbox("Case attribute", opts["attributes"], index=None, key=k + "_attr")
        value = a2.text_input("equals", key=k + "_value")
    return RetrievalQuery(
        codes=chosen,
        mode=mode,
        exclude=exclude,
        include_subcodes=subcodes,
        organisations=orgs,
        kinds=kinds,
        speakers=speakers,
        coders=coders,
        date_from=date_from.strip() or None,
        date_to=date_to.strip() or None,
        attributes={attr: value.strip()} if attr and value.strip() else {},
    )


def open_in_code_page(excerpt: dict) -> None:
    """Show the excerpt's segment on the Code page."""
    st.session_state[state.DOCUMENT] = excerpt["document"]
    st.session_state[state.SEGMENT_KIND] = excerpt["segment_kind"] or "paragraph"
    for key in (state.SELECTION, state.FOCUS_CODING):
        st.session_state.pop(key, None)
    code_widgets.jump(excerpt["segment_index"] or 0)
    st.session_state[state.FOCUS_CODING] = excerpt["guid"]


def excerpt_card(n: int, e: dict) -> None:
    who = e["speaker"] or "no speaker"
    source = f"{e['document_name']} · {e['organisation'] or 'no organisation'} · {who}"
    with st.container(border=True):
        st.markdown(f"**{n}. {common.md(e['code_path'])}** · coded by {common.md(e['coder'])}")
        st.caption(common.md(source) + f" · characters {e['start']}–{e['end']}")
        st.text(e["text"])
        if e["memo"]:
            st.caption("Memo: " + common.md(e["memo"]))
        with st.expander("Context"):
            st.text(e["context"])
        if st.button("Open in the Code page", key=f"open_{e['guid']}", icon=":material/edit_note:"):
            open_in_code_page(e)
            st.switch_page("app_pages/code.py")


def excerpt_list(found: list[dict]) -> None:
    pages = max(1, -(-len(found) // PER_PAGE))
    page = 1
    if pages > 1:
        page = st.number_input(f"Page (of {pages})", 1, pages, 1, key=state.RETRIEVE + "_page")
    first = (page - 1) * PER_PAGE
    for n, e in enumerate(found[first : first + PER_PAGE], first + 1):
        excerpt_card(n, e)


def excerpts_frame(found: list[dict]) -> pd.DataFrame:
    cols = ["document_name", "organisation", "speaker", "code_path", "coder", "start", "end"]
    frame = pd.DataFrame(found, columns=[*cols, "text", "memo"])
    return frame.rename(columns={"document_name": "document", "code_path": "code"})
