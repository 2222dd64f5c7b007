"""Imports write in bulk: a fixed, small number of SQL statements whatever the
number of rows (an executemany counts as one), with the same results, the
same one-line errors and nothing written when any row is bad."""

from __future__ import annotations

import io
import uuid

import pytest

from codebooks.model import Code, Codebook
from corpus.model import ImportFailed
from exports.qdpx import (
    Case,
    Coding,
    Note,
    ProjectExchange,
    Selection,
    TextSource,
    User,
    Variable,
    write_qdpx,
)
from qda.errors import InvalidInput
from tests.test_changelog_bulk import statements, units


def attributes_table(cases: int, bad_line: int | None = None) -> bytes:
    lines = ["organisation,staff,founded,charity,sector"]
    for i in range(cases):
        staff = "lots" if i + 2 == bad_line else str(i % 40)
        lines.append(
            f"Org {i:04d},{staff},20{10 + i % 10}-0{1 + i % 9},{'yes' if i % 2 else 'no'},food"
        )
    return ("\n".join(lines) + "\n").encode()


def written(project) -> tuple:
    return project.counts(), project.cases.all(), project.cases.attributes(), project.revision


def test_case_attributes_take_a_fixed_number_of_statements(project):
    project.cases.add_organisation("Org 0003", pseudonym="O3")
    project.cases.set_attribute("Org 0003", "staff", "7", "text")
    with statements(project) as seen:
        assert project.cases.import_attributes("orgs.csv", attributes_table(200)) == 200
    # BEGIN; cases; attribute definitions; insert new cases; insert new
    # attributes; upsert the 800 values; the revision.
    assert len(seen) == units(project) + 6
    orgs = {c["name"]: c["attributes"] for c in project.cases.all("organisation")}
    assert len(orgs) == 200
    # staff existed as a text attribute: it keeps its type
    assert orgs["Org 0003"] == {
        "staff": "3",
        "founded": "2013-04",
        "charity": "true",
        "sector": "food",
    }
    assert orgs["Org 0151"] == {
        "staff": "31",
        "founded": "2011-08",
        "charity": "true",
        "sector": "food",
    }
    types = {a["name"]: a["type"] for a in project.cases.attributes()}
    assert types == {"staff": "text", "founded": "date", "charity": "boolean", "sector": "text"}
    # A second import updates in place: the same statements but the two
    # inserts (no new cases, no new attributes).
    with statements(project) as again:
        project.cases.import_attributes("orgs.csv", attributes_table(20))
    assert len(again) == len(seen) - 2
    assert len(project.cases.all("organisation")) == 200


def test_a_bad_value_in_row_150_writes_nothing(project):
    project.cases.add_organisation("Org 0001")
    project.cases.set_attribute("Org 0001", "staff", "1", "number")
    before = written(project)
    with pytest.raises(InvalidInput) as err:
        project.cases.import_attributes("orgs.csv", attributes_table(200, bad_line=150))
    assert str(err.value) == "orgs.csv line 150, column 'staff': 'lots' is not a number"
    assert written(project) == before


def test_a_case_named_by_its_pseudonym_or_twice_is_one_case(project):
    project.cases.add_organisation("Food Bank", pseudonym="FB")
    data = b"name,size,sector\nFB,3,food\nArts,2,arts\nFood Bank,4,\nArts,,crafts\n"
    assert project.cases.import_attributes("orgs.csv", data) == 4
    assert {c["name"]: c["attributes"] for c in project.cases.all()} == {
        "Arts": {"size": "2", "sector": "crafts"},
        "Food Bank": {"size": "4", "sector": "food"},
    }


def survey_table(respondents: int, bad_line: int | None = None) -> bytes:
    lines = ["id,age,member,What do you do?,What worries you?"]
    for i in range(respondents):
        age = "old" if i + 2 == bad_line else str(20 + i % 60)
        worry = "" if i % 7 == 0 else f"Funding for the lunch club ending, respondent {i} says."
        lines.append(
            f"R{i:03d},{age},{'yes' if i % 2 else 'no'},"
            f'"We run a lunch club for older residents, said respondent {i}.","{worry}"'
        )
    return ("\n".join(lines) + "\n").encode()


