"""Import through the facade: surveys, the shared seed reports and bad input."""

from __future__ import annotations

import pytest

from corpus.model import ImportFailed
from tests.conftest import shared_file

SURVEY = (
    "id,age,member,What does your group do?,Why did you join?\n"
    "R1,34,yes,We run a lunch club for older neighbours twice a week.,I wanted to meet people after I moved here.\n"
    "R2,51,no,A tenants forum that lobbies the council about repairs.,Anger at how long the damp took to fix.\n"
    "R3,,yes,,\n"
)


def test_survey_respondents_become_participants_and_documents(project):
    docs = project.corpus.import_survey(
        "club.csv", SURVEY.encode(), organisation="Eastmere CVS", date="2024-05"
    )
    assert [(d["name"], d["kind"], d["speakers"], d["turns"]) for d in docs] == [
        ("club R1", "survey", ["R1"], 2),
        ("club R2", "survey", ["R2"], 2),
    ]
    turns = project.corpus.segments("club R2", "turn")
    assert [t["text"] for t in turns] == [
        "A tenants forum that lobbies the council about repairs.",
        "Anger at how long the damp took to fix.",
    ]
    people = {c["name"]: c for c in project.cases.all("participant")}
    assert sorted(people) == ["R1", "R2"]
    assert people["R1"]["attributes"] == {"age": "34", "member": "true"}
    assert people["R2"]["organisation"] == "Eastmere CVS"
    assert {a["name"]: a["type"] for a in project.cases.attributes()} == {
        "age": "number",
        "member": "boolean",
    }
    assert project.corpus.speakers("club R1")[0]["participant"] == "R1"


def test_survey_without_free_text_is_refused_whole(project):
    with pytest.raises(ImportFailed, match="no open-ended"):
        project.corpus.import_survey("codes.csv", b"id,age\nA,1\nB,2\n")
    assert project.counts()["documents"] == 0 and project.counts()["participants"] == 0


def test_import_files_sends_csv_to_the_survey_importer(project, tmp_path):
    path = tmp_path / "club.csv"
    path.write_bytes(SURVEY.encode("utf-8-sig"))
    report = project.corpus.import_files([path], organisation="Eastmere CVS")
    assert report.failed == [] and [d["name"] for d in report.imported] == ["club R1", "club R2"]


@pytest.mark.parametrize(
    ("payload", "encoding"),
    [("cp1252", "cp1252"), ("utf16", "utf-16"), ("utf8bom", "utf-8-sig")],
)
def test_encodings_give_the_same_canonical_text(sqlite_project, payload, encoding):
    text = "Interviewer: Café?\r\n\r\nZoë: Yes – the “hub” café.\r\n\r\nInterviewer: When?\r\n\r\nZoë: Since 2019.\r\n"
    doc = sqlite_project.corpus.import_file(f"{payload}.txt", text.encode(encoding))
    assert sqlite_project.corpus.document_text(doc["guid"]) == text.replace("\r\n", "\n").rstrip(
        "\n"
    )
    assert doc["speakers"] == ["Interviewer", "Zoë"]


def test_nul_bytes_and_no_speakers(sqlite_project):
    doc = sqlite_project.corpus.import_file(
        "notes.txt", b"Workshop notes\x00\n\nPartners agreed the themes.\n\nNext: a report."
    )
    assert (
        sqlite_project.corpus.document_text(doc["guid"])
        == "Workshop notes\n\nPartners agreed the themes.\n\nNext: a report."
    )
    assert (doc["speakers"], doc["turns"], doc["paragraphs"]) == ([], 0, 3)


def test_pdf_without_text_layer_fails_clearly(sqlite_project):
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    blank_pdf = out.getvalue()
    with pytest.raises(ImportFailed, match=r"^scan.pdf: PDF has no text layer"):
        sqlite_project.corpus.import_file("scan.pdf", blank_pdf)
    assert sqlite_project.counts()["documents"] == 0


def test_seed_report_quotes_become_attributed_turns(sqlite_project):
    path = shared_file("seeds", "000_8e3330b3eba62e89.txt")
    doc = sqlite_project.corpus.import_file(
        path.name, path.read_bytes(), kind="other", speakers="quote_attribution"
    )
    speakers = {s["label"]: s["turns"] for s in sqlite_project.corpus.speakers(doc["guid"])}
    assert speakers == {
        "Interviewee F": 3,
        "Interviewee G": 1,
        "Interviewee I": 3,
        "Interviewee K": 1,
        "Interviewee D": 1,
        "Interviewee A": 1,
        "Interviewee L": 1,
    }
    text = sqlite_project.corpus.document_text(doc["guid"])
    g = sqlite_project.corpus.segments(doc["guid"], "turn")
    cliquy = next(t for t in g if t["speaker"] == "Interviewee G")
    assert "cliquy" in cliquy["text"] and text[cliquy["start"] : cliquy["end"]] == cliquy["text"]


def test_qualcoder_samples_import(sqlite_project):
    for name in ("qualcoder-transcript.txt", "qualcoder-ID1.docx", "qualcoder-ID2.odt"):
        path = shared_file("samples", name)
        doc = sqlite_project.corpus.import_file(path.name, path.read_bytes())
        assert doc["paragraphs"] > 0
    first = sqlite_project.corpus.document("qualcoder-transcript")
    assert first["speakers"] == ["id1", "id2", "id3"] and first["turns"] == 7


@pytest.mark.slow
def test_a_fifty_megabyte_text_imports(sqlite_project):
    para = (
        "Interviewer: What changed?\n\nSam: The contracts got bigger and the grants went away.\n\n"
    )
    n = 50 * 2**20 // len(para)
    doc = sqlite_project.corpus.import_file("huge.txt", (para * n).encode())
    assert (doc["turns"], doc["paragraphs"], doc["sentences"]) == (2 * n, 2 * n, 2 * n)
