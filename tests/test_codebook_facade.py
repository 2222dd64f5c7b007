"""Editing the codebook through the facade: nothing lost, everything undoable."""

from __future__ import annotations

import io

import pytest

from codebooks.builtins import load_builtin
from qda.errors import InvalidInput

TEXT = (
    "Interviewer: Tell me about funding.\n\n"
    "Ann: Grants went, contracts came. We compete with friends now.\n\n"
    "Interviewer: And your network?\n\n"
    "Ann: The consortium is a clique. If you are out, you hear nothing.\n"
)


def state(project):
    """Everything an edit may touch: the code tree and every coding."""
    codes = [
        (c["guid"], c["path"], c["definition"], c["colour"], c["codings"])
        for c in project.codebook.codes()
    ]
    codings = [
        (r["guid"], r["code"], r["start"], r["end"], r["coder"]) for r in project.coding.codings()
    ]
    return codes, codings


@pytest.fixture
def book(project):
    doc = project.corpus.import_file("ann.txt", TEXT.encode(), organisation="Food Bank")
    project.codebook.load_codebook(load_builtin("socialcapital", fresh_guids=True))
    project.codebook.add_code("Funding")
    project.codebook.add_code("Competition", parent="Funding")
    turns = project.corpus.segments(doc["guid"], "turn")
    project.coding.apply_code("Funding", "ana", segment=turns[1]["guid"])
    project.coding.apply_code("Competition", "ana", segment=turns[1]["guid"])
    project.coding.apply_code("Competition", "ben", segment=turns[1]["guid"])
    project.coding.apply_code("Bridging/Absent or deficit", "ana", segment=turns[3]["guid"])
    return project, doc, turns


def test_rename_recolour_define_move_and_undo_each(book):
    project, _, _ = book
    steps = [
        lambda: project.codebook.rename_code("Competition", "Competing for funds", "ana"),
        lambda: project.codebook.update_code(
            "Funding", "ana", definition="Money and where it comes from", colour="#123456"
        ),
        lambda: project.codebook.move_codes(
            ["Funding/Competing for funds", "Bonding"], None, "ana"
        ),
    ]
    history = [state(project)]
    for step in steps:
        step()
        history.append(state(project))
    paths = [c["path"] for c in project.codebook.codes()]
    assert "Competing for funds" in paths and "Funding/Competing for funds" not in paths
    assert project.codebook.find_code("Funding")["colour"] == "#123456"
    for expected in reversed(history[:-1]):
        project.undo("ana")
        assert state(project) == expected


def test_move_refuses_a_cycle_and_a_name_clash(book):
    project, _, _ = book
    with pytest.raises(InvalidInput, match="cannot move 'Funding' under itself or its own child"):
        project.codebook.move_codes(["Funding"], "Funding/Competition")
    project.codebook.add_code("Competition")
    with pytest.raises(InvalidInput, match="a code called 'Competition' already exists there"):
        project.codebook.move_codes(["Funding/Competition"], None)


def test_moving_many_codes_is_one_entry_in_order_and_undoes_exactly(book):
    project, _, _ = book
    before = state(project)
    moving = ["Bonding", "Bridging", "Funding/Competition"]
    project.codebook.move_codes(moving, "Funding")
    children = [c["path"] for c in project.codebook.codes() if c["parent"]]
    # they go last under Funding, in the order given, their subcodes with them
    assert [p for p in children if p.count("/") == 1 and p.startswith("Funding/")] == [
        "Funding/Bonding", "Funding/Bridging", "Funding/Competition",
    ]  # fmt: skip
    assert "Funding/Bonding/Present" in children
    assert project.history(1)[0]["summary"] == "Moved 3 code(s) to 'Funding'"
    assert project.undo() == "Moved 3 code(s) to 'Funding'"
    assert state(project) == before


def test_moving_two_codes_of_one_name_under_one_parent_writes_nothing(book):
    project, _, _ = book
    project.codebook.add_code("Competition")  # a top-level namesake of Funding/Competition
    before, revision = state(project), project.revision
    with pytest.raises(InvalidInput, match="a code called 'Competition' already exists there"):
        project.codebook.move_codes(["Competition", "Funding/Competition"], "Bonding")
    assert state(project) == before and project.revision == revision


