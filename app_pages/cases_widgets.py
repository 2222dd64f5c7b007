"""Helpers of the Cases page: the sheet as the researcher sees it, and what an edit changes.

With pseudonyms on, the sheet shows no real name: the name column is left
out, roles, organisations and attribute values pass through the pseudonym
key and only the pseudonym and the attributes can be edited (switch real
names on to rename a case, move a participant or add a case). Saving sends
only the cells that changed, as one undoable change.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import common
from qda.errors import QDAError
from qda.project import Project

FIXED = {"guid", "name", "pseudonym", "role", "organisation"}


@st.cache_data(show_spinner=False, max_entries=16)
def sheet(location: str, revision: int, kind: str, real_names: bool) -> pd.DataFrame:
    project = common._open(location)
    columns, rows = project.cases.sheet(kind)
    if not real_names:
        apply = project.exports.pseudonym_key().applier()
        columns = [c for c in columns if c != "name"]
        rows = [
            {
                c: (apply(v) if isinstance(v, str) and c not in ("guid", "pseudonym") else v)
                for c, v in r.items()
                if c != "name"
            }
            for r in rows
        ]
    return pd.DataFrame(rows, columns=columns)


def _cell(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = " ".join(str(value).split())
    return text or None


def changes(before: pd.DataFrame, after: pd.DataFrame) -> list[dict]:
    """Rows to save: for each case, its GUID and the cells that changed; a new
    row (no GUID) with every cell."""
    old = {r["guid"]: r for r in before.to_dict("records")}
    out = []
    for row in after.to_dict("records"):
        guid = _cell(row.get("guid"))
        if guid is None:
            if any(_cell(v) for v in row.values()):
                out.append({**{k: _cell(v) for k, v in row.items()}, "guid": None})
            continue
        was = old.get(guid, {})
        diff = {
            k: _cell(v) for k, v in row.items() if k != "guid" and _cell(v) != _cell(was.get(k))
        }
        if diff:
            out.append({"guid": guid, **diff})
    return out


def editor(project: Project, kind: str, real_names: bool) -> None:
    """The sheet of one kind of case, and its Save button."""
    revision = project.revision
    before = sheet(project.location, revision, kind, real_names)
    organisations = [o["name"] for o in project.cases.all("organisation")]
    config: dict = {"guid": None}
    disabled: list[str] = []
    if real_names:
        if kind == "participant":
            config["organisation"] = st.column_config.SelectboxColumn(options=organisations)
    else:
        disabled = [c for c in ("role", "organisation") if c in before.columns]
    after = st.data_editor(
        before,
        num_rows="add" if real_names else "fixed",
        hide_index=True,
        width="stretch",
        disabled=disabled,
        column_config=config,
        key=f"qda_cases_sheet_{kind}_{revision}_{real_names}",
    )
    if st.button(f"Save {kind}s", key=f"qda_cases_save_{kind}"):
        edits = changes(before, after)
        if not edits:
            st.info("Nothing changed.")
            return
        try:
            done = project.cases.save_sheet(kind, edits, coder=common.coder())
        except QDAError as err:
            st.error(str(err))
            return
        common.flash(
            f"Saved: {done['changed']} changed, {done['added']} added, "
            f"{done['values']} attribute values (Undo reverses it)"
        )
        st.rerun()
