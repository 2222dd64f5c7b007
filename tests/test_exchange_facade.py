"""The exchange facade: .qdpx export and import on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from codebooks.model import Code, Codebook
from exports.qdpx import (
    Coding,
    ProjectExchange,
    Selection,
    TextSource,
    User,
    validate_qdpx,
    write_qdpx,
)
from qda.errors import InvalidInput
from qda.project import Project
from tests.conftest import shared_file

TEXT = (
    "Interviewer: How did it start? \U0001f600\n\nSarah: In a church hall. We had no money."
    "\r\n\r\nInterviewer: And now? \U0001f331\n\nSarah: Contracts, targets and reports.\n"
)
CHURCH = (41, 57)  # "In a church hall" in the canonical text (code points)
CONTRACTS = (109, 127)  # "Contracts, targets"
NS = {"q": "urn:QDA-XML:project:1.0"}


def build(p: Project) -> dict:
    doc = p.corpus.import_file("sarah.txt", TEXT.encode("utf-8"), organisation="Eastmere Pantry")[
        "guid"
    ]
    p.corpus.map_speaker(doc, "Sarah", "Sarah", organisation="Eastmere Pantry")
    funding = p.codebook.add_code(
        "Funding", colour="#aa3300", definition="Money talk", codable=False
    )
    contracts = p.codebook.add_code("Contracts", parent=funding, keywords=["contract"])
    origins = p.codebook.add_code("Origins")
    ids = {"doc": doc, "funding": funding, "contracts": contracts, "origins": origins}
    ids["c1"] = p.coding.apply_code(
        origins, "ana", document=doc, start=41, end=57, memo="Church hall!"
    )
    ids["c2"] = p.coding.apply_code(origins, "ben", document=doc, start=41, end=57)
    ids["c3"] = p.coding.apply_code(contracts, "ana", document=doc, start=109, end=127)
    p.coding.write_memo("code", origins, "Where it began", coder="ana", title="Origins memo")
    p.coding.write_memo("document", doc, "Recorded in 2019", title="Context")
    p.coding.write_memo("case", "Eastmere Pantry", "Small pantry", coder="ben", title="Pantry")
    p.coding.write_memo("project", "", "Plan the workshop", title="Plan")
    p.cases.set_attribute("Eastmere Pantry", "Founded", "2015", "number")
    p.cases.set_attribute("Sarah", "Volunteer", "yes", "boolean")
    p.cases.update_case("Sarah", role="Chair")
    return ids


def export(p: Project, crlf: bool = False, pseudonymise: bool = False) -> bytes:
    out = io.BytesIO()
    p.exchange.export_qdpx(out, crlf=crlf, pseudonymise=pseudonymise)
    return out.getvalue()


def project_root(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("project.qde"))


def selections(data: bytes) -> list[tuple]:
    """(start, end, creator's name, codings, Description) of every selection."""
    root = project_root(data)
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    return [
        (
            int(s.get("startPosition")),
            int(s.get("endPosition")),
            users.get(s.get("creatingUser")),
            len(s.findall("q:Coding", NS)),
            s.findtext("q:Description", "", NS),
        )
        for s in root.iterfind(".//q:PlainTextSelection", NS)
    ]


@pytest.mark.parametrize(
    "crlf, spans", [(False, [CHURCH, CONTRACTS]), (True, [(43, 59), (115, 133)])]
)
def test_export_positions_and_schema(project, crlf, spans):
    build(project)
    data = export(project, crlf)
    # one selection per coder: the two coders' codings of the church hall are two,
    # each credited to its coder, the coding memo as the selection's Description
    assert selections(data) == [
        (*spans[0], "ana", 1, "Church hall!"),
        (*spans[0], "ben", 1, ""),
        (*spans[1], "ana", 1, ""),
    ]
    schema = shared_file("refi-qda", "Project.xsd")
    assert validate_qdpx(io.BytesIO(data), schema) == []


def _codes(p: Project) -> list[tuple]:
    return [
        (
            c["guid"],
            c["name"],
            c["parent"],
            c["codable"],
            c["colour"],
            c["definition"],
            c["keywords"],
        )
        for c in p.codebook.codes()
    ]


def _codings(p: Project) -> list[tuple]:
    return [
        (c["guid"], c["document"], c["start"], c["end"], c["code"], c["coder"], c["memo"])
        for c in p.coding.codings()
    ]


def _memos(p: Project) -> set[tuple]:
    project_guid = p.info()["guid"]
    return {
        (
            m["target_kind"],
            "PROJECT" if m["target_guid"] == project_guid else m["target_guid"],
            m["title"],
            m["text"],
            m["coder"],
        )
        for m in p.coding.memos()
    }


def _cases(p: Project) -> list[tuple]:
    return [
        (c["guid"], c["kind"], c["name"], c["role"], c["organisation"], c["attributes"])
        for c in p.cases.all()
    ]


@pytest.mark.parametrize("crlf", [False, True])
def test_round_trip_into_a_fresh_project(tmp_path, project, crlf):
    sqlite_project = Project.create(tmp_path / "source" / "study.sqlite", name="Study")
    build(sqlite_project)
    report = project.exchange.import_qdpx("study.qdpx", export(sqlite_project, crlf), coder="carol")
    assert report == {
        "file": "study.qdpx",
        "origin": "qda",
        "codes": 3,
        "sources": 1,
        "selections": 3,
        "codings": 3,
        "cases": 2,
        "notes": 5,
        "users": 2,
        "coders": 2,
        "memos": 5,
        "warnings": [],
    }
    [doc] = project.corpus.documents()
    assert doc == {
        **sqlite_project.corpus.documents()[0],
        "format": "qdpx",
        "source_name": doc["source_name"],
    }
    assert project.corpus.document_text(doc["guid"]) == sqlite_project.corpus.document_text(
        doc["guid"]
    )
    assert _codes(project) == _codes(sqlite_project)
    assert _codings(project) == _codings(sqlite_project)
    assert [
        project.corpus.document_text(doc["guid"])[s:e] for _, _, s, e, *_ in _codings(project)
    ] == [
        "In a church hall",
        "In a church hall",
        "Contracts, targets",
    ]
    assert _memos(project) == _memos(sqlite_project)
    assert _cases(project) == _cases(sqlite_project)
    assert sorted(project.coders()) == ["ana", "ben"]
    speakers = [(s["label"], s["participant"]) for s in project.corpus.speakers(doc["guid"])]
    assert speakers == [("Interviewer", None), ("Sarah", "Sarah")]
    sqlite_project.close()


def test_import_qualcoder_project(project):
    data = shared_file("refi-qda", "qc-demo-project.qdpx").read_bytes()
    report = project.exchange.import_qdpx("qc-demo-project.qdpx", data, coder="ana")
    assert {k: report[k] for k in ("codes", "sources", "selections", "codings", "cases")} == {
        "codes": 262,
        "sources": 2,
        "selections": 158,
        "codings": 205,
        "cases": 0,
    }
    assert report["warnings"] == [] and report["coders"] == 1
    counts = project.counts()
    assert (counts["documents"], counts["codes"], counts["codings"], counts["coders"]) == (
        2,
        262,
        205,
        1,
    )
    assert project.coders() == ["cp"]
    first = project.coding.codings(document="board_2017")[0]
    assert (first["start"], first["end"], first["coder"]) == (320, 400, "cp")
    text = project.corpus.document_text("board_2017")
    assert text[320:400].startswith("This district goal is engage every student")
    assert project.codebook.find_code("rq1_definition/competencies/programming")["depth"] == 2
    last = project.history()[0]
    assert (last["action"], last["undoable"]) == ("import qdpx", False)
    assert project.can_undo() is None


def test_code_guid_clash_is_refused_and_nothing_is_stored(project):
    data = shared_file("refi-qda", "atlasti-target-project.qdpx").read_bytes()
    assert project.exchange.import_qdpx("a.qdpx", data)["codes"] == 3
    before = (project.counts(), project.revision)
    with pytest.raises(InvalidInput) as err:
        project.exchange.import_qdpx("a.qdpx", data)
    assert str(err.value) == (
        "a.qdpx: 3 code GUID(s) are already in this project (e.g. 'Commits'); "
        "import it into a new project"
    )
    assert (project.counts(), project.revision) == before


def test_nvivo_sources_without_text_are_reported(project):
    data = shared_file("refi-qda", "nvivo-mac15-project.qdpx").read_bytes()
    report = project.exchange.import_qdpx("nvivo.qdpx", data)
    assert (report["codes"], report["sources"], len(report["warnings"])) == (262, 0, 2)
    assert project.counts()["documents"] == 0


def test_unreadable_file_is_one_clear_error(project):
    with pytest.raises(InvalidInput, match=r"^notes.qdpx: not a .qdpx \(zip\) file"):
        project.exchange.import_qdpx("notes.qdpx", b"just text")


def test_crlf_source_from_another_tool_maps_to_canonical_offsets(project):
    doc, code, user = (
        "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        "8a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        "7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
    )
    text = "Q: Why?\n\nA: Because \U0001f600 we care.\n\nQ: And?\n\nA: More."
    exchange = ProjectExchange(
        name="maxqda",
        users=[User(user, "Dana")],
        codebook=Codebook(codes=[Code(name="Care", guid=code)]),
        sources=[
            TextSource(
                doc,
                "Interview",
                text,
                [
                    Selection(
                        "6a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
                        12,
                        30,
                        [Coding("5a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", code, user)],
                    )
                ],
            )
        ],
    )
    out = io.BytesIO()
    write_qdpx(exchange, out, crlf=True)
    assert selections(out.getvalue()) == [(14, 32, None, 1, "")]
    project.exchange.import_qdpx("maxqda.qdpx", out.getvalue())
    [coding] = project.coding.codings()
    assert (coding["start"], coding["end"], coding["coder"]) == (12, 30, "Dana")
    assert project.corpus.document_text(doc)[12:30] == "Because \U0001f600 we care."
