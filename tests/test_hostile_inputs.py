"""Every hostile input the command line is given ends in one line naming the
file and the reason, and nothing else on stderr: expansion bombs, malformed
and entity-laden XML, damaged PDFs, bad encodings, project paths that are not
projects, missing files. Each case runs ``python -m qda`` in its own process,
so a stray log line (pypdf's "EOF marker not found") or a traceback shows.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

import pytest

from corpus import limits
from corpus.archives import unpack
from corpus.model import ImportFailed
from corpus.readers import extract
from tests.conftest import ROOT
from tests.corpus.corpus_builders import make_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODT_MIME = b"application/vnd.oasis.opendocument.text"


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(make_docx([[("Hello", False)]]))) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def docx_with(document_xml: bytes) -> bytes:
    """The small .docx with its word/document.xml replaced."""
    return zipped(docx_members() | {"word/document.xml": document_xml})


def odt_body(inner: str) -> bytes:
    return (
        f"<office:document-content {ODF}><office:body><office:text>{inner}"
        "</office:text></office:body></office:document-content>"
    ).encode()


def docx_bomb() -> bytes:
    """About 1 MB of .docx whose document.xml holds 1 GiB of spaces."""
    head, tail = docx_members()["word/document.xml"].split(b"Hello")
    members = docx_members()
    del members["word/document.xml"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head)
            spaces = b" " * 2**20
            for _ in range(1024):
                part.write(spaces)
            part.write(tail)
    return out.getvalue()


def billion_laughs_docx() -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    document = docx_members()["word/document.xml"].replace(b"Hello", b"&lol9;")
    head, _, rest = document.partition(b"\n")
    return docx_with(head + f"\n<!DOCTYPE w:document [{''.join(levels)}]>\n".encode() + rest)


def entity_in_renamed_part() -> bytes:
    """The main document under a name that does not end in .xml (its content
    type says it is XML): python-docx read it and dropped " and world"."""
    members = docx_members()
    document = members.pop("word/document.xml")
    head, _, rest = document.partition(b"\n")
    members["word/document.bin"] = (
        head
        + b'\n<!DOCTYPE w:document [<!ENTITY e "and">]>\n'
        + rest.replace(b"Hello", b"Hello &e; world")
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"/word/document.xml", b"/word/document.bin"
    )
    members["_rels/.rels"] = members["_rels/.rels"].replace(
        b"word/document.xml", b"word/document.bin"
    )
    return zipped(members)


def xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "age"])
    for i in range(rows):
        sheet.append([f"R{i}", "x" * 200])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    made = {
        "bomb.docx": docx_bomb(),
        "laughs.docx": billion_laughs_docx(),
        "broken.docx": docx_with(f'<w:document xmlns:w="{W}"><w:body>'.encode()),
        "renamed.docx": entity_in_renamed_part(),
        "many.docx": zipped({**docx_members(), **{f"custom/{i}.bin": b"x" for i in range(30)}}),
        "bomb.odt": zipped(
            {
                "mimetype": ODT_MIME,
                "content.xml": odt_body('<text:p>a<text:s text:c="300000000"/>b</text:p>'),
            }
        ),
        "deep.odt": zipped(
            {
                "mimetype": ODT_MIME,
                "content.xml": odt_body(
                    "<text:p>" + "<text:span>" * 300 + "x" + "</text:span>" * 300 + "</text:p>"
                ),
            }
        ),  # fmt: skip
        "cut.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\n",
        "mixed.txt": "Zoë: café\n".encode() + b"caf\xe9\n",
        "windows.txt": "Interviewer: “Café?”\n\nZoë: Yes – £5.\n".encode("cp1252"),
        "long.txt": b"Interviewer: words words words.\n\n" * 1000,
        "big.xlsx": xlsx(5000),
        "not-a-project.sqlite": b"Interviewer: this is a transcript, not a project.\n",
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    (folder / "a-folder").mkdir()
    return folder


def qda(folder, *argv, env=None):
    result = subprocess.run(
        [sys.executable, "-m", "qda", *argv],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(scope="module")
def project(files):
    assert qda(files, "init", "p.sqlite")[0] == 0
    return "p.sqlite"


MALFORMED = (
    "error: broken.docx: the .docx content cannot be read: word/document.xml line 1: "
    "malformed XML: Premature end of data in tag body line 1, line 1, column 92"
)
CASES = {
    "docx bomb": (
        ["import", "p.sqlite", "bomb.docx"],
        {},
        "error: bomb.docx: word/document.xml unpacks to more than 100 times its compressed "
        "size, like a zip bomb (limit QDA_LIMIT_ZIP_RATIO)",
    ),
    "billion laughs docx": (
        ["import", "p.sqlite", "laughs.docx"],
        {},
        "error: laughs.docx: the .docx content cannot be read: word/document.xml line 2: "
        "entity declarations are not allowed (possible entity bomb or external entity)",
    ),
    "malformed docx": (["import", "p.sqlite", "broken.docx"], {}, MALFORMED),
    "entity in a part not named .xml": (
        ["import", "p.sqlite", "renamed.docx"],
        {},
        "error: renamed.docx: the .docx content cannot be read: word/document.bin line 2: "
        "entity declarations are not allowed (possible entity bomb or external entity)",
    ),
    "too many zip members": (
        ["import", "p.sqlite", "many.docx"],
        {"QDA_LIMIT_ZIP_MEMBERS": "20"},
        "error: many.docx: the archive has 47 members, more than 20 (limit QDA_LIMIT_ZIP_MEMBERS)",
    ),
    "odt space bomb": (
        ["import", "p.sqlite", "bomb.odt"],
        {},
        "error: bomb.odt: content.xml line 1: a run of 300,000,000 spaces, more than 10,000 "
        "(limit QDA_LIMIT_REPEAT)",
    ),
    "odt nested too deep": (
        ["import", "p.sqlite", "deep.odt"],
        {},
        "error: deep.odt: the .odt content cannot be read: content.xml line 1: elements are "
        "nested more than 256 deep (limit QDA_LIMIT_XML_DEPTH)",
    ),
    "truncated pdf, no stray EOF line": (
        ["import", "p.sqlite", "cut.pdf"],
        {},
        "error: cut.pdf: not a valid PDF file (damaged or incomplete)",
    ),
    "damaged utf-8": (
        ["import", "p.sqlite", "mixed.txt"],
        {},
        "error: mixed.txt: not valid UTF-8: byte 0xe9 on line 2 (the rest is UTF-8: damaged, "
        "or mixed encodings); save it again as UTF-8",
    ),
    "text longer than the limit": (
        ["import", "p.sqlite", "long.txt"],
        {"QDA_LIMIT_TEXT_MB": "0.01"},
        "error: long.txt: the text is longer than 10,485 characters (limit QDA_LIMIT_TEXT_MB)",
    ),
    "xlsx unpacking past the total": (
        ["attributes", "p.sqlite", "big.xlsx"],
        {"QDA_LIMIT_ZIP_MB": "1"},
        "error: big.xlsx: the archive unpacks to more than 1 MB (limit QDA_LIMIT_ZIP_MB)",
    ),
    "a limit that is not a number": (
        ["import", "p.sqlite", "windows.txt"],
        {"QDA_LIMIT_XML_MB": "lots"},
        "error: QDA_LIMIT_XML_MB='lots': a limit must be a positive number",
    ),
    "import of a folder and a missing file": (
        ["import", "p.sqlite", "a-folder", "missing.txt"],
        {},
        "error: a-folder: is a directory\nerror: missing.txt: no such file or directory",
    ),
    "project path is a text file": (
        ["docs", "not-a-project.sqlite"],
        {},
        "error: not-a-project.sqlite: not a QDA project (not a SQLite database file)",
    ),
    "project path is a directory": (
        ["docs", "a-folder"],
        {},
        "error: a-folder: is a directory, not a project file",
    ),
    "init on a directory": (
        ["init", "a-folder"],
        {},
        "error: a-folder: is a directory, not a project file",
    ),
    "attributes from a missing file": (
        ["attributes", "p.sqlite", "missing.csv"],
        {},
        "error: missing.csv: no such file or directory",
    ),
    "attributes from a directory": (
        ["attributes", "p.sqlite", "a-folder"],
        {},
        "error: a-folder: is a directory",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_hostile_input_is_one_line(files, project, case):
    argv, env, expected = CASES[case]
    code, out, err = qda(files, *argv, env=env)
    assert (code, out, err) == (1, "", expected + "\n")


def test_nothing_was_stored_by_the_refusals(files, project):
    code, out, err = qda(files, "info", project, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["counts"]["documents"] == 0


def test_windows_1252_imports_and_says_so(files, tmp_path):
    assert qda(files, "init", str(tmp_path / "w.sqlite"))[0] == 0
    code, out, err = qda(files, "import", str(tmp_path / "w.sqlite"), "windows.txt")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "imported 'windows': 0 speakers, 0 turns, 2 paragraphs, 2 sentences",
        "note: windows.txt: not UTF-8, read as Windows-1252; check its accented letters and quotes",
    ]


# --- the same refusals in process, and what is still read --------------------


def test_text_after_a_predefined_entity_is_kept():
    document = docx_members()["word/document.xml"].replace(
        b"Hello", b"Tom &amp; Jerry &#233;t&#xE9; &lt;ok&gt; and the rest"
    )
    text = extract("ok.docx", docx_with(document)).text
    assert text == "Tom & Jerry été <ok> and the rest"


def test_an_undefined_entity_is_refused_not_dropped():
    document = docx_members()["word/document.xml"]
    head, _, rest = document.partition(b"\n")
    data = docx_with(
        head
        + b'\n<!DOCTYPE w:document SYSTEM "local.dtd">\n'
        + rest.replace(b"Hello", b"Hello &nbsp; world")
    )
    with pytest.raises(ImportFailed) as caught:
        extract("nbsp.docx", data)
    assert str(caught.value).startswith(
        "nbsp.docx: the .docx content cannot be read: word/document.xml line 3: "
    )
    assert "nbsp" in str(caught.value).split(": ", 2)[2]


def test_unpack_counts_real_bytes_and_keeps_only_what_is_asked():
    data = zipped({"a.xml": b"<a/>" * 10, "b.bin": b"\x00" * 5000})
    assert unpack("t.zip", data, lambda n: n.endswith(".xml"), "damaged") == {"a.xml": b"<a/>" * 10}
    small = limits.Limits(zip_total_bytes=4000)
    with pytest.raises(ImportFailed) as caught:
        unpack("t.zip", data, lambda n: False, "damaged", small)
    assert str(caught.value) == (
        "t.zip: the archive unpacks to more than 4,000 bytes (limit QDA_LIMIT_ZIP_MB)"
    )
    with pytest.raises(ImportFailed, match=r"^t.zip: damaged$"):
        unpack("t.zip", data[:-30], lambda n: True, "damaged")


def test_an_xml_part_over_the_xml_limit_is_refused_while_unpacking():
    data = zipped({"content.xml": b"<a>" + b"x" * 3000 + b"</a>"})
    with pytest.raises(ImportFailed) as caught:
        unpack("t.odt", data, lambda n: True, "damaged", limits.Limits(xml_bytes=2048))
    assert str(caught.value) == (
        "t.odt: content.xml unpacks to more than 2,048 bytes (limit QDA_LIMIT_XML_MB)"
    )


def test_limits_come_from_the_environment():
    assert limits.from_environment({}) == limits.DEFAULTS
    changed = limits.from_environment(
        {"QDA_LIMIT_TEXT_MB": "2", "QDA_LIMIT_ZIP_RATIO": "50", "QDA_LIMIT_REPEAT": " "}
    )
    assert (changed.text_chars, changed.zip_ratio, changed.repeat) == (2 * 2**20, 50, 10_000)
    for bad in ("0", "-1", "inf", "nan", "ten"):
        with pytest.raises(limits.BadLimit):
            limits.from_environment({"QDA_LIMIT_ZIP_MEMBERS": bad})


def test_the_readme_names_every_limit():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [v for v, _ in limits.ENVIRONMENT.values() if f"`{v}`" not in readme] == []
