import io

import openpyxl
import pandas as pd

from exports.tables import (
    COLUMNS,
    code_document_matrix,
    excerpts_frame,
    neutralise,
    write_excerpts_csv,
    write_excerpts_xlsx,
)
from tests.exports.export_fixtures import make_excerpts, make_key


def risky_frame() -> pd.DataFrame:
    excerpts = make_excerpts()[:3]
    excerpts[0].text = '=HYPERLINK("http://x")'
    excerpts[1].text = "-5 volunteers"
    excerpts[1].memo = "@mention"
    excerpts[2].text = "\tindented"
    excerpts[2].attributes = {"sector": "+VCSE"}
    return excerpts_frame(excerpts, make_key())


def test_neutralise():
    assert [neutralise(v) for v in ["=1+1", "+44", "-x", "@a", "\tt", "\rr", "ok", -5, None]] == [
        "'=1+1",
        "'+44",
        "'-x",
        "'@a",
        "'\tt",
        "'\nr",
        "ok",
        -5,
        None,
    ]


def test_frame_is_pseudonymised_and_analysis_ready():
    frame = excerpts_frame(make_excerpts(), make_key())
    assert list(frame.columns) == [*COLUMNS, "sector"]
    first = frame.iloc[0].to_dict()
    assert first == {
        "code_path": "Funding/Grants to contracts",
        "document": "Interview with Interviewee G",
        "document_kind": "interview",
        "date": "2023-05-02",
        "speaker": "Interviewee G",
        "organisation": "Organisation 4",
        "coder": "ana",
        "start": 10,
        "end": 10 + len(make_excerpts()[0].text),
        "text": "When the grant ended Interviewee G's team had to bid against the big providers.",
        "memo": "Check with Interviewee G whether the bid was lost.",
        "sector": "VCSE",
    }
    assert frame["start"].dtype == "int64"
    real = excerpts_frame(make_excerpts(), names="real")
    assert real.loc[0, "speaker"] == "Sarah Jones"


def test_csv_round_trip_with_bom_and_neutralised_cells():
    out = io.BytesIO()
    write_excerpts_csv(risky_frame(), out)
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back["text"]) == ['\'=HYPERLINK("http://x")', "'-5 volunteers", "'\tindented"]
    assert back.loc[1, "memo"] == "'@mention"
    assert back.loc[2, "sector"] == "'+VCSE"
    assert list(back["start"]) == [10, 20, 30]


def test_xlsx_header_bold_frozen_and_cells_neutralised():
    out = io.BytesIO()
    write_excerpts_xlsx(risky_frame(), out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == [*COLUMNS, "sector"]
    assert all(c.font.b for c in sheet[1])
    texts = [sheet.cell(row=r, column=COLUMNS.index("text") + 1).value for r in (2, 3, 4)]
    assert texts == ['\'=HYPERLINK("http://x")', "'-5 volunteers", "'\tindented"]
    assert sheet.cell(row=3, column=COLUMNS.index("memo") + 1).value == "'@mention"
    assert sheet.cell(row=2, column=COLUMNS.index("start") + 1).value == 10
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_code_document_matrix():
    matrix = code_document_matrix(make_excerpts(), make_key())
    assert matrix.to_dict() == {
        "Interview with Interviewee B": {
            "Funding/Grants to contracts": 1,
            "Funding/Grants to contracts/Commissioning clique": 0,
            "Social capital/Bonding": 1,
        },
        "Interview with Interviewee G": {
            "Funding/Grants to contracts": 1,
            "Funding/Grants to contracts/Commissioning clique": 1,
            "Social capital/Bonding": 0,
        },
        "[town] focus group": {
            "Funding/Grants to contracts": 1,
            "Funding/Grants to contracts/Commissioning clique": 0,
            "Social capital/Bonding": 1,
        },
    }
