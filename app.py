"""The Streamlit app: page set-up, the sidebar project picker and navigation.

Run it with ``make run`` or ``python -m qda serve PROJECT``.
"""

from __future__ import annotations

import streamlit as st

from app_pages import auth, common, state

st.set_page_config(page_title="QDA", page_icon="📚", layout="wide")


def _pick_project() -> None:
    st.session_state[state.PROJECT] = st.session_state[state.PROJECT_PICKER]


def sidebar(project) -> None:
    user = auth.user_of(project) if project is not None else None
    with st.sidebar:
        st.markdown("### Project")
        location = common.current_location()
        if user is None or user.role == "admin":
            known = sorted(str(p) for p in common.projects_dir().glob("*.sqlite"))
            options = list(dict.fromkeys([location, *known]))
            if st.session_state.get(state.PROJECT_PICKER) != location:
                st.session_state[state.PROJECT_PICKER] = location
            st.selectbox(
                "Open project",
                options,
                key=state.PROJECT_PICKER,
                on_change=_pick_project,
                help="Project files in the projects folder; open another path or URL on the "
                "Project page.",
            )
        if user is None:
            st.text_input(
                "Coder",
                key=state.CODER,
                placeholder="your name",
                help="Codings and memos are recorded under this name.",
            )
        else:
            st.text(f"Signed in as {user.name} ({user.role})")
            st.button("Sign out", icon=":material/logout:", on_click=auth.sign_out, args=(project,))
        if project is not None and (user is None or user.role != "partner"):
            n = common.counts(project.location, project.revision)
            st.caption(
                f"{n['documents']} documents · {n['organisations']} organisations · "
                f"{n['participants']} participants · {n['codes']} codes · {n['codings']} codings"
            )


if state.CODER not in st.session_state:
    st.session_state[state.CODER] = "researcher"
auth.after_sign_out()
current = common.project()  # a project with accounts shows only the sign-in form until then
sidebar(current)
common.show_flash()
# One thin file per page; a page appears once its file exists.
PAGES = [
    ("project", "Project", ":material/home:"),
    ("corpus", "Corpus", ":material/description:"),
    ("cases", "Cases", ":material/groups:"),
    ("codebook", "Codebook", ":material/account_tree:"),
    ("code", "Code", ":material/edit_note:"),
    ("suggest", "Suggest", ":material/lightbulb:"),
    ("retrieve", "Retrieve", ":material/manage_search:"),
    ("agreement", "Agreement", ":material/compare_arrows:"),
    ("review", "Review", ":material/forum:"),
    ("analyse", "Analyse", ":material/bar_chart:"),
    ("export", "Export", ":material/ios_share:"),
    ("audit", "Audit", ":material/history:"),
]
pages = [
    st.Page(
        f"app_pages/{name}.py", title=title, icon=icon, default=name == "project", url_path=name
    )
    for name, title, icon in PAGES
    if (common.ROOT / "app_pages" / f"{name}.py").exists()
    and name in auth.page_names(current, [n for n, _, _ in PAGES])
]
st.navigation(pages).run()
