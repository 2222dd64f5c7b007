"""REFI-QDA codebook exchange: schema-valid output, round trips, real files, safe XML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from codebooks.builtins import builtin_names, load_builtin
from codebooks.errors import InvalidCodebook, InvalidXML, UnsafeXML
from codebooks.model import Code, Codebook
from codebooks.qdc import (
    CODEBOOK_NS,
    PROJECT_NS,
    codes_from_xml,
    codes_to_xml,
    qdc_bytes,
    read_qdc,
    write_qdc,
)
from codebooks.tree import path_of, validate
from codebooks.xmlsafe import parse_xml
from codebooks.yaml_io import dump_yaml, load_yaml

SHARED = Path(__file__).resolve().parents[3] / "shared" / "refi-qda"
G1 = "5d0c1e9a-7b1f-4c55-9a0e-2f3a4b5c6d7e"
G2 = "{8A41B2C3-D4E5-4F60-8172-93A4B5C6D7E8}"
G3 = "c0ffee00-1234-4abc-8def-0123456789ab"


def sample() -> Codebook:
    return Codebook(
        codes=[
            Code(
                "Égalitarisme",
                guid=G1,
                definition="Strong group, few rules.\n\nSecond paragraph.",
                inclusion="Consortia.",
                exclusion="Contracts.",
                example='"We decide together"',
                colour="#1F77B4",
                keywords=["network", "peers"],
            ),
            Code("Sous-code <&>", guid=G2, parent=G1, codable=False),
            Code("Only criteria", guid=G3, exclusion="Nothing else."),
        ]
    )


def tree_of(cb: Codebook) -> list[tuple]:
    """Everything QDC carries, per code, in tree order."""
    return [
        (
            c.guid,
            c.parent,
            c.name,
            c.definition,
            c.inclusion,
            c.exclusion,
            c.example,
            c.colour,
            c.codable,
            c.keywords,
        )
        for c in cb.codes
    ]


def roundtrip(cb: Codebook) -> Codebook:
    out = io.BytesIO()
    write_qdc(cb, out)
    return read_qdc(io.BytesIO(out.getvalue()))


def test_written_document_shape() -> None:
    root = etree.fromstring(qdc_bytes(sample()))
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    assert [etree.QName(child).localname for child in root] == ["Codes"]  # no empty <Sets/>
    first = root[0][0]
    assert dict(first.attrib) == {
        "guid": G1,
        "name": "Égalitarisme",
        "isCodable": "true",
        "color": "#1F77B4",
    }
    assert [etree.QName(child).localname for child in first] == ["Description", "Code"]
    assert first[0].text == (
        "Strong group, few rules.\n\nSecond paragraph.\n\n[Inclusion] Consortia.\n\n"
        '[Exclusion] Contracts.\n\n[Example] "We decide together"\n\n[Keywords] network; peers'
    )
    assert first[1].get("isCodable") == "false"
    assert len(first[1]) == 0  # no empty Description
    assert root[0][1][0].text == "[Exclusion] Nothing else."


def test_qdc_round_trip_gives_an_equal_tree() -> None:
    cb = sample()
    assert tree_of(roundtrip(cb)) == tree_of(cb)
    assert qdc_bytes(roundtrip(cb)) == qdc_bytes(cb)


@pytest.mark.parametrize("name", builtin_names())
def test_yaml_qdc_yaml_gives_an_equal_tree(name: str) -> None:
    cb = load_builtin(name)
    again = roundtrip(load_yaml(dump_yaml(cb)))
    assert tree_of(again) == tree_of(cb)


def test_empty_codebook_cannot_be_written() -> None:
    with pytest.raises(InvalidCodebook) as caught:
        write_qdc(Codebook(), io.BytesIO())
    assert str(caught.value) == "a REFI-QDA codebook needs at least one code"


def test_bom_and_whitespace_before_declaration() -> None:
    data = b"\xef\xbb\xbf \r\n\t" + qdc_bytes(sample())
    assert tree_of(read_qdc(io.BytesIO(data))) == tree_of(sample())


def test_import_defaults_and_short_colours() -> None:
    data = f"""<?xml version="1.0"?>
<CodeBook xmlns="{CODEBOOK_NS}"><Codes>
  <Code guid="{G1}" name="A" isCodable="0" color="#AbC"><Description>Plain text.</Description></Code>
  <Code guid="{G3}" name="B" isCodable="true"/>
</Codes><Sets><Set guid="{G2}" name="S"><MemberCode guid="{G1}"/></Set></Sets></CodeBook>""".encode()
    a, b = read_qdc(io.BytesIO(data)).codes
    assert (a.codable, a.colour, a.definition) == (False, "#AAbbCC", "Plain text.")
    assert (b.codable, b.colour, b.definition) == (True, "#9e9e9e", "")


def test_import_errors_name_file_and_line() -> None:
    bad = io.BytesIO(b"<?xml version='1.0'?>\n<CodeBook>\n<Codes>\n</CodeBook>")
    bad.name = "/somewhere/frames.qdc"
    with pytest.raises(InvalidXML) as caught:
        read_qdc(bad)
    assert str(caught.value).startswith("frames.qdc line 4: malformed XML: ")
    project = f'<Project xmlns="{PROJECT_NS}"/>'.encode()
    with pytest.raises(InvalidCodebook) as caught:
        read_qdc(io.BytesIO(project), source="p.qde")
    assert (
        str(caught.value) == "p.qde line 1: not a REFI-QDA codebook: the root element is <Project>"
    )
    dup = f"""<CodeBook xmlns="{CODEBOOK_NS}"><Codes>
