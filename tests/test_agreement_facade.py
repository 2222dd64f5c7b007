"""Agreement through the service and the `qda agreement` command."""

from __future__ import annotations

import csv
import io
import json

import pytest

from qda.cli import main
from qda.errors import InvalidInput, NotFound
from qda.project import Project

# Four turns, then a paragraph-only second document.
TEXT = (
    "Ana: We share the hall with the church.\n\nBen: The council sets the rules.\n\n"
    "Ana: And the funders?\n\nBen: They ask for outcomes."
)
NOTES = "Notes of the meeting about the hall."


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def compared(project):
    project.corpus.import_file("talk.txt", TEXT.encode(), organisation="Hall")
    project.corpus.import_file("notes.txt", NOTES.encode(), organisation="Hall")
    project.codebook.add_code("Bridging")
    project.codebook.add_code("Hierarchy")
    code = project.coding.apply_code
    s, e = _span(TEXT, "share the hall with the church")
    code("Bridging", "ana", document="talk", start=s, end=e)  # 30 characters
    code("Bridging", "ben", document="talk", start=s, end=s + 10)  # 10 of them
    s, e = _span(TEXT, "council sets the rules")
    code("Hierarchy", "ben", document="talk", start=s, end=e)
    code("Hierarchy", "carl", document="talk", start=s, end=e)
    s, e = _span(NOTES, "the hall")
    code("Bridging", "carl", document="notes", start=s, end=e)
    return project


def test_character_rows_per_code_and_document_and_pooled(compared):
    rows = compared.agreement.compare(["ana", "ben"])
    n = len(TEXT), len(NOTES)
    assert [(r["code"], r["document"], r["units"], r["both"], r["neither"]) for r in rows] == [
        ("Bridging", "talk", n[0], 10, n[0] - 30),
        ("Bridging", "notes", n[1], 0, n[1]),
        ("Bridging", "all documents", n[0] + n[1], 10, n[0] + n[1] - 30),
        ("Hierarchy", "talk", n[0], 0, n[0] - 22),
        ("Hierarchy", "notes", n[1], 0, n[1]),
        ("Hierarchy", "all documents", n[0] + n[1], 0, n[0] + n[1] - 22),
    ]
    first = rows[0]
    assert first["coded"] == {"ana": 30, "ben": 10}
    assert first["agreement"] == pytest.approx(100 * (n[0] - 20) / n[0])
    total = n[0]
    expected = (30 * 10 + (total - 30) * (total - 10)) / total
    assert first["kappa"] == pytest.approx((total - 20 - expected) / (total - expected))
    assert rows[1]["kappa"] == 1.0 and rows[1]["alpha"] is None
    pooled = rows[2]
    assert pooled["documents"] == 2
    assert pooled["mean_agreement"] == pytest.approx((first["agreement"] + 100.0) / 2)
    assert "mean_agreement" not in first


def test_units_groups_and_filters(compared):
    rows = compared.agreement.compare(["ben", "carl"], unit="turn", codes=["Hierarchy"])
    # notes has no turns: only the talk and the pooled row
    assert [(r["document"], r["units"], r["coded"], r["agreement"]) for r in rows] == [
        ("talk", 4, {"ben": 1, "carl": 1}, 100.0),
        ("all documents", 4, {"ben": 1, "carl": 1}, 100.0),
    ]
    grouped = compared.agreement.compare(
        [["ana", "carl"], ["ben"]], unit="paragraph", documents=["notes"]
    )
    assert [(r["code"], r["document"], r["coded"]) for r in grouped] == [
        ("Bridging", "notes", {"ana+carl": 1, "ben": 0}),
        ("Bridging", "all documents", {"ana+carl": 1, "ben": 0}),
    ]
    three = compared.agreement.compare(["ana", "ben", "carl"], unit="turn", codes=["Bridging"])
    assert three[0]["kappa"] is None and three[0]["alpha"] is not None


def test_bad_requests_are_one_line(compared):
    with pytest.raises(NotFound, match=r"^coders: no coder 'zoe' \(coders: ana, ben, carl\)$"):
        compared.agreement.compare(["ana", "zoe"])
    with pytest.raises(InvalidInput, match="at least two"):
        compared.agreement.compare(["ana"])
    with pytest.raises(InvalidInput, match="unit: must be one of"):
        compared.agreement.compare(["ana", "ben"], unit="word")
    with pytest.raises(NotFound, match="no document 'nope'"):
        compared.agreement.compare(["ana", "ben"], documents=["nope"])


