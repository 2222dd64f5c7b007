"""Undo and redo belong to a coder: each reverses only their own changes; an
admin's undo of someone else's change says whose it was; an undo that later
changes stand in the way of reverses nothing and says why."""

from __future__ import annotations

import pytest

from qda.cli import main
from qda.errors import Conflict, NotFound
from qda.project import Project

TEXT = "Interviewer: Why?\n\nSam: Because the council changed the rules. We had to compete.\n"


@pytest.fixture
def team(project):
    doc = project.corpus.import_file("sam.txt", TEXT.encode())
    project.codebook.add_code("Rules", coder="lead")
    return project, doc["guid"]


def code(project, doc, coder, start, end) -> str:
    return project.coding.apply_code("Rules", coder, document=doc, start=start, end=end)


def spans(project, coder=None) -> list[tuple[str, int, int]]:
    return sorted((c["coder"], c["start"], c["end"]) for c in project.coding.codings(coder=coder))


def test_a_coders_undo_reverses_only_their_own_changes(team):
    project, doc = team
    code(project, doc, "ana", 0, 5)
    code(project, doc, "bob", 0, 5)
    code(project, doc, "ana", 6, 10)
    code(project, doc, "bob", 6, 10)
    assert project.can_undo("ana") == "Coded 'Rules' at 6-10"
    assert project.undo("ana") == "Coded 'Rules' at 6-10"
    assert project.undo("ana") == "Coded 'Rules' at 0-5"
    assert spans(project) == [("bob", 0, 5), ("bob", 6, 10)]
    with pytest.raises(NotFound, match="^nothing to undo for ana$"):
        project.undo("ana")
    # bob's stack is untouched; ana's redo brings hers back, newest undo first
    assert project.can_undo("bob") == "Coded 'Rules' at 6-10"
    assert project.redo("ana") == "Coded 'Rules' at 0-5"
    assert project.redo("ana") == "Coded 'Rules' at 6-10"
    assert project.can_redo("ana") is None
    assert spans(project, "ana") == [("ana", 0, 5), ("ana", 6, 10)]
    # bob's change after ana's undo does not clear ana's redo stack
    project.undo("ana")
    code(project, doc, "bob", 11, 20)
    assert project.redo("ana") == "Coded 'Rules' at 6-10"
    # the codebook change made as "lead" is lead's to undo, nobody else's
    assert project.can_undo("lead") == "Added code 'Rules'"


def test_an_admin_undo_of_someone_elses_change_says_whose(team):
    project, doc = team
    code(project, doc, "ana", 0, 5)
    code(project, doc, "bob", 6, 10)
    assert project.can_undo("admin") is None
    assert project.can_undo("admin", anyone=True) == "Coded 'Rules' at 6-10"
    assert project.undo("admin", anyone=True) == "Coded 'Rules' at 6-10 (a change by bob)"
    assert spans(project) == [("ana", 0, 5)]
    assert project.undo("ana", anyone=True) == "Coded 'Rules' at 0-5"  # her own: nothing added
    # the undo is the admin's: bob cannot redo it, the admin can
    assert project.can_redo("bob") is None
    assert project.redo("admin") == "Coded 'Rules' at 6-10 (a change by bob)"
    assert spans(project) == [("bob", 6, 10)]
    history = project.history(3)
    assert [(h["action"], h["coder"]) for h in history] == [
        ("redo", "admin"),
        ("undo", "ana"),
        ("undo", "admin"),
    ]


def test_an_undo_meeting_a_later_change_by_someone_else_reverses_nothing(team):
    project, doc = team
    guid = code(project, doc, "ana", 0, 5)
    project.coding.set_coding_memo(guid, "bob's note on it", "bob")
    revision = project.revision
    with pytest.raises(Conflict) as err:
        project.undo("ana")
    assert str(err.value) == (
        "cannot undo \"Coded 'Rules' at 0-5\": bob has since changed it ('Edited a coding memo')"
    )
    assert project.revision == revision  # nothing written
    assert project.coding.codings()[0]["memo"] == "bob's note on it"
    project.undo("bob")
    assert project.undo("ana") == "Coded 'Rules' at 0-5"
    assert spans(project) == []


def test_undoing_a_code_others_have_used_is_refused_in_one_line(team):
    project, doc = team
    code(project, doc, "ana", 0, 5)
    with pytest.raises(
        Conflict, match=r"^cannot undo \"Added code 'Rules'\": later changes depend on it \("
    ):
        project.undo("lead")
    assert [c["name"] for c in project.codebook.codes()] == ["Rules"]


def test_cli_undo_per_coder_and_anyone(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project = Project.create(path)
    doc = project.corpus.import_file("sam.txt", TEXT.encode())["guid"]
    project.codebook.add_code("Rules", coder="lead")
    code(project, doc, "ana", 0, 5)
    code(project, doc, "bob", 6, 10)
    project.close()
    assert main(["undo", str(path), "--coder", "ana"]) == 0
    assert capsys.readouterr().out == "undone: Coded 'Rules' at 0-5\n"
    assert main(["undo", str(path), "--coder", "ana"]) == 1
    assert capsys.readouterr().err == "error: nothing to undo for ana\n"
    assert main(["undo", str(path), "--coder", "admin", "--anyone"]) == 0
    assert capsys.readouterr().out == "undone: Coded 'Rules' at 6-10 (a change by bob)\n"
    assert main(["redo", str(path), "--coder", "admin"]) == 0
    assert capsys.readouterr().out == "redone: Coded 'Rules' at 6-10 (a change by bob)\n"


def test_a_redo_after_someone_else_coded_finds_its_coding_id_free(team):
    """Ids are never reused (AUTOINCREMENT on SQLite, sequences on PostgreSQL):
    bob's coding made after ana's undo cannot take the id ana's redo puts back."""
    project, doc = team
    code(project, doc, "ana", 0, 5)
    project.undo("ana")
    code(project, doc, "bob", 6, 10)
    assert project.redo("ana") == "Coded 'Rules' at 0-5"
    assert spans(project) == [("ana", 0, 5), ("bob", 6, 10)]
