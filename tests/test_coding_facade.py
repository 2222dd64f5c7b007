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
    doc = project.import_file("sam.txt", TEXT.encode(), organisation="Club")
    project.add_code("Cultures", codable=False)
    project.add_code("Hierarchy", parent="Cultures", colour="#aa0000")
    project.add_code("Individualism", parent="Cultures")
    project.add_code("Funding")
    project.add_code("Individualism", parent="Funding")
    return project, doc


def test_code_a_segment_and_a_span(coded):
    project, doc = coded
    turn = project.segments(doc["guid"], "turn")[1]
    c1 = project.apply_code("Hierarchy", "ana", segment=turn["guid"])
    start = TEXT.index("We had to compete.")
    c2 = project.apply_code(
        "Cultures/Individualism",
        "ben",
        document=doc["name"],
        start=start,
        end=start + 18,
        memo="competition",
    )
    rows = project.codings()
    assert [
        (r["guid"], r["start"], r["end"], r["code_name"], r["coder"], r["memo"]) for r in rows
    ] == [
        (c1, turn["start"], turn["end"], "Hierarchy", "ana", None),
        (c2, start, start + 18, "Individualism", "ben", "competition"),
    ]
    assert rows[0]["segment"] == turn["guid"] and rows[1]["segment"] is None
    # The same code on the same span by the same coder is one coding.
    assert project.apply_code("Hierarchy", "ana", segment=turn["guid"]) == c1
    assert len(project.codings()) == 2
    assert [r["guid"] for r in project.codings(coder="ben")] == [c2]
    assert [r["guid"] for r in project.codings(code="Hierarchy")] == [c1]


def test_code_references_are_checked(coded):
    project, doc = coded
    with pytest.raises(Ambiguous, match="Cultures/Individualism, Funding/Individualism"):
        project.apply_code("Individualism", "ana", document=doc["guid"], start=0, end=5)
    with pytest.raises(InvalidInput, match="'Cultures' is a folder"):
        project.apply_code("Cultures", "ana", document=doc["guid"], start=0, end=5)
    with pytest.raises(InvalidInput, match=r"span 5-999 is outside document 'sam' \(0-"):
        project.apply_code("Hierarchy", "ana", document=doc["guid"], start=5, end=999)
    with pytest.raises(NotFound, match="no code 'Nope'"):
        project.apply_code("Nope", "ana", document=doc["guid"], start=0, end=5)


def test_undo_and_redo_restore_exact_states(coded):
    project, doc = coded
    turn = project.segments(doc["guid"], "turn")[1]
    c1 = project.apply_code("Hierarchy", "ana", segment=turn["guid"])
    state_one = project.codings()
    c2 = project.apply_code("Funding/Individualism", "ana", document=doc["guid"], start=0, end=11)
    state_two = project.codings()
    assert project.can_undo() == "Coded 'Individualism' at 0-11"
    assert project.undo("ana") == "Coded 'Individualism' at 0-11"
    assert project.codings() == state_one
    assert project.redo("ana") == "Coded 'Individualism' at 0-11"
    assert project.codings() == state_two
    project.remove_coding(c1, "ana")
    assert [r["guid"] for r in project.codings()] == [c2]
    project.undo("ana")
    assert project.codings() == state_two
    # A new change after an undo clears the redo stack.
    project.undo("ana")
    project.add_code("New theme")
    assert project.can_redo() is None
    with pytest.raises(NotFound, match="nothing to redo"):
        project.redo()


def test_undo_stops_at_an_import(project):
    project.import_file("sam.txt", TEXT.encode())
    assert project.can_undo() is None
    with pytest.raises(NotFound, match="nothing to undo"):
        project.undo()


def test_memos_on_codings_documents_and_codes(coded):
    project, doc = coded
    c1 = project.apply_code("Hierarchy", "ana", document=doc["guid"], start=0, end=11)
    project.write_memo("coding", c1, "rules talk", "ana")
    project.write_memo("document", doc["name"], "first interview", "ana")
    project.write_memo("code", "Hierarchy", "rules, regulation", "ana")
    project.write_memo("code", "Hierarchy", "rules, regulation, control", "ana")
    assert project.codings()[0]["memo"] == "rules talk"
    memos = {(m["target_kind"], m["text"]) for m in project.memos()}
    assert memos == {("document", "first interview"), ("code", "rules, regulation, control")}
    project.undo("ana")
    assert {m["text"] for m in project.memos("code")} == {"rules, regulation"}
