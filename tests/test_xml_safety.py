"""Every XML reader refuses entity declarations with one clear error, and
every XML parse in the project goes through ``codebooks.xmlsafe``.

Readers: .docx and .odt import, the QDC codebook reader, the QDPX reader and
validator, and the schema the validator is given.
"""

from __future__ import annotations

import ast
import io
import zipfile

import pytest
from lxml import etree

from codebooks.errors import UnsafeXML
from codebooks.qdc import read_qdc
from corpus.model import ImportFailed
from corpus.readers import extract
from exports.qdpx import read_qdpx, validate_qdpx
from exports.qdpx_validate import load_schema
from tests.conftest import ROOT
from tests.corpus.corpus_builders import make_docx

SECRET = "the-content-of-a-private-file"
REFUSED = "line 2: entity declarations are not allowed (possible entity bomb or external entity)"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
# Root element and body of each kind of document, with {ref} where an entity is used.
BODIES = {
    "docx": f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{{ref}}</w:t></w:r></w:p></w:body></w:document>',
    "odt": f"<office:document-content {ODF}><office:body><office:text><text:p>{{ref}}</text:p></office:text></office:body></office:document-content>",
    "qdc": '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="5d0c1e9a-7b1f-4c55-9a0e-2f3a4b5c6d7e" name="{ref}" isCodable="true"/></Codes></CodeBook>',
    "qdpx": '<Project xmlns="urn:QDA-XML:project:1.0" name="{ref}"/>',
    "xsd": '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:annotation><xsd:documentation>{ref}</xsd:documentation></xsd:annotation></xsd:schema>',
}  # fmt: skip


def external_entity(kind: str, secret_file) -> bytes:
    """An external entity that would pull a local file into the document."""
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE root [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>\n'
        + BODIES[kind].format(ref="&xxe;")
    ).encode()


def billion_laughs(kind: str, _secret_file=None) -> bytes:
    """Ten levels of ten references: 10**9 "lol"s if anything expanded them."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n'
        f"<!DOCTYPE root [{''.join(levels)}]>\n" + BODIES[kind].format(ref="&lol9;")
    ).encode()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_with(members: dict[str, bytes]) -> bytes:
    """A real .docx with some members replaced or added."""
    with zipfile.ZipFile(io.BytesIO(make_docx([[("Hello", False)]]))) as archive:
        return zipped({n: archive.read(n) for n in archive.namelist()} | members)


def odt_with(content_xml: bytes) -> bytes:
    return zipped(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": content_xml}
    )


def import_message(filename: str, data: bytes) -> str:
    with pytest.raises(ImportFailed) as caught:
        extract(filename, data)
    return str(caught.value)


def unsafe_message(read, *args) -> str:
    with pytest.raises(UnsafeXML) as caught:
        read(*args)
    return str(caught.value)


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "private.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


ATTACKS = pytest.mark.parametrize(
    "attack", [external_entity, billion_laughs], ids=["external-entity", "billion-laughs"]
)


@ATTACKS
def test_docx_import_refuses_entities(attack, secret_file):
    message = import_message(
        "evil.docx", docx_with({"word/document.xml": attack("docx", secret_file)})
    )
    assert message == f"evil.docx: the .docx content cannot be read: word/document.xml {REFUSED}"


def test_docx_embedded_files_are_not_read_as_xml():
    # Illustrator writes SVGs with entity declarations; python-docx never parses images.
    svg = b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY ns "http://www.w3.org/2000/svg">]><svg/>'
    assert extract("logo.docx", docx_with({"word/media/image1.svg": svg})).text == "Hello"


@ATTACKS
def test_odt_import_refuses_entities(attack, secret_file):
    message = import_message("evil.odt", odt_with(attack("odt", secret_file)))
    assert message == f"evil.odt: the .odt content cannot be read: content.xml {REFUSED}"


@ATTACKS
def test_qdc_reader_refuses_entities(attack, secret_file):
    data = attack("qdc", secret_file)
    assert unsafe_message(read_qdc, io.BytesIO(data), "evil.qdc") == f"evil.qdc {REFUSED}"


@ATTACKS
def test_qdpx_reader_and_validator_refuse_entities(attack, secret_file):
    data = zipped({"project.qde": attack("qdpx", secret_file)})
    message = unsafe_message(read_qdpx, io.BytesIO(data), "evil.qdpx")
    assert message == f"evil.qdpx/project.qde {REFUSED}"
    assert [str(p) for p in validate_qdpx(io.BytesIO(data))] == [f"project.qde {REFUSED}"]


@ATTACKS
def test_schema_with_entities_is_not_a_usable_schema(attack, secret_file, tmp_path):
    schema = tmp_path / "evil.xsd"
    schema.write_bytes(attack("xsd", secret_file))
    with pytest.raises(etree.XMLSchemaParseError) as caught:
        load_schema(schema)
    assert str(caught.value) == f"evil.xsd {REFUSED}"


def test_validate_command_reports_an_unsafe_schema_as_unusable(secret_file, tmp_path, capsys):
    from qda.cli import main

    schema = tmp_path / "evil.xsd"
    schema.write_bytes(external_entity("xsd", secret_file))
    qdpx = tmp_path / "p.qdpx"
    qdpx.write_bytes(zipped({"project.qde": BODIES["qdpx"].format(ref="p").encode()}))
    assert main(["validate-qdpx", str(qdpx), "--schema", str(schema)]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"error: {schema}: not a usable XML schema (evil.xsd {REFUSED})\n")


def test_malformed_parts_are_refused_with_their_name():
    broken = b'<?xml version="1.0"?>\n<w:document xmlns:w="' + W.encode() + b'"><w:body>'
    message = import_message("bad.docx", docx_with({"word/document.xml": broken}))
    assert message.startswith(
        "bad.docx: the .docx content cannot be read: word/document.xml line 2: malformed XML: "
    )
    message = import_message("bad.odt", odt_with(b"<office:document-content"))
    assert message.startswith("bad.odt: the .odt content cannot be read: content.xml line 1: ")


def test_odt_doctype_without_entities_and_comments_still_read():
    content = (
        '<?xml version="1.0"?>\n<!DOCTYPE office:document-content>\n'
        + BODIES["odt"].format(ref="Hello <!-- a reviewer's note --> world")
    ).encode()
    assert extract("ok.odt", odt_with(content)).text == "Hello  world"


# --- one way to parse XML ----------------------------------------------------

SAFE_MODULE = "codebooks/xmlsafe.py"
CODE_FOLDERS = ("analysis", "app_pages", "codebooks", "coding", "corpus", "exports", "qda")
PARSING_CALLS = {"XMLParser", "fromstring", "XML", "parse", "iterparse", "XMLPullParser"}
OTHER_XML_LIBRARIES = ("defusedxml", "xml.etree", "xml.dom", "xml.sax", "xml.parsers")


def _code_files():
    yield ROOT / "app.py"
    for folder in CODE_FOLDERS:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_only_the_safe_module_parses_xml():
    found = []
    for path in _code_files():
        name = path.relative_to(ROOT).as_posix()
        if name == SAFE_MODULE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in PARSING_CALLS:
                owner = node.value
                if isinstance(owner, ast.Name) and owner.id == "etree":
                    found.append(f"{name}:{node.lineno}: etree.{node.attr}")
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            found += [
                f"{name}:{node.lineno}: import {module}"
                for module in modules
                if module.startswith(OTHER_XML_LIBRARIES) or module == "xml"
            ]
    assert found == []
