"""Coding through the facade, memos, and undo/redo from the change log."""

from __future__ import annotations

import pytest

from qda.errors import Ambiguous, InvalidInput, NotFound

TEXT = (
    "Interviewer: Why?\n\nSam: Because the council changed the rules. We had to compete.\n\n"
    "Interviewer: And then?\n\nSam: We found partners.\n"
)


@pytest.fixture
def coded(project):
    doc = project.corpus.import_file("sam.txt", TEXT.encode(), organisation="Club")
    project.codebook.add_code("Cultures", codable=False)
    project.codebook.add_code("Hierarchy", parent="Cultures", colour="#aa0000")
    project.codebook.add_code("Individualism", parent="Cultures")
    project.codebook.add_code("Funding")
    project.codebook.add_code("Individualism", parent="Funding")
    return project, doc


def test_code_a_segment_and_a_span(coded):
    project, doc = coded
    turn = project.corpus.segments(doc["guid"], "turn")[1]
    c1 = project.coding.apply_code("Hierarchy", "ana", segment=turn["guid"])
    start = TEXT.index("We had to compete.")
    c2 = project.coding.apply_code(
        "Cultures/Individualism",
        "ben",
        document=doc["name"],
        start=start,
        end=start + 18,
        memo="competition",
    )
    rows = project.coding.codings()
    assert [
        (r["guid"], r["start"], r["end"], r["code_name"], r["coder"], r["memo"]) for r in rows
    ] == [
        (c1, turn["start"], turn["end"], "Hierarchy", "ana", None),
        (c2, start, start + 18, "Individualism", "ben", "competition"),
    ]
    assert rows[0]["segment"] == turn["guid"] and rows[1]["segment"] is None
    # The same code on the same span by the same coder is one coding.
    assert project.coding.apply_code("Hierarchy", "ana", segment=turn["guid"]) == c1
    assert len(project.coding.codings()) == 2
    assert [r["guid"] for r in project.coding.codings(coder="ben")] == [c2]
    assert [r["guid"] for r in project.coding.codings(code="Hierarchy")] == [c1]


def test_code_references_are_checked(coded):
    project, doc = coded
    with pytest.raises(Ambiguous, match="Cultures/Individualism, Funding/Individualism"):
        project.coding.apply_code("Individualism", "ana", document=doc["guid"], start=0, end=5)
    with pytest.raises(InvalidInput, match="'Cultures' is a folder"):
        project.coding.apply_code("Cultures", "ana", document=doc["guid"], start=0, end=5)
    with pytest.raises(InvalidInput, match=r"span 5-999 is outside document 'sam' \(0-"):
        project.coding.apply_code("Hierarchy", "ana", document=doc["guid"], start=5, end=999)
    with pytest.raises(NotFound, match="no code 'Nope'"):
        project.coding.apply_code("Nope", "ana", document=doc["guid"], start=0, end=5)


def test_undo_and_redo_restore_exact_states(coded):
    project, doc = coded
    turn = project.corpus.segments(doc["guid"], "turn")[1]
    c1 = project.coding.apply_code("Hierarchy", "ana", segment=turn["guid"])
    state_one = project.coding.codings()
    c2 = project.coding.apply_code(
        "Funding/Individualism", "ana", document=doc["guid"], start=0, end=11
    )
    state_two = project.coding.codings()
    assert project.can_undo("ana") == "Coded 'Individualism' at 0-11"
    assert project.undo("ana") == "Coded 'Individualism' at 0-11"
    assert project.coding.codings() == state_one
    assert project.redo("ana") == "Coded 'Individualism' at 0-11"
    assert project.coding.codings() == state_two
    project.coding.remove_coding(c1, "ana")
    assert [r["guid"] for r in project.coding.codings()] == [c2]
    project.undo("ana")
    assert project.coding.codings() == state_two
    # A new change after an undo clears the redo stack.
    project.undo("ana")
    project.codebook.add_code("New theme", coder="ana")
    assert project.can_redo("ana") is None
    with pytest.raises(NotFound, match="nothing to redo for ana"):
        project.redo("ana")


def test_undo_stops_at_an_import(project):
    project.corpus.import_file("sam.txt", TEXT.encode())
    assert project.can_undo() is None
    with pytest.raises(NotFound, match="nothing to undo"):
        project.undo()


def test_memos_on_codings_documents_and_codes(coded):
    project, doc = coded
    c1 = project.coding.apply_code("Hierarchy", "ana", document=doc["guid"], start=0, end=11)
    project.coding.write_memo("coding", c1, "rules talk", "ana")
    project.coding.write_memo("document", doc["name"], "first interview", "ana")
    project.coding.write_memo("code", "Hierarchy", "rules, regulation", "ana")
    project.coding.write_memo("code", "Hierarchy", "rules, regulation, control", "ana")
    assert project.coding.codings()[0]["memo"] == "rules talk"
    memos = {(m["target_kind"], m["text"]) for m in project.coding.memos()}
    assert memos == {("document", "first interview"), ("code", "rules, regulation, control")}
    project.undo("ana")
    assert {m["text"] for m in project.coding.memos("code")} == {"rules, regulation"}


def test_a_span_may_end_exactly_at_the_end_of_a_non_ascii_text(project):
    """The length checked inside the write is the text's length in Python
    characters (the database counts them the same, astral ones included)."""
    text = "Sam: Café 🙂 and crème brûlée"
    doc = project.corpus.import_file("sam.txt", text.encode())
    stored = project.corpus.document_text(doc["guid"])
    project.codebook.add_code("Food")
    guid = project.coding.apply_code("Food", "ana", document=doc["name"], start=0, end=len(stored))
    assert [(c["guid"], c["end"]) for c in project.coding.codings()] == [(guid, len(stored))]
    with pytest.raises(
        InvalidInput,
        match=rf"span 0-{len(stored) + 1} is outside document 'sam' \(0-{len(stored)}\)",
    ):
        project.coding.apply_code("Food", "ana", document=doc["guid"], start=0, end=len(stored) + 1)
