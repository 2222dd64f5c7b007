"""AppTest: a partner answers a review round on the Review page; the
researcher reads the answers there."""

from __future__ import annotations

import pytest

from qda.demo import create_demo
from tests.test_app_signin import sign_in


@pytest.fixture
def shared(tmp_path, monkeypatch):
    path = tmp_path / "demo.sqlite"
    project = create_demo(path)
    project.accounts.add_user("lead", "admin", "lead-password")
    project.accounts.add_user("pat", "partner", "pat-password", organisation="Food Network")
    guid = project.review.open_round("Interim themes", ["Hierarchy"], quotes_per_theme=2)
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    return project, guid


def test_a_partner_answers_and_the_researcher_reads(shared):
    project, guid = shared
    at = sign_in("pat", "pat-password")
    at.switch_page("app_pages/review.py").run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Review"]
    shown = project.review.round(guid)
    theme = shown["themes"][0]
    texts = [t.value for t in at.text]
    assert "Hierarchy" in texts
    assert f"“{theme['quotes'][0]['text']}”" in texts
    at.radio(key=f"rv_vote_{theme['guid']}").set_value("partly")
    at.text_area(key=f"rv_comment_{theme['guid']}").input("True of the big charities")
    at.radio(key=f"rv_vote_{theme['quotes'][1]['guid']}").set_value("disagree")
    at.button[0].click().run()  # the theme's "Save my answers"
    assert not at.exception, at.exception
    summary = project.review.responses(guid)
    assert [(t["kind"], t["agree"], t["partly"], t["disagree"]) for t in summary["targets"]] == [
        ("theme", 0, 1, 0),
        ("quote", 0, 0, 0),
        ("quote", 0, 0, 1),
    ]
    assert summary["targets"][0]["comments"][0]["comment"] == "True of the big charities"
    # the answers come back filled in after a reload of the page
    at.switch_page("app_pages/review.py").run()
    assert at.radio(key=f"rv_vote_{theme['guid']}").value == "partly"

    lead = sign_in("lead", "lead-password")
    lead.switch_page("app_pages/review.py").run()
    assert not lead.exception, lead.exception
    assert lead.subheader[0].value == "2 answer(s)"
    comments = lead.dataframe[2].value
    assert list(comments["partner"]) == ["pat", "pat"]
    assert list(comments["organisation"]) == ["Food Network", "Food Network"]