def test_a_survey_of_100_respondents_takes_a_fixed_number_of_statements(project):
    project.cases.add_participant("R005", pseudonym="Five")
    project.corpus.parse("warm.txt", b"Warm: up.")  # load spaCy before counting
    with statements(project) as seen:
        docs = project.corpus.import_survey(
            "club.csv", survey_table(100), organisation="Eastmere CVS", date="2024-05"
        )
    # Reading the settings; then in the write: BEGIN, cases, attribute
    # definitions, document names, the new organisation, the new
    # participants, the last position, documents, speakers, segments,
    # attribute definitions, values, the log entry, the revision; then
    # reading the new documents back (segments, speakers, documents).
    assert len(seen) == 3 * units(project) + 17
    assert [d["name"] for d in docs[:2]] == ["club R000", "club R001"]
    assert [(d["kind"], d["date"], d["organisation"], d["turns"]) for d in docs[:2]] == [
        ("survey", "2024-05", "Eastmere CVS", 1),
        ("survey", "2024-05", "Eastmere CVS", 2),
    ]
    assert len(docs) == 100 and docs[5]["speakers"] == ["R005"]
    people = {c["name"]: c for c in project.cases.all("participant")}
    assert len(people) == 100
    assert people["R005"]["organisation"] is None  # an existing participant keeps hers
    assert people["R006"]["organisation"] == "Eastmere CVS"
    assert people["R007"]["attributes"] == {"age": "27", "member": "true"}
    assert project.corpus.speakers("club R005")[0]["participant"] == "R005"
    assert [t["text"] for t in project.corpus.segments("club R001", "turn")] == [
        "We run a lunch club for older residents, said respondent 1.",
        "Funding for the lunch club ending, respondent 1 says.",
    ]
    # The same survey again: new documents under new names; no organisation,
    # participants or attribute definitions to create.
    with statements(project) as again:
        names = [d["name"] for d in project.corpus.import_survey("club.csv", survey_table(100))]
    assert len(again) == len(seen) - 3
    assert names[:2] == ["club R000 (2)", "club R001 (2)"]


def test_a_bad_survey_value_in_row_150_writes_nothing(project):
    project.cases.add_participant("R000")
    project.cases.set_attribute("R000", "age", "40", "number")
    before = written(project)
    with pytest.raises(InvalidInput) as err:
        project.corpus.import_survey("club.csv", survey_table(200, bad_line=150))
    assert str(err.value) == "club.csv line 150, column 'age': 'old' is not a number"
    assert written(project) == before


def test_a_file_import_links_aliases_and_refuses_identical_text(project):
    text = (
        b"Interviewer: How did it start?\n\nSJ: In a church hall, with friends.\n\n"
        b"Interviewer: And then?\n\nSarah: We had no money at all.\n\n"
        b"Interviewer: And now?\n\nSJ: Contracts, targets and reports.\n"
    )
    doc = project.corpus.import_file(
        "sarah.txt", text, organisation="Pantry", aliases={"SJ": "Sarah", "Interviewer": None}
    )
    speakers = {s["label"]: s["participant"] for s in project.corpus.speakers(doc["guid"])}
    assert speakers == {"Interviewer": None, "SJ": "Sarah"}
    [sarah] = project.cases.all("participant")
    assert (sarah["name"], sarah["organisation"]) == ("Sarah", "Pantry")
    before = written(project)
    with pytest.raises(
        ImportFailed, match=r"^again.txt: identical text is already in the project as 'sarah'$"
    ):
        project.corpus.import_file("again.txt", text)
    assert written(project) == before


