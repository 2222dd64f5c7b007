"""Helpers of the Export page: cached reads, option widgets, making a file, the key editor.

Transcript text is shown with ``st.text`` (never Markdown or HTML). Files are
made only when the researcher presses the button, then kept in session state
for the download button.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from app_pages import common, state
from qda.errors import QDAError
from qda.project import Project

KINDS = {
    "docx": "Word report",
    "workshop": "Workshop pack",
    "annotated": "Annotated transcript",
    "excerpts": "Excerpts table",
    "matrix": "Code × document matrix",
    "qdpx": "REFI-QDA project (.qdpx)",
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME = {
    "docx": DOCX,
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "qdpx": "application/zip",
}
PLACEHOLDERS = {"person": "[name]", "organisation": "[organisation]", "place": "[place]"}
KEY_COLUMNS = ["real", "pseudonym", "kind", "accepted", "variants", "source"]


def kinds(project: Project) -> dict[str, str]:
    """What can be exported."""
    return dict(KINDS)


# -- cached reads -------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=8)
def excerpts(location: str, revision: int) -> list:
    return common._open(location).exports.excerpts()


@st.cache_data(show_spinner=False, max_entries=8)
def key_frame(location: str, revision: int) -> pd.DataFrame:
    return pd.DataFrame(common._open(location).exports.pseudonym_rows(), columns=KEY_COLUMNS)


@st.cache_data(show_spinner="Looking for names…", max_entries=8)
def suggestions(location: str, revision: int) -> pd.DataFrame:
    rows = [
        {
            "name": s.text,
            "kind": s.kind,
            "count": s.count,
            "why": s.reason,
            "context": " | ".join(s.context),
            "pseudonym": PLACEHOLDERS.get(s.kind, "[name]"),
            "decision": "",
        }
        for s in common._open(location).exports.pseudonym_suggestions()
    ]
    columns = ["name", "kind", "count", "why", "context", "pseudonym", "decision"]
    return pd.DataFrame(rows, columns=columns)


# -- options and preview --------------------------------------------------------------------------
def code_picker(project: Project, label: str, help_: str) -> list[str] | None:
    codes = common.codes_list(project.location, project.revision)
    paths = {c["guid"]: c["path"] for c in codes}
    chosen = st.multiselect(label, list(paths), format_func=paths.get, help=help_)
    return chosen or None


def quote_pickers(project: Project, codes: list[str]) -> dict[str, list[str]]:
    """Per theme, the quotes to use: picked automatically unless the researcher changes them."""
    chosen: dict[str, list[str]] = {}
    for theme in project.exports.quote_choices(codes):
        chosen[theme["code"]] = st.multiselect(
            f"Quotes for {theme['title']}",
            list(theme["options"]),
            default=theme["default"],
            format_func=theme["options"].get,
            key=f"qda_export_quotes_{theme['code']}",
        )
    return chosen


def preview(project: Project, codes: list[str] | None, pseudonymise: bool, n: int = 5) -> None:
    """The first excerpts as the Word report will show them."""
    found = excerpts(project.location, project.revision)
    total, shown = project.exports.preview(codes, pseudonymise, n, excerpts=found)
    st.caption(f"Preview: the first {len(shown)} of {total} excerpts")
    for e in shown:
        with st.container(border=True):
            st.text(e["text"])
            st.text(f"— {e['attribution']} · {e['document']}")


# -- making the file --------------------------------------------------------------------------------
def produce(project: Project, kind: str, options: dict) -> None:
    """Make the file in memory with a progress bar and keep it for the download button."""
    bar = st.progress(0.0, text="Starting…")

    def progress(fraction: float, message: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=message)

    buffer = io.BytesIO()
    name = project.info()["name"].replace("/", "-").replace(":", "")
    try:
        if kind == "docx":
            result = project.exports.export_docx(buffer, progress=progress, **options)
            filename, summary = f"{name} - excerpts.docx", f"{result['excerpts']} excerpts"
        elif kind == "workshop":
            result = project.exports.export_workshop(buffer, progress=progress, **options)
            filename, summary = f"{name} - workshop pack.docx", f"{result['themes']} themes"
        elif kind == "annotated":
            result = project.exports.export_annotated(out=buffer, **options)
            filename, summary = "annotated transcript.docx", f"{result['codings']} comments"
        elif kind in ("excerpts", "matrix"):
            method = (
                project.exports.export_excerpts
                if kind == "excerpts"
                else project.exports.export_matrix
            )
            result = method(buffer, **options)
            filename, summary = f"{name} - {kind}.{options['fmt']}", f"{result['bytes']:,} bytes"
        else:
            project.exchange.export_qdpx(buffer, **options)
            filename, summary = f"{name}.qdpx", "REFI-QDA project"
    except QDAError as err:
        bar.empty()
        st.error(common.md(str(err)))
        return
    bar.progress(1.0, text="Done")
    for note in result.get("notes", []) if kind in ("docx", "workshop") else []:
        st.warning(common.md(note))
    extension = filename.rsplit(".", 1)[-1]
    st.session_state[state.EXPORT_FILE] = (filename, buffer.getvalue(), MIME[extension], summary)


def check_names(project: Project, kind: str, options: dict, real_names: bool) -> None:
    """Make the file in memory, read it back and show the names it would still hold
    (the names themselves only when the page may show real names)."""
    try:
        with st.spinner("Reading the export back for names…"):
            found = project.exports.check_names(kind, **options)
    except QDAError as err:
        st.error(str(err))
        return
    known = [r for r in found if r.status == "known"]
    if known:
        which = ": " + ", ".join(r.text for r in known[:10]) if real_names else ""
        st.error(f"{len(known)} real names would remain in this export{which}")
    else:
        st.success("No real name of the key or the register remains in this export.")
    possible = len(found) - len(known)
    if possible:
        st.warning(
            f"{possible} possible names the key does not know: accept or reject them on the "
            "Pseudonyms tab."
        )
    if found and not real_names:
        st.caption("Switch on 'Show real names on this page' to see which names and where.")
    elif found:
        rows = [r.row() for r in found]
        st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True)


def generate_pseudonyms(project: Project) -> None:
    """Distinct pseudonyms for the cases that have none (or for all)."""
    schemes = {
        "numbered": "Participant 1…, Organisation A…",
        "role": "by role (VCS lead 1…) and organisation group",
    }
    scheme = st.radio("Scheme", list(schemes), format_func=schemes.get, horizontal=True)
    group = None
    if scheme == "role":
        names = sorted(
            {a["name"] for a in project.cases.attributes() if a["applies_to"] == "organisation"}
        )
        group = st.selectbox("Organisation group from", ["(none)", *names])
        group = None if group == "(none)" else group
    replace = st.checkbox("Replace the pseudonyms cases already have")
    if st.button("Generate pseudonyms"):
        try:
            new = project.cases.generate_pseudonyms(
                scheme, replace=replace, group_attribute=group, coder=common.coder()
            )
        except QDAError as err:
            st.error(str(err))
            return
        common.flash(f"{len(new)} cases got a pseudonym (Undo reverses it)")
        st.rerun()


def key_editor(project: Project) -> None:
    """The key table (register rows and the researcher's own), editable."""
    st.subheader("The key")
    st.caption(
        "Every name here is replaced in exports. Register rows come from the cases "
        "(participants and organisations); edit a pseudonym to override it, untick "
        "'accepted' to stop a name being replaced, or add rows of your own."
    )
    revision = project.revision
    before = key_frame(project.location, revision)
    after = st.data_editor(
        before,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        disabled=["variants", "source"],
        column_config={
            "kind": st.column_config.SelectboxColumn(options=["person", "organisation", "place"]),
            "accepted": st.column_config.CheckboxColumn(default=True),
        },
        key=f"qda_key_editor_{revision}",
    )
    if st.button("Save key"):
        apply_key_edits(project, *key_changes(before, after))


def suggestion_editor(project: Project) -> None:
    """Names found in the documents, with count and context, to accept or reject."""
    st.subheader("Suggested names")
    revision = project.revision
    found = suggestions(project.location, revision)
    if found.empty:
        st.caption("No further names found in the documents.")
        return
    decided = st.data_editor(
        found,
        hide_index=True,
        width="stretch",
        disabled=["name", "count", "why", "context"],
        column_config={
            "decision": st.column_config.SelectboxColumn(options=["", "accept", "reject"]),
            "kind": st.column_config.SelectboxColumn(options=["person", "organisation", "place"]),
        },
        key=f"qda_suggestions_{revision}",
    )
    if st.button("Apply decisions"):
        apply_suggestions(project, decided)


def check_document(project: Project, real_names: bool, shown) -> None:
    """A document's beginning as exports show it (or as written, on request)."""
    st.subheader("Check a document")
    docs = {d["guid"]: d["name"] for d in project.corpus.documents()}
    if not docs:
        return
    doc = st.selectbox(
        "Document", list(docs), format_func=lambda g: shown(docs[g]), key=state.EXPORT_PREVIEW_DOC
    )
    pseudonymised = not real_names or st.toggle("Show pseudonymised", value=True)
    text = project.corpus.document_text(doc)[:5000]
    st.text(project.exports.pseudonymise_text(text) if pseudonymised else text)


def download() -> None:
    made = st.session_state.get(state.EXPORT_FILE)
    if made:
        filename, data, mime, summary = made
        st.success(common.md(f"{filename}: {summary}"))
        st.download_button(common.md(f"Download {filename}"), data, file_name=filename, mime=mime)


# -- the pseudonym key ----------------------------------------------------------------------------------
def key_changes(before: pd.DataFrame, after: pd.DataFrame) -> tuple[list[dict], list[str]]:
    """Entries to save and real names to remove, from the key table before and after editing.

    Register rows cannot be removed here (they come from the cases); a removed
    key-table row is removed from the key."""
    old = {r["real"]: r for r in before.to_dict("records")}
    saves, kept = [], set()
    for row in after.to_dict("records"):
        real = " ".join(str(row.get("real") or "").split())
        if not real:
            continue
        kept.add(real)
        was = old.get(real)
        fields = {
            "real": real,
            "pseudonym": str(row.get("pseudonym") or "").strip(),
            "kind": row.get("kind") or "person",
            "accepted": bool(row.get("accepted")) if pd.notna(row.get("accepted")) else True,
        }
        if was is None or any(fields[k] != was[k] for k in ("pseudonym", "kind", "accepted")):
            saves.append(fields)
    removes = [r for r, row in old.items() if r not in kept and row["source"] == "key"]
    return saves, removes


def apply_key_edits(project: Project, saves: list[dict], removes: list[str]) -> None:
    try:
        for entry in saves:
            project.exports.set_pseudonym(**entry)
        for real in removes:
            project.exports.remove_pseudonym(real)
    except QDAError as err:
        st.error(common.md(str(err)))
        return
    common.flash(f"Key saved: {len(saves)} changed, {len(removes)} removed")
    st.rerun()


def apply_suggestions(project: Project, table: pd.DataFrame) -> None:
    decided = table[table["decision"].isin(["accept", "reject"])]
    saves = [
        {
            "real": r["name"],
            "pseudonym": str(r["pseudonym"] or "").strip(),
            "kind": r["kind"],
            "accepted": r["decision"] == "accept",
        }
        for r in decided.to_dict("records")
    ]
    apply_key_edits(project, saves, [])
