"""Exchange fidelity through the facade: what we write comes back whole, what
QualCoder-style and NVivo-style files carry is kept, and a pseudonymised
export keeps every selection on the same words."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from exports.qdpx import validate_qdpx
from qda.errors import InvalidInput
from qda.project import Project
from tests.conftest import shared_file

NS = {"q": "urn:QDA-XML:project:1.0"}
TEXT = (
    "Interviewer: How did Eastmere Pantry start?\n\n"
    "Sarah Jones: In a church hall. Sarah Jones and Tom ran it.\n\n"
    "Interviewer: And now?\n\n"
    "Sarah Jones: Contracts, targets and reports."
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def build(p: Project) -> dict:
    doc = p.corpus.import_file(
        "sarah.txt", TEXT.encode("utf-8"), organisation="Eastmere Pantry", kind="interview",
        date="2024-02",
    )["guid"]  # fmt: skip
    p.corpus.map_speaker(doc, "Sarah Jones", "Sarah Jones", organisation="Eastmere Pantry")
    p.cases.update_case("Sarah Jones", pseudonym="Interviewee A")
    p.cases.update_case("Eastmere Pantry", pseudonym="Organisation 1")
    origins = p.codebook.add_code("Origins")
    people = p.codebook.add_code("People")
    church, names = span(TEXT, "In a church hall"), span(TEXT, "Sarah Jones and Tom ran it")
    p.coding.apply_code(origins, "ana", document=doc, start=church[0], end=church[1], memo="Hall!")
    p.coding.apply_code(origins, "ben", document=doc, start=church[0], end=church[1])
    p.coding.apply_code(people, "ben", document=doc, start=names[0], end=names[1])
    p.coding.write_memo("document", doc, "Sarah Jones was nervous", coder="ana", title="Context")
    p.coding.write_memo("case", "Eastmere Pantry", "Small pantry", coder="ben", title="Pantry")
    p.cases.classify("Eastmere Pantry", "culture", "egalitarianism", "2019-06", "Food forum era")
    p.cases.classify("Eastmere Pantry", "culture", "hierarchy", "2024-03")
    return {"doc": doc, "origins": origins, "people": people}


def export(p: Project, **options) -> tuple[bytes, dict]:
    out = io.BytesIO()
    result = p.exchange.export_qdpx(out, **options)
    return out.getvalue(), result


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def root_of(data: bytes) -> etree._Element:
    return etree.fromstring(members(data)["project.qde"])


def test_round_trip_keeps_kind_date_classifications_speakers_and_organisations(tmp_path, project):
    source = Project.create(tmp_path / "src.sqlite", name="Study")
    build(source)
    data, result = export(source, pseudonymise=False)
    assert result == {"pseudonymised": False, "warnings": []}
    assert validate_qdpx(io.BytesIO(data), shared_file("refi-qda", "Project.xsd")) == []
    report = project.exchange.import_qdpx("study.qdpx", data)
    assert (report["selections"], report["codings"], report["memos"], report["warnings"]) == (
        3, 3, 3, [],
    )  # fmt: skip
    [doc] = project.corpus.documents()
    assert (doc["kind"], doc["date"], doc["organisation"]) == (
        "interview", "2024-02", "Eastmere Pantry",
    )  # fmt: skip
    speakers = [(s["label"], s["participant"]) for s in project.corpus.speakers(doc["guid"])]
    assert speakers == [("Interviewer", None), ("Sarah Jones", "Sarah Jones")]
    assert project.cases.classifications() == source.cases.classifications()
    # memos written both as Note and as Description come back once each
    memos = sorted((m["target_kind"], m["text"], m["coder"]) for m in project.coding.memos())
    assert memos == [
        ("case", "Small pantry", "ben"),
        ("document", "Sarah Jones was nervous", "ana"),
    ]
    codings = sorted(
        (c["coder"], c["start"], c["end"], c["memo"]) for c in project.coding.codings()
    )
    assert codings == sorted(
        (c["coder"], c["start"], c["end"], c["memo"]) for c in source.coding.codings()
    )
    source.close()


def test_export_places_memos_in_descriptions_and_times_in_utc(tmp_path):
    p = Project.create(tmp_path / "p.sqlite", name="Study")
    ids = build(p)
    root = root_of(export(p, pseudonymise=False)[0])
    source = root.find(".//q:TextSource", NS)
    assert source.findtext("q:Description", None, NS) == "Sarah Jones was nervous"
    case = root.find(".//q:Case[@name='Eastmere Pantry']", NS)
    assert case.findtext("q:Description", None, NS) == "Small pantry"
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    sels = [
        (users[s.get("creatingUser")], s.findtext("q:Description", "", NS),
         [users[c.get("creatingUser")] for c in s.iterfind("q:Coding", NS)])
        for s in root.iterfind(".//q:PlainTextSelection", NS)
    ]  # fmt: skip
    assert sels == [("ana", "Hall!", ["ana"]), ("ben", "", ["ben"]), ("ben", "", ["ben"])]
    stamps = [el.get("creationDateTime") for el in root.iter() if el.get("creationDateTime")]
    assert len(stamps) == 9  # 3 selections, 3 codings, 3 notes
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps)
    values = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", NS)}
    assert (values["Document kind"], values["Document date"]) == ("Text", "Text")
    assert ids["doc"] == source.get("guid")
    p.close()


def test_pseudonymised_export_keeps_selections_on_the_same_words(tmp_path, project):
    p = Project.create(tmp_path / "p.sqlite", name="Study")
    build(p)
    data, result = export(p)
    assert result["pseudonymised"] is True
    assert validate_qdpx(io.BytesIO(data), shared_file("refi-qda", "Project.xsd")) == []
    for name, content in members(data).items():
        text = content.decode("utf-8")
        assert "Sarah" not in text and "Eastmere" not in text, name
    project.exchange.import_qdpx("pseudo.qdpx", data)
    [doc] = project.corpus.documents()
    text = project.corpus.document_text(doc["guid"])
    assert text == (
        "Interviewer: How did Organisation 1 start?\n\n"
        "Interviewee A: In a church hall. Interviewee A and Tom ran it.\n\n"
        "Interviewer: And now?\n\n"
        "Interviewee A: Contracts, targets and reports."
    )
    coded = sorted((c["coder"], text[c["start"] : c["end"]]) for c in project.coding.codings())
    assert coded == [
        ("ana", "In a church hall"),
        ("ben", "In a church hall"),
        ("ben", "Interviewee A and Tom ran it"),
    ]
    cases = sorted((c["kind"], c["name"], c["pseudonym"]) for c in project.cases.all())
    assert cases == [
        ("organisation", "Organisation 1", None),
        ("participant", "Interviewee A", None),
    ]
    assert doc["name"] == "Interviewee A"  # the document was named "sarah"
    speakers = [(s["label"], s["participant"]) for s in project.corpus.speakers(doc["guid"])]
    assert speakers == [("Interviewer", None), ("Interviewee A", "Interviewee A")]
    assert [(c["scheme"], c["value"], c["note"]) for c in project.cases.classifications()] == [
        ("culture", "egalitarianism", "Food forum era"),
        ("culture", "hierarchy", ""),
    ]
    memos = sorted(m["text"] for m in project.coding.memos())
    assert memos == ["Interviewee A was nervous", "Small pantry"]
    p.close()


def test_shared_code_names_warn_and_can_be_qualified(tmp_path):
    p = Project.create(tmp_path / "p.sqlite", name="Study")
    for parent in ("Growth", "Maturity"):
        p.codebook.add_code("Emotions", parent=p.codebook.add_code(parent))
    data, result = export(p)
    assert result["warnings"] == [
        "2 codes share 1 name(s) under different parents (e.g. 'Emotions': Growth/Emotions, "
        "Maturity/Emotions); tools that need unique names (QualCoder, Taguette) merge them: "
        "export with --qualify-names to write full paths"
    ]
    data, result = export(p, qualify_names=True)
    assert result["warnings"] == []
    names = [c.get("name") for c in root_of(data).iter("{urn:QDA-XML:project:1.0}Code")]
    assert names == ["Growth", "Growth/Emotions", "Maturity", "Maturity/Emotions"]
    p.close()


GUIDS = {
    name: f"{i:08x}-0000-4000-8000-{i:012x}"
    for i, name in enumerate(
        ["ana", "ben", "idle", "code", "doc", "sel1", "sel2", "c1", "c2", "case", "var", "j"], 1
    )
}
QC_TEXT = "Q: Where?\nA: In a church hall.\nQ: When?\nA: In 2015.  \n"
QC_QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="qc" origin="QualCoder 3.6"
 creatingUserGUID="{ana}" creationDateTime="2024-03-01T09:00:00Z">
<Users><User guid="{ana}" name="ana"/><User guid="{ben}" name="ben"/>
<User guid="{idle}" name="carol"/></Users>
<CodeBook><Codes><Code guid="{code}" name="Origins" isCodable="true">
<Description>Where it began</Description></Code></Codes></CodeBook>
<Variables><Variable guid="{var}" name="Sector" typeOfVariable="Text"><Description />
</Variable></Variables>
<Cases><Case guid="{case}" name="Pantry"><Description>Case memo: a small pantry</Description>
<VariableValue><VariableRef targetGUID="{var}"/><TextValue>VCSE</TextValue></VariableValue>
<SourceRef targetGUID="{doc}"/></Case></Cases>
<Sources><TextSource guid="{doc}" name="Interview" plainTextPath="internal://{doc}.txt"
 creatingUser="{ana}" creationDateTime="2024-03-01T09:00:00Z">
<Description>Document memo: recorded at the hall</Description>
<PlainTextSelection guid="{sel1}" startPosition="13" endPosition="29" creatingUser="{ana}"
 creationDateTime="2024-03-01T10:15:00Z"><Description>Coding memo by ana</Description>
<Coding guid="{c1}" creatingUser="{ana}" creationDateTime="2024-03-01T10:15:00Z">
<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="{sel2}" startPosition="13" endPosition="29" creatingUser="{ben}"
 creationDateTime="yesterday"><Description />
<Coding guid="{c2}" creatingUser="{ben}" creationDateTime="yesterday">
<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>
</TextSource></Sources>
<Notes><Note guid="{j}" name="Journal" plainTextPath="internal://{j}.txt" creatingUser="{ana}"
 creationDateTime="2024-03-02T08:00:00+02:00"><Description /></Note></Notes>
</Project>""".format(**GUIDS)