<Code guid="{G1}" name="A" isCodable="true"/>
<Code guid="{G3}" name="a" isCodable="true"/></Codes></CodeBook>""".encode()
    with pytest.raises(InvalidCodebook) as caught:
        read_qdc(io.BytesIO(dup), source="c.qdc")
    assert str(caught.value) == "c.qdc line 3, code 'a': duplicate sibling name"


def test_codes_helpers_work_in_the_project_namespace() -> None:
    project = etree.Element(f"{{{PROJECT_NS}}}Project", nsmap={None: PROJECT_NS})
    codebook_el = etree.SubElement(project, f"{{{PROJECT_NS}}}CodeBook")
    codes_el = codes_to_xml(codebook_el, sample(), PROJECT_NS)
    assert codes_el.tag == f"{{{PROJECT_NS}}}Codes"
    assert tree_of(Codebook(codes=codes_from_xml(codes_el, PROJECT_NS))) == tree_of(sample())


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="5d0c1e9a-7b1f-4c55-9a0e-2f3a4b5c6d7e" name="&lol3;" isCodable="true"/>
</Codes></CodeBook>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="5d0c1e9a-7b1f-4c55-9a0e-2f3a4b5c6d7e" name="&xxe;" isCodable="true"/>
</Codes></CodeBook>"""


@pytest.mark.parametrize(("data", "line"), [(BOMB, 3), (XXE, 2)])
def test_entity_declarations_are_refused(data: bytes, line: int) -> None:
    with pytest.raises(UnsafeXML) as caught:
        read_qdc(io.BytesIO(data), source="evil.qdc")
    assert str(caught.value) == (
        f"evil.qdc line {line}: entity declarations are not allowed "
        "(possible entity bomb or external entity)"
    )


def test_entity_declarations_are_refused_in_utf16_too() -> None:
    with pytest.raises(UnsafeXML) as caught:
        parse_xml(
            BOMB.decode().replace('"1.0"?>', '"1.0" encoding="UTF-16"?>', 1).encode("utf-16"),
            "evil.qdc",
        )
    assert str(caught.value) == "evil.qdc: entity declarations are not allowed"


def test_doctype_without_entities_is_accepted_and_not_fetched() -> None:
    data = b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x>ok</x>'
    assert parse_xml(data, "x.xml").text == "ok"


def test_empty_file() -> None:
    with pytest.raises(InvalidXML) as caught:
        parse_xml(b"\xef\xbb\xbf \n", "empty.qdc")
    assert str(caught.value) == "empty.qdc: the file is empty"


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="shared REFI-QDA files absent")


@needs_shared
@pytest.mark.parametrize("name", builtin_names())
def test_export_validates_against_the_official_schema(name: str) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(SHARED / "Codebook.xsd"))
    schema.validate(qdc_bytes(load_builtin(name)).decode("utf-8"))
    schema.validate(qdc_bytes(sample()).decode("utf-8"))


def project_codes(filename: str) -> list[Code] | None:
    path = SHARED / filename
    if not path.is_file():
        pytest.skip(f"{filename} absent")
    with zipfile.ZipFile(path) as archive:
        root = parse_xml(archive.read("project.qde"), f"{filename}/project.qde")
    codes_el = root.find(f"{{{PROJECT_NS}}}CodeBook/{{{PROJECT_NS}}}Codes")
    return None if codes_el is None else codes_from_xml(codes_el, PROJECT_NS)


@pytest.mark.parametrize("filename", ["nvivo-mac15-project.qdpx", "qc-demo-project.qdpx"])
def test_import_codes_of_shared_projects(filename: str) -> None:
    codes = project_codes(filename)
    assert codes is not None
    cb = Codebook(codes=codes)
    validate(cb)
    assert len(codes) == 262
    top = [code for code in codes if code.parent is None]
    assert [code.name for code in top] == [
        "rq1_definition",
        "rq2_curriculum_and_instruction",
        "rq3_process",
    ]
    assert codes[0].guid == "34653336-3766-3235-6466-363134396437"
    assert (codes[1].name, codes[1].parent) == ("competencies", codes[0].guid)
    assert path_of(cb, codes[2].guid) == "rq1_definition/competencies/programming"
    assert (codes[-1].guid, codes[-1].name) == (
        "39643666-3639-3532-3766-303963393063",
        "redirecting_conversation",
    )
    assert all(code.colour == "#9e9e9e" and code.codable for code in codes)
    # and the whole tree survives our own QDC export and import
    assert tree_of(roundtrip(cb)) == tree_of(cb)


def test_import_codes_of_shared_atlasti_projects() -> None:
    codes = project_codes("atlasti-target-project.qdpx")
    assert codes is not None
    assert [(c.guid, c.name) for c in codes] == [
        ("A182CD3A-D83C-4D8C-BC80-26D9103EC6D6", "Commits"),
        ("2D2466F0-D77F-4F8C-BDF9-628966B6B74D", "2022-05-10T02:05:59Z 19e4dce"),
        ("086AC733-7B1C-4749-A138-D7182F63A5C9", "2022-02-11T10:39:25Z cdbfd92"),
    ]
    assert [c.parent for c in codes] == [None, codes[0].guid, codes[0].guid]
    assert project_codes("atlasti-blank-project.qdpx") is None  # no CodeBook at all
