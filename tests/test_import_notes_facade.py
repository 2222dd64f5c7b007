"""Importing notes and reports through the facade: affiliations confirmed in
the preview become participants of their organisations; edits; kinds; the
original text kept."""

from __future__ import annotations

import pytest

from qda.errors import InvalidInput
from tests.corpus.test_notes import NOTES_MD
from tests.corpus.test_quotes import REPORT


def participants(project):
    return {c["name"]: c["organisation"] for c in project.cases.all("participant")}


def test_confirmed_affiliations_create_participants_in_their_organisations(project):
    preview = project.corpus.preview("seminar.md", NOTES_MD.encode())
    assert preview.affiliations == {"Pat Adams": "Knowsley CVS", "Jo Green": "Food Trust"}
    assert preview.coverage.speakers["Pat Adams"].turns == 3
    doc = project.corpus.import_file(
        "seminar.md",
        NOTES_MD.encode(),
        organisation="Seminar Hosts",
        affiliations={"Pat Adams": "Knowsley CVS"},  # Jo Green's not confirmed
        aliases={"??": None},
    )
    assert doc["kind"] == "seminar"
    assert participants(project) == {"Pat Adams": "Knowsley CVS"}
    speakers = {s["label"]: s["participant"] for s in project.corpus.speakers(doc["guid"])}
    assert speakers == {"Pat Adams": "Pat Adams", "Jo Green": None, "??": None}
    orgs = {c["name"] for c in project.cases.all("organisation")}
    assert orgs == {"Knowsley CVS", "Seminar Hosts"}
    assert project.corpus.document_text(doc["guid"]).startswith("Community Seminar\n\n")
    assert project.corpus.document_original(doc["guid"]) == NOTES_MD.rstrip()
    turns = project.corpus.segments(doc["guid"], "turn")
    assert [t["speaker"] for t in turns][:3] == [None, "Pat Adams", "Jo Green"]
    assert turns[1]["text"] == "welcomes everyone and sets out the day."
    assert (turns[1]["start"], turns[1]["end"]) == (84, 123)


def test_accepting_every_proposed_affiliation_and_edits(project):
    edits = project.corpus.speaker_edits(
        rename={"??": "Audience"}, not_speakers=["Audience"], keep_as_written=["JG"]
    )
    doc = project.corpus.import_file(
        "seminar.md", NOTES_MD.encode(), edits=edits, accept_affiliations=True, kind="meeting"
    )
    assert doc["kind"] == "meeting"
    assert sorted(doc["speakers"]) == ["JG", "Jo Green", "Pat Adams"]
    assert participants(project) == {"Pat Adams": "Knowsley CVS", "Jo Green": "Food Trust"}


def test_a_report_imports_by_paragraph_with_attributed_quotes(project):
    doc = project.corpus.import_file("evaluation.txt", REPORT.encode())
    assert doc["kind"] == "report"
    assert doc["speakers"] == [
        "Interviewee F",
        "Participant from VCSE",
        "Participant from Local Authority",
        "Dana Reyes",
        "Sam Ortiz",
    ]
    assert doc["paragraphs"] == 21
    assert project.corpus.document_original(doc["guid"]) is None


def test_bad_affiliations_and_edits_are_one_line_and_store_nothing(project):
    with pytest.raises(InvalidInput, match=r"^seminar.md: no speaker 'Nobody' to affiliate$"):
        project.corpus.import_file(
            "seminar.md", NOTES_MD.encode(), affiliations={"Nobody": "Somewhere"}
        )
    with pytest.raises(InvalidInput, match=r"^speaker 'PA': the new label is empty$"):
        project.corpus.speaker_edits(rename={"PA": " "})
    assert project.corpus.documents() == [] and project.cases.all() == []
