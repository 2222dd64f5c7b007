"""Importing through the facade: exact segments, speakers, transactions."""

from __future__ import annotations

import pytest

from corpus.model import ImportFailed
from qda.errors import InvalidInput, NotFound

INTERVIEW = (
    "Interviewer: How did the group start?\n\n"
    "Sarah: We started in 2010. There was no money at all.\n\n"
    "Interviewer: And now?\n\n"
    "Sarah: Now we bid for contracts. It is exhausting.\n"
)


def test_import_stores_canonical_text_and_exact_segments(project):
    doc = project.corpus.import_file(
        "sarah.txt",
        INTERVIEW.replace("\n", "\r\n").encode(),
        organisation="Food Bank",
        kind="interview",
        date="2015-02-10",
    )
    assert doc["name"] == "sarah"
    assert doc["organisation"] == "Food Bank"
    assert doc["speakers"] == ["Interviewer", "Sarah"]
    assert (doc["turns"], doc["paragraphs"], doc["sentences"]) == (4, 4, 6)
    text = project.corpus.document_text(doc["guid"])
    assert "\r" not in text
    turns = project.corpus.segments(doc["guid"], "turn")
    assert [(t["start"], t["end"], t["speaker"]) for t in turns] == [
        (13, 37, "Interviewer"),
        (46, 92, "Sarah"),
        (107, 115, "Interviewer"),
        (124, 167, "Sarah"),
    ]
    assert [t["text"] for t in turns][1] == "We started in 2010. There was no money at all."
    for seg in project.corpus.segments(doc["guid"]):
        assert text[seg["start"] : seg["end"]] == seg["text"]
        assert "id" not in seg and len(seg["guid"]) == 36


def test_identical_content_is_recognised_and_nothing_is_stored(project):
    project.corpus.import_file("a.txt", INTERVIEW.encode())
    before = project.counts()
    with pytest.raises(
        ImportFailed, match=r"b.txt: identical text is already in the project as 'a'"
    ):
        project.corpus.import_file("b.txt", INTERVIEW.encode("utf-16"))
    assert project.counts() == before


def test_a_failed_file_leaves_nothing_and_a_batch_goes_on(project, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(INTERVIEW, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    report = project.corpus.import_files([empty, junk, good, broken], organisation="Org")
    assert [d["name"] for d in report.imported] == ["good"]
    assert [name for name, _ in report.failed] == ["empty.txt", "junk.txt", "broken.docx"]
    assert all(reason and "\n" not in reason for _, reason in report.failed)
    counts = project.counts()
    assert counts["documents"] == 1
    assert counts["segments"] == 4 + 4 + 6


def test_speaker_aliases_link_labels_to_participants(project):
    project.cases.add_participant(
        "Sarah Jones", pseudonym="Interviewee A", organisation="Food Bank"
    )
    doc = project.corpus.import_file(
        "s.txt",
        INTERVIEW.encode(),
        organisation="Food Bank",
        aliases={"Sarah": "Sarah Jones", "Interviewer": None},
    )
    speakers = {s["label"]: s for s in project.corpus.speakers(doc["guid"])}
    assert speakers["Sarah"]["participant"] == "Sarah Jones"
    assert speakers["Sarah"]["pseudonym"] == "Interviewee A"
    assert speakers["Sarah"]["turns"] == 2
    assert speakers["Interviewer"]["participant"] is None
    project.corpus.map_speaker(doc["guid"], "Interviewer", "Dr Lee", organisation="University")
    lee = next(c for c in project.cases.all("participant") if c["name"] == "Dr Lee")
    assert lee["organisation"] == "University"


def test_document_metadata_edits_are_validated(project):
    doc = project.corpus.import_file("s.txt", INTERVIEW.encode())
    out = project.corpus.update_document(
        doc["guid"], kind="focus-group", date="2015-03", organisation="Hub"
    )
    assert (out["kind"], out["date"], out["organisation"]) == ("focus group", "2015-03", "Hub")
    with pytest.raises(InvalidInput, match="kind 'podcast' is not one of"):
        project.corpus.update_document(doc["guid"], kind="podcast")
    with pytest.raises(InvalidInput, match="date '10/02/2015' is not YYYY"):
        project.corpus.update_document(doc["guid"], date="10/02/2015")
    with pytest.raises(NotFound):
        project.corpus.document("nope")


def test_case_attributes_from_csv_with_types(project):
    data = "organisation,size,founded,charity,sector\nFood Bank,12,2010-04,yes,food\nArts CIC,3,2018-01,no,arts\n"
    assert project.cases.import_attributes("orgs.csv", data.encode()) == 2
    attrs = {a["name"]: a["type"] for a in project.cases.attributes()}
    assert attrs == {"size": "number", "founded": "date", "charity": "boolean", "sector": "text"}
    food = next(c for c in project.cases.all("organisation") if c["name"] == "Food Bank")
    assert food["attributes"] == {
        "size": "12",
        "founded": "2010-04",
        "charity": "true",
        "sector": "food",
    }


def test_bad_attribute_row_imports_nothing(project):
    data = "name,size\nA,3\nB,lots\n"
    project.cases.add_organisation("A")
    project.cases.set_attribute("A", "size", "1")
    with pytest.raises(
        InvalidInput, match=r"orgs.csv line 3, column 'size': 'lots' is not a number"
    ):
        project.cases.import_attributes("orgs.csv", data.encode())
    a = next(c for c in project.cases.all("organisation") if c["name"] == "A")
    assert a["attributes"] == {"size": "1"}
    assert [c["name"] for c in project.cases.all("organisation")] == ["A"]


def test_dated_classifications(project):
    project.cases.add_organisation("Food Bank")
    project.cases.classify("Food Bank", "culture", "egalitarianism", "2015-02")
    project.cases.classify("Food Bank", "culture", "individualism", "2019-06-30")
    rows = [(r["scheme"], r["value"], r["as_of"]) for r in project.cases.classifications()]
    assert rows == [
        ("culture", "egalitarianism", "2015-02"),
        ("culture", "individualism", "2019-06-30"),
    ]
    with pytest.raises(InvalidInput):
        project.cases.classify("Food Bank", "culture", "fatalism", "June 2020")