def study(sources: int) -> bytes:
    """A REFI-QDA project from another tool: users, a three-level codebook,
    transcripts with selections, cases and notes."""
    ana, ben = User(str(uuid.uuid4()), "ana"), User(str(uuid.uuid4()), "ben")
    codes = [Code(name="Funding"), Code(name="Networks")]
    codes.append(Code(name="Grants", parent=codes[0].guid))
    codes.append(Code(name="Lottery", parent=codes[2].guid))
    docs, notes = [], []
    for i in range(sources):
        text = (
            f"Interviewer: How did source {i} start?\n\n"
            f"Ann: In a church hall, with a lottery grant.\n\n"
            f"Interviewer: And then?\n\nBob: Contracts number {i}.\n\n"
            f"Interviewer: And now?\n\nAnn: Reports.\n\n"
            f"Interviewer: Anything else?\n\nBob: No."
        )
        coding = Coding(str(uuid.uuid4()), codes[3].guid)
        selections = [
            Selection(str(uuid.uuid4()), 0, 12, [Coding(str(uuid.uuid4()), codes[1].guid)]),
            Selection(str(uuid.uuid4()), 40, 60, [coding], user=ben.guid),
            Selection(str(uuid.uuid4()), 5, 9, []),
        ]
        docs.append(TextSource(str(uuid.uuid4()), f"Interview {i}", text, selections))
        notes.append(Note(str(uuid.uuid4()), f"On source {i}", "context", [docs[-1].guid]))
        notes.append(Note(str(uuid.uuid4()), "Why", "a reason", [coding.guid], ben.guid))
    kind = Variable(str(uuid.uuid4()), "Case type")
    org = Variable(str(uuid.uuid4()), "Organisation")
    staff = Variable(str(uuid.uuid4()), "Staff", "Integer")
    cases = [
        Case(
            str(uuid.uuid4()),
            "Pantry",
            {kind.guid: "organisation", staff.guid: "4"},
            [d.guid for d in docs[::2]],
        ),
        Case(str(uuid.uuid4()), "Ann", {org.guid: "Church"}),
        Case(str(uuid.uuid4()), "Bob", {org.guid: "Pantry", staff.guid: "many"}),
    ]
    notes.append(Note(str(uuid.uuid4()), "Plan", "the workshop", ["project"], ana.guid))
    exchange = ProjectExchange(
        name="Study",
        users=[ana, ben],
        codebook=Codebook(codes=codes),
        variables=[kind, org, staff],
        cases=cases,
        sources=docs,
        notes=notes,
    )
    out = io.BytesIO()
    write_qdpx(exchange, out)
    return out.getvalue()


@pytest.mark.parametrize("sources", [4, 40])
def test_a_qdpx_import_takes_a_fixed_number_of_statements(project, sources):
    project.corpus.parse("warm.txt", b"Warm: up.")
    with statements(project) as seen:
        report = project.exchange.import_qdpx("study.qdpx", study(sources), coder="carol")
    # Reading the settings; then in the write: code GUIDs taken, the last
    # position, codes, their parents; coders, coder GUIDs taken; cases;
    # document GUIDs taken, texts already there, document names, the last
    # position, documents, speakers, segments; coding GUIDs taken, new
    # coders, codings; case GUIDs taken, attribute definitions, new
    # organisations, new participants, new attributes, values, documents'
    # organisations; unlinked speakers, their links; the project GUID, memo
    # GUIDs taken, memos, coding memos; the log entry and the revision (the
    # file's users and the fallback coder are created together, before the
    # codings). The same for 4 or 40 sources.
    assert len(seen) == 2 * units(project) + 33
    assert report == {
        "file": "study.qdpx",
        "origin": "qda",
        "codes": 4,
        "sources": sources,
        "selections": 2 * sources,
        "codings": 2 * sources,
        "cases": 3,
        "notes": 2 * sources + 1,
        "users": 2,
        "coders": 3,
        "memos": 2 * sources + 1,
        "warnings": [
            f"{sources} selection(s) without codings skipped",
            "case 'Bob': Staff: 'many' is not a number; value skipped",
        ],
    }
    assert sorted(project.coders()) == ["ana", "ben", "carol"]
    docs = project.corpus.documents()
    assert [d["name"] for d in docs[:2]] == ["Interview 0", "Interview 1"]
    assert [d["organisation"] for d in docs[:2]] == ["Pantry", None]
    speakers = {s["label"]: s["participant"] for s in project.corpus.speakers("Interview 1")}
    assert speakers == {"Interviewer": None, "Ann": "Ann", "Bob": "Bob"}
    cases = {c["name"]: c for c in project.cases.all()}
    assert sorted(cases) == ["Ann", "Bob", "Church", "Pantry"]
    assert (cases["Ann"]["organisation"], cases["Bob"]["organisation"]) == ("Church", "Pantry")
    assert cases["Pantry"]["attributes"] == {"Staff": "4"}
    codings = project.coding.codings(document="Interview 1")
    assert [(c["start"], c["end"], c["code_name"], c["coder"], c["memo"]) for c in codings] == [
        (0, 12, "Networks", "carol", None),
        (40, 60, "Lottery", "ben", "a reason"),
    ]
    memos = project.coding.memos()
    assert len(memos) == sources + 1
    assert {m["target_kind"] for m in memos} == {"document", "project"}


def test_a_refused_qdpx_import_writes_nothing(project):
    data = study(3)
    project.exchange.import_qdpx("study.qdpx", data)
    before = written(project)
    with pytest.raises(InvalidInput) as err:
        project.exchange.import_qdpx("study.qdpx", data)
    assert str(err.value) == (
        "study.qdpx: 4 code GUID(s) are already in this project (e.g. 'Funding'); "
        "import it into a new project"
    )
    assert written(project) == before
