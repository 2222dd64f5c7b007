"""Widgets for the Codebook page: the tree, the search and the editing forms.
Each change is one facade call (one transaction, one undo step); merge, split and
delete say how many codings move or go first. Project text is shown as text."""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import quote

import pandas as pd
import streamlit as st

from app_pages import common, state
from qda.errors import QDAError
from qda.project import Project
from qda.services.codebook import CodebookService

TOP = ""  # the "top level" choice in parent pickers
SNIPPET = 90  # characters of a coding shown when splitting
SHORT = ("colour", "codable")  # fields whose old and new values a diff shows


def swatch(colour: str) -> str:
    """A small square of the code's colour as an SVG data URL (an image cell)."""
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'>"
        f"<rect width='16' height='16' rx='3' fill='{colour}'/></svg>"
    )
    return "data:image/svg+xml;utf8," + quote(svg)


def label_of(code: dict) -> str:
    """The tree cell: indented by depth, folders marked."""
    marker = "▼ " if not code["codable"] else ""
    return "\u2003" * code["depth"] + marker + code["name"]


def filter_codes(codes: list[dict], text: str) -> list[dict]:
    """The codes that match ``text`` with their ancestors (see
    :meth:`CodebookService.search`)."""
    return CodebookService.search(codes, text)


def subtree(codes: list[dict], guid: str) -> list[dict]:
    """The code and every code under it, in tree order."""
    return CodebookService.subtree(codes, guid)


@st.cache_data(show_spinner=False, max_entries=16)
def tree_frame(location: str, revision: int) -> pd.DataFrame:
    codes = common.codes_list(location, revision)
    return pd.DataFrame(
        {
            "guid": [c["guid"] for c in codes],
            "colour": [swatch(c["colour"]) for c in codes],
            "code": [label_of(c) for c in codes],
            "codings": [c["codings"] for c in codes],
            "definition": [(c["definition"] or "").replace("\n", " ") for c in codes],
            "keywords": [", ".join(c["keywords"]) for c in codes],
        }
    )


def show_tree(location: str, revision: int, shown: list[dict]) -> None:
    """The tree as one dataframe; selecting rows selects the code(s) below."""
    frame = tree_frame(location, revision)
    if len(shown) != len(frame):
        frame = frame[frame["guid"].isin({c["guid"] for c in shown})].reset_index(drop=True)
    guids = frame["guid"].tolist()

    def picked() -> None:
        rows = st.session_state[f"cb_tree_{revision}"].selection.rows
        chosen = [guids[i] for i in rows if i < len(guids)]
        if chosen:
            st.session_state[state.CODEBOOK_CODE] = chosen[0]
            st.session_state["cb_move_codes"] = chosen

    st.dataframe(
        frame,
        key=f"cb_tree_{revision}",
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * max(len(frame), 1), 620),
        column_order=["colour", "code", "codings", "definition", "keywords"],
        column_config={
            "colour": st.column_config.ImageColumn(" ", width=32),
            "code": st.column_config.TextColumn("Code", width="medium"),
            "codings": st.column_config.NumberColumn("Codings", width=70),
            "definition": st.column_config.TextColumn("Definition", width="large"),
            "keywords": st.column_config.TextColumn("Keywords"),
        },
        on_select=picked,
        selection_mode="multi-row",
    )


def select_next(guid: str | None) -> None:
    """Select this code on the next run (the selectbox is already drawn in this one)."""
    st.session_state[state.CODEBOOK_NEXT] = guid


def act(call: Callable[[], object], message: Callable[[object], str], after=None) -> None:
    """Run one facade write; show its error, or flash its outcome and rerun."""
    try:
        result = call()
    except QDAError as err:
        st.error(common.md(str(err)))
        return
    if after is not None:
        after(result)
    common.flash(message(result))
    st.rerun()


def _parent_label(paths: dict[str, str]) -> Callable[[str], str]:
    return lambda guid: "(top level)" if guid == TOP else paths[guid]


