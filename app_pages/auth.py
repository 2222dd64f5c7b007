"""Signing in: a project with accounts shows nothing but the sign-in form
until a user signs in; the session survives a page reload (a cookie holding
the session token) and ends with *Sign out*.

A project without accounts is single-user, as before: nobody signs in.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages import common, state
from qda.errors import QDAError

COOKIE = "qda_session"
MAX_AGE = 12 * 3600  # seconds; the project's sessions last as long
_ASSETS = Path(__file__).with_name("components")
session_component = st.components.v2.component(
    "qda.session", js=(_ASSETS / "session.js").read_text(encoding="utf-8")
)

#: The pages each role sees (an admin sees them all). A page left out is not
#: registered with st.navigation, so typing its URL opens the default page.
ROLE_PAGES = {
    "coder": (
        "project",
        "code",
        "retrieve",
        "suggest",
        "agreement",
        "review",
        "analyse",
        "audit",
    ),
    "partner": ("project", "review"),
}


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # no browser context (e.g. AppTest)
        return None
    return token if isinstance(token, str) else None


def _write_cookie(token: str | None) -> None:
    session_component(
        key="qda_session_cookie", data={"name": COOKIE, "token": token, "maxAge": MAX_AGE}
    )


def signed_in(project):
    """The project as the signed-in user may use it (the project itself when
    it has no accounts); shows the sign-in form and stops when nobody is."""
    if not project.accounts.has_users():
        return project
    token = st.session_state.get(state.SESSION) or _cookie_token()
    user_project = project.signed_in(token)
    if user_project is not None:
        st.session_state[state.SESSION] = token
        if st.session_state.pop(state.SESSION_COOKIE, False):
            _write_cookie(token)
        return user_project
    st.session_state.pop(state.SESSION, None)
    _sign_in_form(project)
    st.stop()


def _sign_in_form(project) -> None:
    st.title("Sign in")
    st.caption(
        common.md(f"{project.info()['name']}: this project has accounts; sign in to continue.")
    )
    with st.form("sign_in"):
        name = st.text_input("Name", key="sign_in_name")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            token = project.accounts.sign_in(name, password)
        except QDAError as err:
            st.error(common.md(err))
            return
        st.session_state[state.SESSION] = token
        st.session_state[state.SESSION_COOKIE] = True
        st.rerun()


def sign_out(project) -> None:
    project.accounts.sign_out(st.session_state.pop(state.SESSION, None))
    st.session_state[state.SIGNED_OUT] = True


def after_sign_out() -> None:
    """Clear the browser's cookie once, on the run after signing out."""
    if st.session_state.pop(state.SIGNED_OUT, False):
        _write_cookie(None)


def page_names(user_project, names: list[str]) -> list[str]:
    """The pages the signed-in user's role sees, in the given order."""
    user = getattr(user_project, "user", None)
    if user is None or user.role == "admin":
        return names
    allowed = ROLE_PAGES.get(user.role, ())
    return [n for n in names if n in allowed]


def user_of(user_project):
    """The signed-in user, or None in a single-user project."""
    return getattr(user_project, "user", None)
