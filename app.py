"""The Streamlit app: page set-up, the sidebar project picker and navigation.

Run it with ``make run`` or ``python -m qda serve PROJECT``.
"""

from __future__ import annotations

import streamlit as st

from app_pages import common, state

st.set_page_config(page_title="QDA", page_icon=":material/library_books:", layout="wide")


def _pick_project() -> None:
    st.session_state[state.PROJECT] = st.session_state[state.PROJECT_PICKER]


def sidebar() -> None:
    with st.sidebar:
        st.markdown("### Project")
        location = common.current_location()
        known = sorted(str(p) for p in common.projects_dir().glob("*.sqlite"))
        options = list(dict.fromkeys([location, *known]))
        if st.session_state.get(state.PROJECT_PICKER) != location:
            st.session_state[state.PROJECT_PICKER] = location
        st.selectbox(
            "Open project",
            options,
            key=state.PROJECT_PICKER,
            on_change=_pick_project,
            help="Project files in the projects folder; open another path or URL on the Project page.",
        )
        st.text_input(
            "Coder",
            key=state.CODER,
            placeholder="your name",
            help="Codings and memos are recorded under this name.",
        )
        project = common.project()
        if project is not None:
            n = common.counts(project.location, project.revision)
            st.caption(
                f"{n['documents']} documents · {n['organisations']} organisations · "
                f"{n['participants']} participants · {n['codes']} codes · {n['codings']} codings"
            )


if state.CODER not in st.session_state:
    st.session_state[state.CODER] = "researcher"
sidebar()
common.show_flash()
# One thin file per page; a page appears once its file exists.
PAGES = [
    ("project", "Project", ":material/home:"),
    ("corpus", "Corpus", ":material/description:"),
    ("cases", "Cases", ":material/groups:"),
    ("codebook", "Codebook", ":material/account_tree:"),
    ("code", "Code", ":material/edit_note:"),
    ("retrieve", "Retrieve", ":material/manage_search:"),
    ("analyse", "Analyse", ":material/bar_chart:"),
    ("export", "Export", ":material/ios_share:"),
]
pages = [
    st.Page(
        f"app_pages/{name}.py", title=title, icon=icon, default=name == "project", url_path=name
    )
    for name, title, icon in PAGES
    if (common.ROOT / "app_pages" / f"{name}.py").exists()
]
st.navigation(pages).run()