def qualcoder_file(qde: str = QC_QDE) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{GUIDS['doc']}.txt", ("\ufeff" + QC_TEXT).encode("utf-8"))
        archive.writestr(f"sources/{GUIDS['j']}.txt", "Journal: plan the workshop")
    return out.getvalue()


def test_qualcoder_style_file_keeps_descriptions_users_and_the_text_end(project):
    report = project.exchange.import_qdpx("qc.qdpx", qualcoder_file())
    assert (report["codings"], report["memos"], report["coders"]) == (2, 4, 3)
    assert report["warnings"] == [
        "2 creationDateTime value(s) are not date-times and were replaced by the time of "
        "import (first: coding 00000009-0000-4000-8000-000000000009: 'yesterday')"
    ]
    assert sorted(project.coders()) == ["ana", "ben", "carol"]  # carol coded nothing
    [doc] = project.corpus.documents()
    text = project.corpus.document_text(doc["guid"])
    assert text == QC_TEXT  # trailing spaces and the last line end kept
    codings = sorted(
        (c["coder"], text[c["start"] : c["end"]], c["memo"], c["created_at"][:19])
        for c in project.coding.codings()
    )
    assert codings[0] == ("ana", "In a church hall", "Coding memo by ana", "2024-03-01T10:15:00")
    assert codings[1][:3] == ("ben", "In a church hall", None)
    memos = sorted(
        (m["target_kind"], m["text"], m["coder"], m["created_at"][:19])
        for m in project.coding.memos()
    )
    # a case Description has no time of its own: it gets the time of import
    assert memos[0][:3] == ("case", "Case memo: a small pantry", None)
    assert memos[1:] == [
        ("document", "Document memo: recorded at the hall", "ana", "2024-03-01T09:00:00"),
        ("project", "Journal: plan the workshop", "ana", "2024-03-02T06:00:00"),
    ]