def edit_form(project: Project, code: dict, revision: int) -> None:
    key = f"{code['guid']}_{revision}"  # fresh widgets after every change (and undo)
    with st.form(f"cb_edit_{key}"):
        name = st.text_input("Name", code["name"], key=f"cb_name_{key}")
        definition = st.text_area("Definition", code["definition"] or "", key=f"cb_def_{key}")
        c1, c2 = st.columns(2)
        inclusion = c1.text_area(
            "Inclusion criteria", code["inclusion"] or "", height=90, key=f"cb_inc_{key}"
        )
        exclusion = c2.text_area(
            "Exclusion criteria", code["exclusion"] or "", height=90, key=f"cb_exc_{key}"
        )
        example = st.text_area("Example", code["example"] or "", height=80, key=f"cb_ex_{key}")
        keywords = st.text_input(
            "Keywords",
            ", ".join(code["keywords"]),
            key=f"cb_kw_{key}",
            help="Comma-separated words or phrases. The Suggest page finds passages using "
            'them in any form ("council" also finds "councils").',
        )
        c1, c2 = st.columns([1, 3])
        colour = c1.color_picker("Colour", code["colour"], key=f"cb_col_{key}")
        codable = c2.checkbox(
            "Codable",
            code["codable"],
            key=f"cb_codable_{key}",
            help="Untick for a folder that only groups other codes.",
        )
        if not st.form_submit_button("Save changes", type="primary"):
            return
    new = {
        "definition": definition.strip(),
        "inclusion": inclusion.strip(),
        "exclusion": exclusion.strip(),
        "example": example.strip(),
        "keywords": [k.strip() for k in keywords.split(",") if k.strip()],
        "colour": colour.lower(),
        "codable": codable,
    }
    old = {f: code[f] or ([] if f == "keywords" else "") for f in new}
    old["colour"] = code["colour"].lower()
    fields = {f: v for f, v in new.items() if v != old[f]}
    try:
        if name.strip() != code["name"]:
            project.codebook.rename_code(code["guid"], name, coder=common.coder())
        if fields:
            project.codebook.update_code(code["guid"], coder=common.coder(), **fields)
    except QDAError as err:
        st.error(common.md(str(err)))
        return
    common.flash(f"Saved {name.strip()!r}")
    st.rerun()


def rule_form(project: Project, code: dict, revision: int) -> None:
    """The code's suggestion rule beyond its keywords: a pattern, and who/where."""
    rule = next((r for r in project.suggestions.rules() if r["code"] == code["guid"]), None)
    if rule is None:
        return
    key = f"{code['guid']}_{revision}"
    with st.expander("Suggestion rule", expanded=bool(rule["pattern"] or rule["speakers"])):
        with st.form(f"cb_rule_{key}"):
            pattern = st.text_input(
                "Pattern (regular expression, any case)", rule["pattern"], key=f"cb_rx_{key}"
            )
            c1, c2 = st.columns(2)
            speakers = c1.text_input(
                "Only these speakers", ", ".join(rule["speakers"]), key=f"cb_rsp_{key}",
                help="Comma-separated speaker labels or participant names; empty: anyone.",
            )  # fmt: skip
            orgs = c2.text_input(
                "Only these organisations", ", ".join(rule["organisations"]), key=f"cb_ror_{key}"
            )
            if not st.form_submit_button("Save rule"):
                return
        split = lambda text: [t.strip() for t in text.split(",") if t.strip()]  # noqa: E731
        act(
            lambda: project.suggestions.set_rule(
                code["guid"], pattern, split(speakers), split(orgs)
            ),
            lambda _: f"Saved the rule of {code['name']!r}",
        )


def add_form(project: Project, code: dict | None) -> None:
    with st.form("cb_add", clear_on_submit=True):
        name = st.text_input("New code name", key="cb_add_name")
        definition = st.text_area("Its definition (optional)", key="cb_add_def")
        places = ["child", "top"] if code else ["top"]
        where = st.radio(
            "Where",
            places,
            format_func=lambda p: (
                "At the top level" if p == "top" else common.md(f"Under {code['name']!r}")
            ),
            horizontal=True,
            key="cb_add_where",
        )
        if st.form_submit_button("Add code"):
            parent = code["guid"] if where == "child" else None
            act(
                lambda: project.codebook.add_code(
                    name, parent, coder=common.coder(), definition=definition.strip()
                ),
                lambda _: f"Added {name.strip()!r}",
                after=select_next,
            )


def move_form(project: Project, codes: list[dict], paths: dict[str, str]) -> None:
    st.caption("Tip: select several rows in the tree to move them together.")
    kept = [g for g in st.session_state.get("cb_move_codes", []) if g in paths]
    st.session_state["cb_move_codes"] = kept
    refs = st.multiselect("Codes to move", list(paths), format_func=paths.get, key="cb_move_codes")
    parent = st.selectbox(
        "New parent", [TOP, *paths], format_func=_parent_label(paths), key="cb_move_parent"
    )
    if st.button("Move", disabled=not refs, key="cb_move_go"):
        act(
            lambda: project.codebook.move_codes(refs, parent or None, coder=common.coder()),
            lambda _: f"Moved {len(refs)} code(s) to {_parent_label(paths)(parent)}",
        )


def merge_form(project: Project, code: dict, codes: list[dict], paths: dict[str, str]) -> None:
    targets = [g for g in paths if g != code["guid"]]
    target = st.selectbox(
        common.md(f"Merge {code['name']!r} into"),
        targets,
        format_func=paths.get,
        key="cb_merge_into",
    )
    if target is None:
        return
    children = sum(1 for c in codes if c["parent"] == code["guid"])
    into = paths[target]
    st.info(
        common.md(
            f"{code['codings']} coding(s) of {code['path']!r} will move to {into!r} (a coding of "
            f"the same passage by the same coder there already is kept once). {code['path']!r} "
            f"is then removed"
            + (f"; its {children} sub-code(s) move under {into!r}." if children else ".")
        )
    )
    sure = st.checkbox(
        f"Yes, move {code['codings']} coding(s) and merge",
        key=f"cb_merge_sure_{code['guid']}_{target}",
    )
    if st.button("Merge", disabled=not sure, key="cb_merge_go"):
        act(
            lambda: project.codebook.merge_codes(code["guid"], target, coder=common.coder()),
            lambda r: (
                f"Merged into {into!r}: {r['moved']} coding(s) moved"
                + (f", {r['collapsed']} duplicate(s) kept once" if r["collapsed"] else "")
            ),
            after=lambda _: select_next(target),
        )


