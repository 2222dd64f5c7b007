"""AppTest: a project with accounts shows only the sign-in form until a user
signs in; each role sees its own pages, and a page typed by hand is refused."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from qda.project import Project
from tests.conftest import ROOT

TEXT = "Ana: We share the hall.\n\nBen: The council sets the rules.\n\nAna: Yes.\n\nBen: No."


@pytest.fixture
def team(tmp_path, monkeypatch):
    path = tmp_path / "team.sqlite"
    project = Project.create(path, name="Team study")
    project.accounts.add_user("lead", "admin", "lead-password")
    project.accounts.add_user("ana", "coder", "ana-password")
    project.accounts.add_user("pat", "partner", "pat-password")
    project.corpus.import_file("talk.txt", TEXT.encode(), organisation="Hall")
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return project


def sign_in(name: str, password: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_nothing_but_the_form_before_signing_in(team):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert at.dataframe == [] and at.metric == []
    at = sign_in("ana", "wrong-password")
    assert [e.value for e in at.error] == ["sign-in: wrong name or password"]
    assert [t.value for t in at.title] == ["Sign in"]


def test_a_coder_codes_as_themself_and_cannot_reach_admin_pages(team):
    at = sign_in("ana", "ana-password")
    assert [t.value for t in at.title] == ["Project"]
    assert "Signed in as ana (coder)" in [t.value for t in at.sidebar.text]
    assert all(i.label != "Coder" for i in at.sidebar.text_input)
    # pages an admin has but a coder does not are not registered at all
    for page in ("corpus", "export", "codebook"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"app_pages/{page}.py")
    at.switch_page("app_pages/retrieve.py").run()
    assert [t.value for t in at.title] == ["Retrieve"]


def test_a_partner_sees_no_transcript_and_signs_out(team):
    at = sign_in("pat", "pat-password")
    assert [t.value for t in at.title] == ["Project"]
    assert at.metric == []
    for page in ("code", "retrieve", "analyse", "corpus"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"app_pages/{page}.py")
    page_text = " ".join(m.value for m in at.markdown) + " ".join(t.value for t in at.text)
    assert "council" not in page_text
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert team.accounts.list_users()[2]["name"] == "pat"


def test_an_admin_sees_every_page(team):
    at = sign_in("lead", "lead-password")
    at.switch_page("app_pages/corpus.py").run()
    assert [t.value for t in at.title] == ["Corpus"]
