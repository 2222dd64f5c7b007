"""Helpers the pages share: the open project, cached reads, messages.

Reads are cached with ``st.cache_data`` keyed by the project's location and
its revision counter, which every write bumps; the Project object itself is
cached as a resource (it holds an engine, never an open connection).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages import state
from qda.errors import QDAError
from qda.project import Project

ROOT = Path(__file__).resolve().parents[1]

# Markdown syntax anywhere in a line, the "//" and "." that make a bare
# address a link, and list / heading markers at a line's start.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|~$!]|(?<=:)/(?=/)|(?<=:/)/|(?<=www)\.)", re.IGNORECASE)
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))", re.MULTILINE)


def md(text: object) -> str:
    """User text (a code name, memo, document or file name, an error naming
    them) made literal for an element that renders Markdown: markdown,
    caption, headers, alerts, toasts, widget labels, radio options and help.
    Markdown's syntax characters are backslash-escaped, so an image
    ``![x](http://...)``, a link (a bare address too), HTML, emphasis, a
    heading or a list shows as typed and the browser fetches nothing."""
    return _LINE_START.sub(_escape_marker, _MARKUP.sub(r"\\\1", str(text)))


def _escape_marker(match: re.Match) -> str:
    indent, marker = match[1], match[2]
    # "1." / "1)" start an ordered list: escape the dot; "-", "+", "=" themselves.
    return f"{indent}{marker}\\" if marker[0].isdigit() else f"{indent}\\{marker}"


def projects_dir() -> Path:
    return Path(os.environ.get("QDA_HOME", ROOT / "projects"))


def default_location() -> str:
    args = sys.argv[1:]
    if "--project" in args and args.index("--project") + 1 < len(args):
        return args[args.index("--project") + 1]
    return os.environ.get("QDA_PROJECT", str(projects_dir() / "demo.sqlite"))


@st.cache_resource(show_spinner=False)
def _open(location: str) -> Project:
    return Project.open(location)


def current_location() -> str:
    if state.PROJECT not in st.session_state:
        st.session_state[state.PROJECT] = default_location()
    return st.session_state[state.PROJECT]


def project() -> Project | None:
    """The open project as the signed-in user may use it (see
    :mod:`app_pages.auth`; the project itself when it has no accounts), or
    None (with a message) when it cannot be opened."""
    from app_pages import auth

    location = current_location()
    try:
        opened = _open(location)
        return auth.signed_in(opened)
    except QDAError as err:
        st.error(md(str(err)))
        return None


def coder() -> str:
    """Who is coding: the signed-in user, else the name typed in the sidebar."""

    token = st.session_state.get(state.SESSION)
    if token:
        try:
            user = _open(current_location()).accounts.session_user(token)
        except QDAError:
            user = None
        if user is not None:
            return user.name
    return st.session_state.get(state.CODER) or "researcher"


def role() -> str:
    """The signed-in user's role; "admin" in a single-user project."""
    from app_pages import auth

    project_ = project()
    user = auth.user_of(project_) if project_ is not None else None
    return "admin" if user is None else user.role


def flash(message: str, icon: str = "✅") -> None:
    st.session_state[state.FLASH] = (message, icon)


def show_flash() -> None:
    if state.FLASH in st.session_state:
        message, icon = st.session_state.pop(state.FLASH)
        st.toast(md(message), icon=icon)


# -- cached reads (keyed by location and revision) -------------------------------------------


@st.cache_data(show_spinner=False, max_entries=32)
def documents_frame(location: str, revision: int) -> pd.DataFrame:
    docs = _open(location).corpus.documents()
    columns = [
        "guid",
        "name",
        "kind",
        "date",
        "organisation",
        "speakers",
        "turns",
        "paragraphs",
        "sentences",
        "words",
        "source_name",
    ]
    frame = pd.DataFrame(docs, columns=columns)
    frame["speakers"] = frame["speakers"].map(lambda s: ", ".join(s) if isinstance(s, list) else "")
    return frame


@st.cache_data(show_spinner=False, max_entries=32)
def counts(location: str, revision: int) -> dict[str, int]:
    return _open(location).counts()


@st.cache_data(show_spinner=False, max_entries=32)
def cases_frame(location: str, revision: int, kind: str) -> pd.DataFrame:
    rows = _open(location).cases.all(kind)
    flat = [
        {
            "name": r["name"],
            "pseudonym": r["pseudonym"] or "",
            "role": r["role"] or "",
            "organisation": r["organisation"] or "",
            **r["attributes"],
        }
        for r in rows
    ]
    return pd.DataFrame(flat)


@st.cache_resource(show_spinner=False, max_entries=8)
def _shown(location: str, revision: int, pseudonyms: bool):
    if not pseudonyms:
        return lambda text: text
    apply = _open(location).exports.pseudonym_key().applier()
    return lambda text: apply(text) if isinstance(text, str) else text


def shown(project: Project):
    """What a page shows for a text that may hold a real name: the text through
    the pseudonym key while pseudonyms are on, else the text itself."""
    pseudonyms = bool(project.settings.get("show_pseudonyms", True))
    return _shown(project.location, project.revision, pseudonyms)


def real_names_switch(project: Project) -> bool:
    """True when the page may show real names: pseudonyms are off, or the
    researcher switched them on for this page (the switch shown only then)."""
    if not bool(project.settings.get("show_pseudonyms", True)):
        return True
    return st.toggle(
        "Show real names on this page",
        value=False,
        key=state.REAL_NAMES,
        help="Pseudonyms are on: real names stay hidden unless you switch this on.",
    )


def shown_frame(frame: pd.DataFrame, shown, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """``frame`` with every text cell passed through ``shown`` (see :func:`shown`)
    and the columns ``drop`` left out."""
    out = frame.drop(columns=[c for c in drop if c in frame.columns])
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(shown)
    return out


@st.cache_data(show_spinner=False, max_entries=32)
def codes_list(location: str, revision: int) -> list[dict]:
    return _open(location).codebook.codes()