def test_merge_moves_codings_collapses_duplicates_and_undoes_exactly(book):
    project, _, _ = book
    before = state(project)
    total = len(project.coding.codings())
    out = project.codebook.merge_codes("Funding/Competition", "Funding", "ana")
    # ana's Competition coding sits on the same span as ana's Funding coding: collapsed.
    assert out == {"moved": 1, "collapsed": 1}
    assert len(project.coding.codings()) == total - 1
    assert sorted((r["code_name"], r["coder"]) for r in project.coding.codings(code="Funding")) == [
        ("Funding", "ana"),
        ("Funding", "ben"),
    ]
    assert "Funding/Competition" not in [c["path"] for c in project.codebook.codes()]
    project.undo("ana")
    assert state(project) == before


def test_split_moves_only_the_chosen_codings(book):
    project, _, _ = book
    ben = [r["guid"] for r in project.coding.codings(code="Competition", coder="ben")]
    total = len(project.coding.codings())
    guid = project.codebook.split_code("Competition", ben, "Competing with friends", "ana")
    assert len(project.coding.codings()) == total
    assert [r["coder"] for r in project.coding.codings(code=guid)] == ["ben"]
    assert [r["coder"] for r in project.coding.codings(code="Competition")] == ["ana"]
    assert project.codebook.find_code(guid)["path"] == "Funding/Competing with friends"


def test_delete_refuses_then_deletes_or_reassigns(book):
    project, _, _ = book
    before = state(project)
    with pytest.raises(
        InvalidInput, match=r"'Funding' has 3 coding\(s\); delete them with it or reassign them"
    ):
        project.codebook.delete_code("Funding", "ana")
    assert state(project) == before
    assert (
        project.codebook.delete_code(
            "Funding", "ana", codings="reassign", reassign_to="Bonding/Present"
        )
        == 3
    )
    # ana's Funding and Competition codings share a span: on one code they are one coding.
    assert sorted(r["coder"] for r in project.coding.codings(code="Bonding/Present")) == [
        "ana",
        "ben",
    ]
    project.undo("ana")
    assert state(project) == before
    assert project.codebook.delete_code("Funding", "ana", codings="delete") == 3
    assert len(project.coding.codings()) == 1
    project.undo("ana")
    assert state(project) == before


def test_snapshot_diff_reports_each_kind_of_change(book):
    project, _, _ = book
    project.codebook.create_snapshot("before the interim workshop")
    project.codebook.add_code("Professionalisation")
    project.codebook.rename_code("Bonding", "Bonding ties")
    project.codebook.move_codes(["Bridging/Absent or deficit"], "Funding")
    project.codebook.merge_codes("Funding/Competition", "Funding")
    project.codebook.delete_code("Linking", codings="refuse")
    diff, old_counts, new_counts = project.codebook.diff_snapshot("before the interim workshop")
    assert [c.name for c in diff.added] == ["Professionalisation"]
    assert [c.name for c in diff.removed] == ["Linking"]
    assert [(r.old_name, r.new_name) for r in diff.renamed] == [("Bonding", "Bonding ties")]
    assert [(m.old_path, m.new_path) for m in diff.moved] == [
        ("Bridging/Absent or deficit", "Funding/Absent or deficit")
    ]
    assert [(m.from_path, m.into_path) for m in diff.merged] == [("Funding/Competition", "Funding")]
    funding = project.codebook.find_code("Funding")["guid"]
    assert (old_counts[funding], new_counts[funding]) == (1, 2)
    with pytest.raises(InvalidInput, match="already exists"):
        project.codebook.create_snapshot("before the interim workshop")


@pytest.mark.parametrize("fmt", ["yaml", "qdc", "csv"])
def test_export_then_import_gives_the_same_tree(book, tmp_path, fmt):
    from qda.project import Project

    project, _, _ = book
    out = io.BytesIO()
    project.codebook.export_codebook(fmt, out)
    other = Project.create(tmp_path / f"other-{fmt}.sqlite")
    other.codebook.import_codebook(f"book.{fmt}", out.getvalue())
    mine = [
        (c["path"], c["definition"], c["colour"], c["codable"]) for c in project.codebook.codes()
    ]
    theirs = [
        (c["path"], c["definition"], c["colour"], c["codable"]) for c in other.codebook.codes()
    ]
    assert theirs == mine
    if fmt != "csv":  # CSV carries paths, not GUIDs
        assert [c["guid"] for c in other.codebook.codes()] == [
            c["guid"] for c in project.codebook.codes()
        ]


def test_bad_codebook_file_imports_nothing(project):
    bad = b"name: x\ncodes:\n- name: A\n  children:\n  - name: ''\n"
    with pytest.raises(InvalidInput, match="bad.yaml line 5"):
        project.codebook.import_codebook("bad.yaml", bad)
    assert project.codebook.codes() == []
    with pytest.raises(InvalidInput, match="no built-in codebook called 'nope'"):
        project.codebook.import_codebook("builtin:nope", b"")
