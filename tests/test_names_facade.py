"""Names through the facade and the CLI: the names an export would still hold,
generated pseudonyms (one undoable change), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from exports.check import RemainingName
from qda.cli import main
from qda.errors import InvalidInput
from qda.project import Project

NOTES = (
    "Roundtable notes\n\n"
    "Pat Avery: Welcome. The Third Sector Partnership hosts us today and the third "
    "sector is busy.\n\n"
    "Jo Reid: My manager Dana Cole could not come. Cllr Ivor Penn sent apologies.\n\n"
    "Pat Avery: Thanks, Jo.\n\n"
    "Jo Reid: Bye, Pat.\n"
)


@pytest.fixture
def roundtable(project):
    p = project
    p.cases.add_organisation("Third Sector Partnership")
    p.cases.set_attribute("Third Sector Partnership", "group", "VCS")
    p.cases.add_organisation("Eastmere Borough Council")
    p.cases.set_attribute("Eastmere Borough Council", "group", "commissioner")
    p.cases.add_participant("Pat Avery", role="VCS lead", organisation="Third Sector Partnership")
    p.cases.add_participant(
        "Jo Reid", role="Officer (part time)", organisation="Eastmere Borough Council"
    )
    doc = p.corpus.import_file(
        "notes.txt",
        NOTES.encode(),
        name="Roundtable",
        kind="focus group",
        aliases={"Pat Avery": "Pat Avery", "Jo Reid": "Jo Reid"},
    )["guid"]
    p.codebook.add_code("Capacity")
    text = p.corpus.document_text(doc)
    start = text.index("My manager")
    p.coding.apply_code("Capacity", "ana", document=doc, start=start, end=text.index(" sent") + 5)
    return p


def test_a_fresh_project_gets_distinct_pseudonyms_and_undo_restores_none(roundtable):
    p = roundtable
    before = [(c["name"], c["pseudonym"]) for c in p.cases.all()]
    assert before == [
        ("Eastmere Borough Council", None),
        ("Third Sector Partnership", None),
        ("Jo Reid", None),
        ("Pat Avery", None),
    ]
    assert p.exports.pseudonymise_text("Pat Avery and Jo Reid") == "[name] and [name]"
    new = p.cases.generate_pseudonyms()
    assert new == {
        "Third Sector Partnership": "Organisation A",
        "Eastmere Borough Council": "Organisation B",
        "Pat Avery": "Participant 1",
        "Jo Reid": "Participant 2",
    }
    assert p.exports.pseudonymise_text("Pat Avery and Jo of the Third Sector Partnership") == (
        "Participant 1 and Participant 2 of the Organisation A"
    )
    assert p.can_undo() == "Generated pseudonyms (numbered) for 4 cases"
    p.undo()
    assert [(c["name"], c["pseudonym"]) for c in p.cases.all()] == before
    p.redo()
    assert {c["name"]: c["pseudonym"] for c in p.cases.all()} == new
    assert p.cases.generate_pseudonyms() == {}  # nobody is left without one


def test_charts_by_organisation_tell_organisations_apart_once_generated(roundtable):
    p = roundtable
    doc = p.corpus.documents()[0]["guid"]
    start = p.corpus.document_text(doc).index("Welcome")
    p.coding.apply_code("Capacity", "ben", document=doc, start=start, end=start + 7)
    labels = p.analysis.frequency(by="organisation")["group_label"].tolist()
    # hidden, but one bar; "(none)": the heading before the first turn speaks for no one
    assert labels == ["[organisation]", "[organisation]", "(none)"]
    p.cases.generate_pseudonyms()
    labels = p.analysis.frequency(by="organisation")["group_label"].tolist()
    assert labels == ["Organisation A", "Organisation B", "(none)"]


def test_role_pseudonyms_by_role_and_group(roundtable):
    p = roundtable
    assert p.cases.generate_pseudonyms("role", group_attribute="group") == {
        "Third Sector Partnership": "VCS organisation 1",
        "Eastmere Borough Council": "commissioner organisation 1",
        "Pat Avery": "VCS lead 1",
        "Jo Reid": "Officer 1",
    }
    with pytest.raises(InvalidInput, match=r"^pseudonym scheme 'x' is not one of numbered, role$"):
        p.cases.generate_pseudonyms("x")
    with pytest.raises(InvalidInput, match=r"^no case has the attribute 'size'$"):
        p.cases.generate_pseudonyms("role", group_attribute="size")


def test_check_names_before_and_after_accepting(roundtable):
    p = roundtable
    p.cases.generate_pseudonyms()
    found = p.exports.check_names("excerpts", fmt="csv")
    assert found == [
        RemainingName("Dana Cole", "person", "possible", "after 'manager'", 1),
        RemainingName("Ivor Penn", "person", "possible", "after the title Cllr", 1),
    ]
    assert found[0].context == ("My manager Dana Cole could not come. Cllr Ivor Penn sent",)
    p.exports.set_pseudonym("Dana Cole", "Participant 9")
    p.exports.set_pseudonym("Ivor Penn", "Councillor A")
    assert p.exports.check_names("excerpts", fmt="csv") == []
    assert p.exports.check_names("docx") == []
    real = p.exports.check_names("docx", pseudonymise=False)
    assert {(r.text, r.status, r.count) for r in real if r.status == "known"} == {
        ("Dana Cole", "known", 1),
        ("Ivor Penn", "known", 1),
        ("Jo Reid", "known", 1),
        ("Eastmere Borough Council", "known", 1),
    }
    with pytest.raises(InvalidInput, match=r"^export 'qdpx' is not one of docx, workshop"):
        p.exports.check_names("qdpx")


def test_the_third_sector_stays_in_exports(roundtable, tmp_path):
    p = roundtable
    p.cases.generate_pseudonyms()
    doc = p.corpus.documents()[0]["guid"]
    text = p.exports.pseudonymise_text(p.corpus.document_text(doc))
    assert "The Organisation A hosts us today and the third sector is busy." in text
    assert "Thanks, Participant 2." in text


def test_cli_check_names_writes_nothing_and_fails_on_a_real_name(roundtable, tmp_path, capsys):
    if not str(roundtable.location).endswith(".sqlite"):
        pytest.skip("the CLI test runs on the SQLite project")
    location = str(roundtable.location)
    assert main(["names", "generate", location]) == 0
    assert capsys.readouterr().out == "4 cases got a pseudonym (undo with `python -m qda undo`)\n"
    out = tmp_path / "x.csv"
    assert main(["export", "excerpts", location, str(out), "--check-names"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].split() == ["status", "name", "kind", "count", "why", "context"]
    assert printed[1].split()[:4] == ["possible", "Dana", "Cole", "person"]
    assert printed[-1] == "0 real names remain, 2 possible names to review; nothing written"
    assert not out.exists()
    assert main(["export", "excerpts", location, str(out), "--check-names", "--no-pseudonyms"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "2 real names remain, 2 possible names to review; nothing written"
    )
    assert main(["names", "accept", location, "Dana Cole", "Participant 9"]) == 0
    assert main(["names", "reject", location, "Ivor Penn"]) == 0
    capsys.readouterr()
    assert main(["names", "suggest", location, "--json"]) == 0
    assert '"Dana Cole"' not in capsys.readouterr().out
    assert main(["export", "excerpts", location, str(out), "--check-names"]) == 0
    assert (
        capsys.readouterr().out
        == "0 real names remain, 0 possible names to review; nothing written\n"
    )
    assert main(["export", "excerpts", location, str(out)]) == 0
    assert "Participant 9" in out.read_text(encoding="utf-8-sig")
    assert Project.open(location).exports.pseudonyms() == [
        {"real": "Dana Cole", "pseudonym": "Participant 9", "kind": "person", "accepted": True},
        {"real": "Ivor Penn", "pseudonym": "", "kind": "person", "accepted": False},
    ]


def test_the_code_view_shows_pseudonyms_and_keeps_offsets(roundtable):
    p = roundtable
    p.cases.generate_pseudonyms()
    doc = p.corpus.documents()[0]["guid"]
    text = p.corpus.document_text(doc)
    view = p.coding.document_view(doc, "turn")
    assert view["name"] == "Roundtable"
    # segment 0 is the heading before the first label: a turn with no speaker
    assert view["segments"][0]["display_speaker"] in (None, "")
    first, last = view["segments"][1], view["segments"][4]
    assert (first["display_speaker"], last["display_speaker"]) == ("Participant 1", "Participant 2")
    s = last["start"]  # the turn's text follows its label: "Bye, Pat."
    assert last["shown_text"] == "Bye, Participant 1."
    assert last["names"] == [(s + 5, s + 8, "Participant 1")]
    runs = p.coding.highlight_runs(last, [], {"start": s + 3, "end": s + 6})
    assert [
        (r["start"], r["end"], r["text"], r.get("name", False), r["selected"]) for r in runs
    ] == [
        (s, s + 3, "Bye", False, False),
        (s + 3, s + 5, ", ", False, True),
        (s + 5, s + 6, "Participant 1", True, True),  # a selection edge cuts the name:
        (s + 6, s + 8, "", True, False),  # its first piece shows the pseudonym
        (s + 8, s + 9, ".", False, False),
    ]
    assert text[s : s + 9] == "Bye, Pat."
    p.update_settings(show_pseudonyms=False)
    real = p.coding.document_view(doc, "turn")["segments"][4]
    assert (real["display_speaker"], real["shown_text"], "names" in real) == (
        "Jo Reid",
        "Bye, Pat.",
        False,
    )


def test_retrieval_shows_pseudonyms_while_they_are_on(roundtable):
    from qda.services.workbench import RetrievalQuery

    p = roundtable
    p.cases.generate_pseudonyms()
    p.exports.set_pseudonym("Dana Cole", "Participant 9")
    [found] = p.coding.retrieve(RetrievalQuery())
    assert (found["text"], found["speaker"], found["organisation"], found["document_name"]) == (
        "My manager Participant 9 could not come. Cllr Ivor Penn sent",
        "Participant 2",
        None,
        "Roundtable",
    )
    p.update_settings(show_pseudonyms=False)
    [found] = p.coding.retrieve(RetrievalQuery())
    assert (found["text"], found["speaker"]) == (
        "My manager Dana Cole could not come. Cllr Ivor Penn sent",
        "Jo Reid",
    )


def test_a_word_written_in_lower_case_in_a_new_document_stops_being_a_variant(project):
    p = project
    p.cases.add_organisation("Riverside Food Bank", pseudonym="Organisation R")
    assert p.exports.pseudonymise_text("Riverside helped.") == "Organisation R helped."
    p.corpus.import_file("walk.txt", b"We walked along the riverside to the bank.\n")
    assert p.exports.pseudonymise_text("Riverside helped.") == "Riverside helped."
    assert p.exports.pseudonymise_text("The Riverside Food Bank helped.") == (
        "The Organisation R helped."
    )
