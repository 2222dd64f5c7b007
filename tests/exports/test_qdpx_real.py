"""Reading real .qdpx exports of ATLAS.ti, NVivo and QualCoder: their exact contents.

The numbers were found by reading each project.qde: element counts of Code,
TextSource, PlainTextSelection and Coding, and the length of each text.
"""

from __future__ import annotations

import pytest

from exports.qdpx import read_qdpx
from tests.conftest import shared_file

QC_CODE_EQUITY = "38353062-3634-3764-6635-353636323933"


def read(name: str):
    with shared_file("refi-qda", name).open("rb") as fp:
        return read_qdpx(fp, name)


@pytest.mark.parametrize(
    "name, codes, top, sources, selections, codings, users",
    [
        ("atlasti-blank-project.qdpx", 0, 0, 0, 0, 0, 2),
        ("atlasti-target-project.qdpx", 3, 1, 0, 0, 0, 2),
        ("nvivo-mac15-project.qdpx", 262, 3, 0, 0, 0, 2),
        ("qc-demo-project.qdpx", 262, 3, 2, 158, 205, 1),
    ],
)
def test_real_file_numbers(name, codes, top, sources, selections, codings, users):
    exchange = read(name)
    assert len(exchange.codebook.codes) == codes
    assert sum(1 for c in exchange.codebook.codes if c.parent is None) == top
    assert len(exchange.sources) == sources
    assert exchange.selection_count() == selections
    assert exchange.coding_count() == codings
    assert len(exchange.users) == users
    assert exchange.notes == [] and exchange.cases == []


def test_atlasti_code_tree_and_users():
    exchange = read("atlasti-target-project.qdpx")
    assert exchange.origin == "ATLAS.ti for Windows 23.2.3.27778"
    assert [(c.name, c.parent) for c in exchange.codebook.codes] == [
        ("Commits", None),
        ("2022-05-10T02:05:59Z 19e4dce", "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"),
        ("2022-02-11T10:39:25Z cdbfd92", "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"),
    ]
    assert [u.name for u in exchange.users] == ["Enric Llagostera", "ATLAS.ti"]


def test_nvivo_sources_without_text_are_skipped_with_warnings():
    exchange = read("nvivo-mac15-project.qdpx")
    assert exchange.warnings == [
        "source '66653866-6334-3535-3435-366637306566': skipped, its plain text is empty",
        "source '33663939-3636-3632-3038-613431643463': skipped, its plain text is empty",
    ]
    assert [u.name for u in exchange.users] == ["chrisp", "cp"]


def test_qualcoder_texts_and_spans():
    exchange = read("qc-demo-project.qdpx")
    assert exchange.warnings == []
    board, admin = exchange.sources
    assert (board.name, len(board.text), len(board.selections)) == ("board_2017", 52543, 158)
    assert (admin.name, len(admin.text), len(admin.selections)) == ("admin-1", 31906, 0)
    first, last = board.selections[0], board.selections[-1]
    assert (first.start, first.end, first.name) == (320, 400, "line:6")
    assert board.text[first.start : first.end] == (
        "This district goal is engage every student in joyful, purposeful learning that \n"
    )
    assert (last.start, last.end) == (51547, 51627)
    assert board.text[last.start : last.end].startswith("similar equity issues [inaudible")
    assert [c.code for c in last.codings] == [QC_CODE_EQUITY]
    assert {c.user for s in board.selections for c in s.codings} == {
        "39633935-3331-3962-6632-373436373264"
    }
