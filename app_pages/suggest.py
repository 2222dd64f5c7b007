"""Suggest page: keyword rules, more like this, a model of your coding and
emerging themes. Every suggestion shows why; nothing is coded until you accept."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import common, state
from app_pages import suggest_widgets as sw
from qda.choices import SEGMENT_KINDS
from qda.errors import QDAError

st.title("Suggest")
project = common.project()
if project is None:
    st.stop()
location, revision = project.location, project.revision
show = common.shown(project)  # documents, passages and organisations: pseudonyms when on
codes = [c for c in common.codes_list(location, revision) if c["codable"]]
paths = {c["guid"]: c["path"] for c in codes}
if not codes:
    st.info("Add codes (or load a built-in frame) on the Codebook page first.")
    st.stop()
c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
part = c1.segmented_control(
    "Suggester",
    ["Rules", "More like this", "Model", "Themes", "Decisions"],
    default="Rules",
    key=state.SUGGEST_PART,
)
default_unit = project.suggestions.default_unit()
unit = c2.selectbox("Unit", SEGMENT_KINDS, index=SEGMENT_KINDS.index(default_unit), key="sg_unit")

try:
    if part == "Rules":
        with_rules = [
            r["code"] for r in sw.rules(location, revision) if r["keywords"] or r["pattern"]
        ]
        st.caption(
            f"{len(with_rules)} of {len(codes)} codes have keywords or a pattern (edit them on "
            "the Codebook page). Keywords match any form of the word; ⟦ ⟧ marks the match."
        )
        chosen = st.multiselect("Codes", with_rules, format_func=paths.get, key="sg_rule_codes")
        hits = sw.rule_hits(location, revision, unit, tuple(chosen or with_rules))
        st.subheader(f"{len(hits)} passage(s) to review")
        sw.decide_list(project, hits, "sg_rules")

    elif part == "More like this":
        mine = project.coding.codings()
        by_guid = {c["guid"]: c for c in mine}
        source = st.radio("From", ["a coding", "a passage I paste"], horizontal=True, key="sg_from")
        coding, texts, code = None, None, None
        if source == "a coding" and mine:
            coding = st.selectbox(
                "Coding",
                list(by_guid),
                format_func=lambda g: common.md(
                    show(
                        f"{by_guid[g]['code_name']} · {by_guid[g]['document_name']} "
                        f"{by_guid[g]['start']}-{by_guid[g]['end']}"
                    )
                ),
                key="sg_coding",
            )
        elif source != "a coding":
            texts = [st.text_area("Passage", key="sg_passage")]
            code = st.selectbox(
                "Code to suggest", list(paths), format_func=paths.get, key="sg_code"
            )
        top = st.slider("How many", 5, 100, 20, key="sg_top")
        if st.button(
            "Find similar passages",
            type="primary",
            disabled=not (coding or (texts and texts[0].strip())),
        ):
            found = project.suggestions.more_like_this(coding, texts, unit, top, code)
            st.session_state[state.SUGGEST_SIMILAR] = found
        if st.session_state.get(state.SUGGEST_SIMILAR) is not None:
            st.caption("Shared words are marked ⟦ ⟧; the score is the cosine similarity.")
            sw.decide_list(project, st.session_state[state.SUGGEST_SIMILAR], "sg_similar",
                           held=state.SUGGEST_SIMILAR)  # fmt: skip

    elif part == "Model":
        c1, c2 = st.columns([1, 3], vertical_alignment="bottom")
        if c1.button("Train in the background", type="primary", key="sg_train"):
            project.suggestions.start_training(unit)
        sw.training_status(project)
        info = project.suggestions.model_info()
        if info is None:
            st.caption(
                "No model yet: train one from your codings (it learns from every coded document)."
            )
            st.stop()
        if info["revision"] < revision:
            c2.caption("Codings changed since training: retrain to learn from them.")
        st.markdown(
            f"#### Per code (cross-validated, {info['unit']} level, {info['examples']} passages)"
        )
        st.dataframe(
            pd.DataFrame(info["metrics"]).drop(columns=["code"]), hide_index=True, width="stretch"
        )
        mode = st.radio("Suggestions", ["Teach me (least sure first)", "Best for a document"],
                        horizontal=True, key="sg_mode")  # fmt: skip
        doc = None
        if not mode.startswith("Teach"):
            docs = common.documents_frame(location, revision)
            names = dict(zip(docs["guid"], docs["name"], strict=True))
            doc = st.selectbox("Document", list(docs["guid"]),
                               format_func=lambda g: common.md(show(names[g])))  # fmt: skip
        found = sw.model_suggestions(location, revision, info["trained_at"], info["unit"], doc)
        sw.decide_list(project, found, "sg_model", retrain=True)

    elif part == "Themes":
        c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
        k = c1.slider("Number of themes", 2, 20, 6, key="sg_k")
        scope = c2.radio("Passages", ["uncoded", "all"], horizontal=True, key="sg_scope")
        if c3.button("Find themes", type="primary"):
            with st.spinner("Looking for themes…"):
                found = project.suggestions.themes(k, scope, unit)
            st.session_state[state.SUGGEST_THEMES] = (k, scope, unit, found)
        held = st.session_state.get(state.SUGGEST_THEMES)
        for theme in held[3] if held else []:
            with st.expander(common.md(f"Theme {theme['number']}: {', '.join(theme['words'][:6])} "
                             f"({theme['size']} passages)")):  # fmt: skip
                orgs = ", ".join(f"{o['name']} ({o['passages']})" for o in theme["organisations"])
                st.caption(common.md(
                    show(f"Words: {', '.join(theme['words'])} · organisations: {orgs or '-'}")
                ))  # fmt: skip
                for p in theme["passages"][:5]:
                    st.text(show(p["text"]))
                a, b = st.columns([3, 1], vertical_alignment="bottom")
                name = a.text_input("New code", theme["label"].replace(" / ", " ").capitalize(),
                                    key=f"sg_theme_name_{theme['number']}")  # fmt: skip
                if b.button("Make a code", key=f"sg_theme_go_{theme['number']}"):
                    code, pending = project.suggestions.theme_to_code(theme, name, common.coder())
                    st.session_state[state.SUGGEST_PENDING] = pending
                    common.flash(common.md(f"Added code {name!r}: review its passages below"))
                    st.rerun()
        pending = st.session_state.get(state.SUGGEST_PENDING)
        if pending:
            st.subheader(common.md(f"Passages for {pending[0]['path']!r}"))
            sw.decide_list(project, pending, "sg_pending", held=state.SUGGEST_PENDING)

    else:
        rows = sw.decisions(location, revision)
        st.caption("Every accepted or rejected suggestion; rejected ones are not offered again.")
        columns = ["at", "coder", "decision", "suggester", "code_name", "document_name", "start",
                   "end", "score", "reason"]  # fmt: skip
        table = common.shown_frame(pd.DataFrame(rows, columns=columns), show)
        st.dataframe(table, hide_index=True, width="stretch")
except QDAError as err:
    st.error(common.md(err))