def test_cli_json_csv_and_errors(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project = Project.create(path)
    project.corpus.import_file("talk.txt", TEXT.encode())
    project.codebook.add_code("Bridging")
    s, e = _span(TEXT, "share the hall with the church")
    project.coding.apply_code("Bridging", "ana", document="talk", start=s, end=e)
    project.coding.apply_code("Bridging", "ben", document="talk", start=s, end=e)

    assert (
        main(["agreement", str(path), "--coders", "ana", "ben", "--unit", "sentence", "--json"])
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [
        {k: r[k] for k in ("code", "document", "unit", "units", "agreement", "kappa", "alpha")}
        for r in rows
    ] == [
        {
            "code": "Bridging",
            "document": "talk",
            "unit": "sentence",
            "units": 4,
            "agreement": 100.0,
            "kappa": 1.0,
            "alpha": 1.0,
        },
        {
            "code": "Bridging",
            "document": "all documents",
            "unit": "sentence",
            "units": 4,
            "agreement": 100.0,
            "kappa": 1.0,
            "alpha": 1.0,
        },
    ]
    assert main(["agreement", str(path), "--coders", "ana", "ben", "--csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["document"], r["units"], r["coded by ana"]) for r in table] == [
        ("talk", str(len(TEXT)), "30"),
        ("all documents", str(len(TEXT)), "30"),
    ]
    assert main(["agreement", str(path), "--coders", "ana", "bob"]) == 1
    assert capsys.readouterr().err == "error: coders: no coder 'bob' (coders: ana, ben)\n"


def test_disagreements_resolve_into_consensus_and_undo(compared):
    project = compared
    s, e = _span(TEXT, "share the hall with the church")
    h0, h1 = _span(TEXT, "council sets the rules")
    found = project.agreement.disagreements("ana", "ben", context=6)
    assert [(d["code"], d["document"], d["start"], d["end"], d["a"], d["b"]) for d in found] == [
        ("Bridging", "talk", s, e, [[s, e]], [[s, s + 10]]),
        ("Hierarchy", "talk", h0, h1, [], [[h0, h1]]),
    ]
    assert (found[0]["before"], found[0]["text"], found[0]["after"]) == (
        "a: We ",
        "share the hall with the church",
        ".\n\nBen",
    )
    assert found[0]["decision"] is None
    before = project.coding.codings(coder="consensus")
    assert before == []

    [guid] = project.agreement.resolve("ana", "ben", found[0]["key"], "keep_b", coder="lead")
    rows = project.coding.codings(coder="consensus")
    assert [(r["guid"], r["start"], r["end"], r["code_name"]) for r in rows] == [
        (guid, s, s + 10, "Bridging")
    ]
    # deciding again replaces the consensus codings of that passage
    project.agreement.resolve(
        "ana", "ben", found[0]["key"], "edit", edited=(s, s + 14), coder="lead"
    )
    assert [(r["start"], r["end"]) for r in project.coding.codings(coder="consensus")] == [
        (s, s + 14)
    ]
    assert project.agreement.resolve("ana", "ben", found[1]["key"], "neither", coder="lead") == []
    now = project.agreement.disagreements("ana", "ben")
    assert [d["decision"] for d in now] == ["edit", "neither"]
    # consensus codings count like any coder's, and the page can compare them
    assert project.agreement.compare(["ana", "consensus"], codes=["Bridging"])[0]["both"] == 14

    project.undo("lead")  # the "neither"
    assert [d["decision"] for d in project.agreement.disagreements("ana", "ben")] == ["edit", None]
    project.undo("lead")  # the edit: back to keep_b
    assert [(r["start"], r["end"]) for r in project.coding.codings(coder="consensus")] == [
        (s, s + 10)
    ]
    assert project.agreement.disagreements("ana", "ben")[0]["decision"] == "keep_b"
    project.undo("lead")
    assert project.coding.codings(coder="consensus") == []
    assert [d["decision"] for d in project.agreement.disagreements("ana", "ben")] == [None, None]


def test_adopt_agreed_and_bad_resolutions(compared):
    project = compared
    h0, h1 = _span(TEXT, "council sets the rules")
    # ben and carl coded Hierarchy identically: not a disagreement, but adoptable
    assert project.agreement.disagreements("ben", "carl", codes=["Hierarchy"]) == []
    assert project.agreement.adopt_agreed("ben", "carl", consensus="agreed") == 1
    assert [(r["start"], r["end"]) for r in project.coding.codings(coder="agreed")] == [(h0, h1)]
    assert project.agreement.adopt_agreed("ben", "carl", consensus="agreed") == 0
    key = project.agreement.disagreements("ana", "ben")[0]["key"]
    with pytest.raises(InvalidInput, match="^decision: decision must be one of"):
        project.agreement.resolve("ana", "ben", key, "maybe")
    with pytest.raises(InvalidInput, match="^decision: an edited resolution needs"):
        project.agreement.resolve("ana", "ben", key, "edit")
    with pytest.raises(NotFound, match="^key: no disagreement 'x|y' between ana and ben$"):
        project.agreement.resolve("ana", "ben", "x|y", "keep_a")
    with pytest.raises(InvalidInput, match="^consensus: 'ana' is one of the coders compared$"):
        project.agreement.resolve("ana", "ben", key, "keep_a", consensus="ana")
    assert project.coding.codings(coder="consensus") == []