@st.cache_data(show_spinner=False, max_entries=16)
def coding_choices(location: str, revision: int, code: str) -> dict[str, str]:
    """GUID -> "passage (coder) · document" for each coding of a code."""
    project = common._open(location)
    shown = common.shown(project)  # pseudonyms, while they are on
    texts: dict[str, str] = {}
    out = {}
    for c in project.coding.codings(code=code):
        if c["document"] not in texts:
            texts[c["document"]] = project.corpus.document_text(c["document"])
        passage = " ".join(texts[c["document"]][c["start"] : c["end"]].split())
        if len(passage) > SNIPPET:
            passage = passage[: SNIPPET - 1] + "…"
        out[c["guid"]] = shown(f"“{passage}” ({c['coder'] or 'no coder'}) · {c['document_name']}")
    return out


def split_form(project: Project, code: dict, revision: int) -> None:
    choices = coding_choices(project.location, revision, code["guid"])
    if not choices:
        st.caption(common.md(f"{code['name']!r} has no codings to split off."))
        return
    picked = st.multiselect(
        common.md(f"Codings of {code['name']!r} to move to a new code"),
        list(choices),
        format_func=choices.get,
        key=f"cb_split_pick_{code['guid']}",
    )
    name = st.text_input("New code (next to the old one)", key="cb_split_name")
    if st.button(f"Split {len(picked)} coding(s) off", disabled=not picked, key="cb_split_go"):
        act(
            lambda: project.codebook.split_code(code["guid"], picked, name, coder=common.coder()),
            lambda _: f"Moved {len(picked)} coding(s) to {name.strip()!r}",
            after=select_next,
        )


def delete_form(project: Project, code: dict, codes: list[dict], paths: dict[str, str]) -> None:
    doomed = subtree(codes, code["guid"])
    n = sum(c["codings"] for c in doomed)
    extra = f" and its {len(doomed) - 1} sub-code(s)" if len(doomed) > 1 else ""
    policy, target = "refuse", None
    if n:
        st.warning(
            common.md(f"{code['path']!r}{extra} {'have' if extra else 'has'} {n} coding(s).")
        )
        choice = st.radio(
            f"What happens to the {n} coding(s)?",
            ["reassign", "delete"],
            format_func=lambda p: (
                "Move them to another code" if p == "reassign" else "Delete them with the code"
            ),
            index=None,
            key=f"cb_del_policy_{code['guid']}",
        )
        policy = choice or "refuse"
        if choice == "reassign":
            gone = {c["guid"] for c in doomed}
            target = st.selectbox(
                "Move the codings to",
                [g for g in paths if g not in gone],
                format_func=paths.get,
                key="cb_del_target",
            )
    sure = st.checkbox(
        common.md(f"Yes, delete {code['name']!r}{extra}"), key=f"cb_del_sure_{code['guid']}"
    )
    if st.button("Delete code", disabled=not sure, key="cb_del_go"):
        act(
            lambda: project.codebook.delete_code(
                code["guid"], coder=common.coder(), codings=policy, reassign_to=target
            ),
            lambda k: (
                f"Deleted {code['name']!r}"
                + (f"; {k} coding(s) {'moved' if policy == 'reassign' else 'deleted'}" if k else "")
            ),
            after=lambda _: select_next(target),
        )


@st.cache_data(show_spinner=False)
def builtin_titles() -> dict[str, str]:
    return dict(CodebookService.builtins())


@st.cache_data(show_spinner=False, max_entries=16)
def export_bytes(location: str, revision: int, fmt: str) -> bytes:
    out = io.BytesIO()
    common._open(location).codebook.export_codebook(fmt, out)
    return out.getvalue()


@st.cache_data(show_spinner=False, max_entries=16)
def diff_frame(location: str, revision: int, old: str, new: str | None) -> pd.DataFrame:
    """One row a change between snapshot ``old`` and ``new`` (None = now),
    with the coding counts before and after; then codes whose counts alone moved."""
    rows = []
    for r in common._open(location).codebook.changes(old, new):
        where, detail = r.path, ""
        if r.change in ("renamed", "moved"):
            where, detail = r.new, f"was {r.old!r}"
        elif r.change == "merged":
            detail = f"{r.old!r} ({r.absorbed}) merged in"
        elif r.change == "changed":
            detail = f"{r.field}: {r.old} → {r.new}" if r.field in SHORT else r.field
        rows.append((r.change, where, detail, r.before, r.after))
    return pd.DataFrame(
        rows, columns=["change", "code", "detail", "codings before", "codings after"]
    )
