"""Audit page: the change log, filtered by user, code and date."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import common
from qda.errors import QDAError

st.title("Audit")
project = common.project()
if project is None:
    st.stop()
c1, c2, c3, c4 = st.columns([2, 3, 2, 2])
coders = project.audit.coders()
coder = c1.selectbox(
    "User", [None, *coders], format_func=lambda v: v or "everyone", key="audit_coder"
)
paths = [c["path"] for c in common.codes_list(project.location, project.revision)]
code = c2.selectbox(
    "Code (with its subcodes)",
    [None, *paths],
    format_func=lambda v: v or "any code",
    key="audit_code",
)
since = c3.date_input("From", value=None, key="audit_since")
until = c4.date_input("To", value=None, key="audit_until")


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


try:
    rows = project.audit.entries(coder=coder, code=code, since=_day(since), until=_day(until))
except QDAError as err:
    st.error(common.md(err))
    st.stop()
st.subheader(f"{len(rows)} change(s)")
shown = common.shown(project)  # summaries name documents and cases: pseudonyms
st.dataframe(
    [
        {
            "change": r["id"],
            "at": r["at"][:19].replace("T", " "),
            "user": r["coder"] or "",
            "action": r["action"],
            "summary": shown(r["summary"]),
            "codes": "; ".join(r["codes"]),
            "reverts change": r["reverts"] or "",
        }
        for r in rows
    ],
    hide_index=True,
    width="stretch",
)