def test_nfc_changes_inside_a_selection_are_reported(project):
    qde = QC_QDE.replace(
        'startPosition="13" endPosition="29" creatingUser="{ana}"'.format(**GUIDS),
        'startPosition="0" endPosition="9" creatingUser="{ana}"'.format(**GUIDS),
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{GUIDS['doc']}.txt", "Q: Cafe\u0301?\nA: In a church hall.\n")
    report = project.exchange.import_qdpx("nfd.qdpx", data.getvalue())
    assert report["warnings"][0] == (
        "source 'Interview': the text of 1 selection(s) changed under Unicode NFC "
        "normalisation (positions 0-9); check them"
    )
    ana = [c for c in project.coding.codings() if c["coder"] == "ana"]
    assert [(c["start"], c["end"]) for c in ana] == [(0, 8)]


def test_duplicate_code_guids_are_one_clear_line(project):
    qde = QC_QDE.replace(
        "</Code></Codes>",
        '</Code><Code guid="{code}" name="Again" isCodable="true"/></Codes>'.format(**GUIDS),
    )
    with pytest.raises(InvalidInput) as err:
        project.exchange.import_qdpx("dup.qdpx", qualcoder_file(qde))
    assert str(err.value) == (
        "dup.qdpx: code GUID 00000004-0000-4000-8000-000000000004 is used by more than one "
        "code (again by 'Again'); the file is inconsistent"
    )
    assert project.counts()["codes"] == 0


def test_empty_sources_are_listed_and_the_extension_is_optional(project):
    empty = "99999999-0000-4000-8000-000000000001"
    blank = "99999999-0000-4000-8000-000000000002"
    qde = QC_QDE.replace(
        "</TextSource></Sources>",
        f'</TextSource><TextSource guid="{empty}" name="Empty" '
        f'plainTextPath="internal://{empty}.txt"/><TextSource guid="{blank}" name="Blank">'
        "<PlainTextContent>  \n </PlainTextContent></TextSource></Sources>",
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{GUIDS['doc']}.txt", QC_TEXT)
        archive.writestr(f"sources/{empty}.txt", "")
        archive.writestr("extensions/qda.xml", "<Other xmlns='urn:someone-else'/>")
    report = project.exchange.import_qdpx("empty.qdpx", data.getvalue())
    assert report["warnings"][:2] == [
        "source 'Empty': skipped, its plain text is empty",
        "source 'Blank': skipped, its plain text is empty",
    ]
    assert (report["sources"], project.counts()["documents"]) == (1, 1)
