import io

import pytest

from corpus.model import ImportFailed, Turn
from corpus.surveys import (
    Respondent,
    read_survey,
    read_table,
    respondent_document,
    survey_to_document_text,
)
from tests.corpus.corpus_builders import check_invariants

LONG_A = "We lost our council grant and now rely on volunteers for everything."
LONG_B = "Mostly trustees; they meet monthly and review every funding bid we send."


def test_read_table_sniffs_semicolons_and_keeps_strings():
    data = f'Respondent ID;Age;Role;What changed?\r\n007;34;Chair;{LONG_A}\r\n008;;Treasurer;"{LONG_B}"\r\n'.encode(
        "cp1252"
    )
    frame = read_table("s.csv", data)
    assert list(frame.columns) == ["Respondent ID", "Age", "Role", "What changed?"]
    assert frame.to_dict("records") == [
        {"Respondent ID": "007", "Age": "34", "Role": "Chair", "What changed?": LONG_A},
        {"Respondent ID": "008", "Age": "", "Role": "Treasurer", "What changed?": LONG_B},
    ]


def test_read_table_tab_and_utf16():
    data = "id\tcomment\r\n1\tcafé\r\n\t\r\n2\tok\r\n".encode("utf-16")
    assert read_table("s.tsv", data).to_dict("records") == [
        {"id": "1", "comment": "café"},
        {"id": "2", "comment": "ok"},
    ]


def test_read_xlsx():
    import datetime as dt

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Case", "Age", "Joined", "Why volunteer?"])
    sheet.append(["ID1", 24, dt.date(2020, 5, 1), LONG_A])
    sheet.append([None, None, None, None])
    sheet.append(["ID2", 31.5, None, LONG_B])
    out = io.BytesIO()
    workbook.save(out)
    survey = read_survey("s.xlsx", out.getvalue())
    assert (survey.id_column, survey.text_columns, survey.attribute_columns) == (
        "Case",
        ["Why volunteer?"],
        ["Age", "Joined"],
    )
    assert survey.respondents == [
        Respondent(
            "ID1", {"Why volunteer?": LONG_A}, {"Age": "24", "Joined": "2020-05-01T00:00:00"}
        ),
        Respondent("ID2", {"Why volunteer?": LONG_B}, {"Age": "31.5", "Joined": ""}),
    ]


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        (
            "s.xls",
            b"\xd0\xcf\x11\xe0",
            "old Excel .xls files are not supported; save as .xlsx or CSV",
        ),
        ("s.json", b"{}", "unsupported table type '.json'; use .csv, .tsv or .xlsx"),
        ("s.csv", b"", "the file is empty"),
        ("s.xlsx", b"not a zip", "not a valid .xlsx file (damaged, or not an Excel workbook)"),
        ("s.csv", bytes(range(256)) * 4, "looks like a binary file, not text"),
    ],
)
def test_bad_tables(filename, data, reason):
    with pytest.raises(ImportFailed) as err:
        read_table(filename, data)
    assert err.value.reason == reason


def test_read_survey_defaults_and_overrides():
    data = f'Name,Role,Story\nAna,Chair,{LONG_A}\nBo,Clerk,"{LONG_B}"\n'.encode()
    survey = read_survey("s.csv", data)
    assert (survey.id_column, survey.text_columns, survey.attribute_columns) == (
        "Name",
        ["Story"],
        ["Role"],
    )
    chosen = read_survey("s.csv", data, id_column="Role", text_columns=["Story", "Name"])
    assert [r.id for r in chosen.respondents] == ["Chair", "Clerk"]
    assert chosen.respondents[0].answers == {"Story": LONG_A, "Name": "Ana"}
    assert chosen.attribute_columns == []


def test_read_survey_numbers_rows_without_a_usable_id():
    data = f"Role,Story\nChair,{LONG_A}\nChair,{LONG_B}\n".encode()
    survey = read_survey("s.csv", data)
    assert survey.id_column is None
    assert [r.id for r in survey.respondents] == ["1", "2"]


def test_read_survey_errors():
    data = f"id,Story\n1,{LONG_A}\n1,{LONG_B}\n".encode()
    with pytest.raises(ImportFailed, match="no column named 'nope'"):
        read_survey("s.csv", data, id_column="nope")
    with pytest.raises(ImportFailed, match="column 'id' has duplicate ids: 1"):
        read_survey("s.csv", data, id_column="id")


def test_survey_to_document_text_one_turn_per_question():
    respondent = Respondent(
        "R7", {"What changed?": "Funding.\r\nA lot.", "Blank": " ", "Hopes": "Stability."}, {}
    )
    text, turns = survey_to_document_text(respondent)
    assert text == "What changed?\n\nFunding.\nA lot.\n\nHopes\n\nStability."
    assert turns == [Turn(15, 30, "R7"), Turn(39, 49, "R7")]
    assert [t.meta for t in turns] == [{"question": "What changed?"}, {"question": "Hopes"}]
    assert [t.label_start for t in turns] == [0, 32]
    only_hopes, _ = survey_to_document_text(respondent, ["Hopes"])
    assert only_hopes == "Hopes\n\nStability."


def test_respondent_document_segments():
    respondent = Respondent(
        "R7", {"What changed?": "Funding. A lot.", "Hopes": "Stability."}, {"Age": "40"}
    )
    doc = respondent_document(respondent)
    assert (doc.name, doc.format, doc.speakers) == ("R7", "survey", {"R7": 2})
    assert doc.meta == {"attributes": {"Age": "40"}, "word_count": 7}
    assert [(doc.text[s.start : s.end], s.speaker) for s in doc.segments_of("sentence")] == [
        ("What changed?", "R7"),
        ("Funding.", "R7"),
        ("A lot.", "R7"),
        ("Hopes", "R7"),
        ("Stability.", "R7"),
    ]
    check_invariants(doc.text, doc.segments)
