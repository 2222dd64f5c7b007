"""Writing and reading .qdpx: exact positions (code points, CRLF), schema validity, offsets."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from codebooks.model import Code, Codebook
from exports.qdpx import (
    PROJECT_TARGET,
    Case,
    Coding,
    Note,
    ProjectExchange,
    Selection,
    TextSource,
    User,
    Variable,
    read_qdpx,
    validate_qdpx,
    write_qdpx,
)
from exports.qdpx_offsets import CrlfPositions, OffsetMap
from tests.conftest import shared_file

NS = {"q": "urn:QDA-XML:project:1.0"}
TEXT = "Ana: We started \U0001f600 in 2015.\nBen: Then we grew \U0001f331 fast.\n\nAna: Yes."
DOC = "0a5c5e39-46d3-4bd8-9a57-1d1b4a3e8f01"
ANA = "1b9e4e0d-2a55-4c43-8b0f-5d2f3f4a6b02"
BEN = "2c8d5f1e-3b66-4d54-9c10-6e3a4a5b7c03"
GROWTH = "3d7c6a2f-4c77-4e65-8d21-7f4b5b6c8d04"
FOLDER = "4e6b7b3a-5d88-4f76-9e32-8a5c6c7d9e05"
YES = "5f5a8c4b-6e99-4a87-8f43-9b6d7d8e0f06"


def sample() -> ProjectExchange:
    codes = [
        Code(name="Themes", guid=FOLDER, codable=False, definition="Top level"),
        Code(name="Growth", guid=GROWTH, parent=FOLDER, colour="#336699", keywords=["grew"]),
        Code(name="Agreement", guid=YES),
    ]
    grew = Selection(
        "6a4b9d5c-7fa0-4b98-9054-0c7e8e9f1a07",
        40,
        51,
        [Coding("7b3cae6d-80b1-4ca9-8165-1d8f9f0a2b08", GROWTH, ANA, "2024-05-01T10:00:00Z")],
        user=ANA,
    )
    yes = Selection(
        "8c2dbf7e-91c2-4dba-9276-2e9a0a1b3c09",
        59,
        62,
        [
            Coding("9d1ec08f-a2d3-4ecb-a387-3fab1b2c4d10", YES, ANA),
            Coding("ae0fd190-b3e4-4fdc-b498-40bc2c3d5e11", YES, BEN),
        ],
    )
    age = Variable("bf1e02a1-c4f5-4aed-85a9-51cd3d4e6f12", "Founded", "Integer")
    sector = Variable("c02f13b2-d506-4bfe-96ba-62de4e5f7013", "Sector", "Text")
    return ProjectExchange(
        name="Exchange test",
        users=[User(ANA, "Ana"), User(BEN, "Ben")],
        codebook=Codebook(name="Exchange test", codes=codes),
        variables=[age, sector],
        cases=[
            Case(
                "d1302c3c-e617-4c0f-a7cb-73ef5f608114", "Eastmere Pantry", {age.guid: "2015"}, [DOC]
            ),
            Case("e2413d4d-f728-4d10-b8dc-840f60719215", "Ana", {sector.guid: "VCSE"}),
        ],
        sources=[TextSource(DOC, "Interview 1", TEXT, [grew, yes], user=ANA)],
        notes=[
            Note("f3524e5e-0839-4e21-89ed-951071820316", "On growth", "Growth memo", [GROWTH]),
            Note("04635f6f-194a-4f32-9afe-a62182931417", "Coding", "Why", [grew.codings[0].guid]),
            Note("15746070-2a5b-4043-8b0f-b73293a42518", "Case", "Pantry", [grow_case()]),
            Note("26857181-3b6c-4154-9c10-c843a4b53619", "Project", "Plan", [PROJECT_TARGET]),
            Note("37968292-4c7d-4265-8d21-d954b5c6471a", "Doc", "Context 😀", [DOC]),
        ],
        description="A test project",
    )


def grow_case() -> str:
    return "d1302c3c-e617-4c0f-a7cb-73ef5f608114"


def exported(exchange: ProjectExchange, crlf: bool = False) -> bytes:
    out = io.BytesIO()
    write_qdpx(exchange, out, crlf=crlf)
    return out.getvalue()


def qde(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("project.qde"))


def positions(root: etree._Element) -> list[tuple[int, int]]:
    return [
        (int(s.get("startPosition")), int(s.get("endPosition")))
        for s in root.iterfind(".//q:PlainTextSelection", NS)
    ]


def test_positions_are_code_points_of_the_text_as_written():
    data = exported(sample())
    assert positions(qde(data)) == [(40, 51), (59, 62)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # notes about a code or the project are files too (QualCoder keeps only those)
        assert sorted(archive.namelist()) == [
            "project.qde",
            f"sources/{DOC}.txt",
            "sources/26857181-3b6c-4154-9c10-c843a4b53619.txt",
            "sources/f3524e5e-0839-4e21-89ed-951071820316.txt",
        ]
        assert archive.read("sources/26857181-3b6c-4154-9c10-c843a4b53619.txt") == b"Plan"
        written = archive.read(f"sources/{DOC}.txt").decode("utf-8")
    assert written == TEXT
    assert written[40:51] == "grew \U0001f331 fast"
    source = qde(data).find(".//q:TextSource", NS)
    assert source.get("plainTextPath") == f"internal://{DOC}.txt"


def test_crlf_shifts_positions_by_the_line_ends_before_them():
    data = exported(sample(), crlf=True)
    assert positions(qde(data)) == [(41, 52), (62, 65)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        written = archive.read(f"sources/{DOC}.txt").decode("utf-8")
    assert written.count("\r\n") == 3 and "\n" not in written.replace("\r\n", "")
    assert written[41:52] == "grew \U0001f331 fast"
    assert written[62:65] == "Yes"


@pytest.mark.parametrize("crlf", [False, True])
def test_export_is_valid_against_the_standard_schema(crlf):
    schema = shared_file("refi-qda", "Project.xsd")
    assert validate_qdpx(io.BytesIO(exported(sample(), crlf)), schema) == []


def test_element_order_and_references():
    root = qde(exported(sample()))
    assert [etree.QName(c).localname for c in root] == [
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
        "Notes",
        "Links",
        "Description",
        "NoteRef",
    ]
    growth = root.find(f".//q:Code[@guid='{GROWTH}']", NS)
    assert [etree.QName(c).localname for c in growth] == ["Description", "NoteRef"]
    link = root.find(".//q:Link", NS)
    assert (link.get("originGUID"), link.get("targetGUID")) == (
        "15746070-2a5b-4043-8b0f-b73293a42518",
        grow_case(),
    )
    values = root.findall(".//q:Case/q:VariableValue/q:IntegerValue", NS)
    assert [v.text for v in values] == ["2015"]


@pytest.mark.parametrize("crlf", [False, True])
def test_round_trip_through_the_reader(crlf):
    original = sample()
    back = read_qdpx(io.BytesIO(exported(original, crlf)), "x.qdpx")
    assert back.warnings == []
    assert back.name == "Exchange test" and back.description == "A test project"
    assert [(u.guid, u.name) for u in back.users] == [(ANA, "Ana"), (BEN, "Ben")]
    assert back.codebook.codes == original.codebook.codes
    [source] = back.sources
    assert source.text == TEXT and source.name == "Interview 1"
    assert [(s.guid, s.start, s.end) for s in source.selections] == [
        (original.sources[0].selections[0].guid, 40, 51),
        (original.sources[0].selections[1].guid, 59, 62),
    ]
    assert [(c.guid, c.code, c.user) for s in source.selections for c in s.codings] == [
        (c.guid, c.code, c.user) for s in original.sources[0].selections for c in s.codings
    ]
    assert {n.guid: (n.name, n.text, n.targets) for n in back.notes} == {
        n.guid: (n.name, n.text, n.targets) for n in original.notes
    }
    assert [(c.guid, c.name, c.values, c.sources) for c in back.cases] == [
        (c.guid, c.name, c.values, c.sources) for c in original.cases
    ]
    assert [(v.guid, v.name, v.type) for v in back.variables] == [
        (v.guid, v.name, v.type) for v in original.variables
    ]


def test_offset_map_is_exact_across_crlf_controls_and_composition():
    raw = "a\r\nb\u2029c\x00d e\u0301f  \n\n"
    m = OffsetMap(raw)
    assert m.canonical == "a\nb\n\ncd \u00e9f"
    assert [m.position(i) for i in range(len(raw) + 1)] == [
        0,  # a
        1,  # \r -> \n
        1,  # \n (second half of CRLF)
        2,  # b
        3,  # U+2029 -> blank line
        5,  # c
        6,  # NUL (dropped)
        6,  # d
        7,  # space
        8,  # e (composes with the accent)
        8,  # combining acute
        9,  # f
        10,  # trailing spaces and newlines are trimmed
        10,
        10,
        10,
        10,
    ]
    assert OffsetMap("plain").position(5) == 5
    with pytest.raises(IndexError):
        m.position(len(raw) + 1)


def test_crlf_positions():
    shift = CrlfPositions("ab\ncd\n\nef")
    assert [shift(p) for p in (0, 2, 3, 5, 6, 7, 9)] == [0, 2, 4, 6, 8, 10, 12]


def test_reader_maps_crlf_and_nfd_text_to_canonical_offsets():
    raw = "Cafe\u0301 talk\r\nSecond line\r\n"
    qde_xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>
<Code guid="{GROWTH}" name="Talk" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{DOC}" name="doc" plainTextPath="internal://{DOC}.txt">
<PlainTextSelection guid="{YES}" startPosition="6" endPosition="10">
<Coding guid="{FOLDER}"><CodeRef targetGUID="{GROWTH}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="{ANA}" startPosition="12" endPosition="18">
<Coding guid="{BEN}"><CodeRef targetGUID="{GROWTH}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="{FOLDER[:-2]}99" startPosition="20" endPosition="40"/>
</TextSource></Sources></Project>"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde_xml)
        archive.writestr(f"sources/{DOC}.txt", raw.encode("utf-8"))
    back = read_qdpx(io.BytesIO(out.getvalue()), "crlf.qdpx")
    [source] = back.sources
    # only line ends and NFC change: the final line end stays, as given
    assert source.text == "Caf\u00e9 talk\nSecond line\n"
    spans = [(s.start, s.end, source.text[s.start : s.end]) for s in source.selections]
    assert spans == [(5, 9, "talk"), (10, 16, "Second")]
    assert back.warnings == ["source 'doc': 1 selection(s) outside the text skipped"]
