"""validate_qdpx finds every planted problem in one pass; unsafe archives and XML are refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from codebooks.errors import UnsafeXML
from exports import qdpx_zip
from exports.qdpx import QdpxError, read_qdpx, validate_qdpx
from tests.conftest import shared_file

CODE = "11111111-1111-4111-8111-111111111111"
SOURCE = "22222222-2222-4222-8222-222222222222"
MISSING = "33333333-3333-4333-8333-333333333333"
SEL_A = "44444444-4444-4444-8444-444444444444"
SEL_B = "55555555-5555-4555-8555-555555555555"
CODING_A = "66666666-6666-4666-8666-666666666666"
NOWHERE = "77777777-7777-4777-8777-777777777777"

PLANTED = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="planted">
  <CodeBook>
    <Codes>
      <Code guid="{CODE}" name="Fine" isCodable="true"/>
      <Code guid="{SEL_B}" name="No flag"/>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="{SOURCE}" name="text" plainTextPath="internal://{SOURCE}.txt">
      <PlainTextSelection guid="{SEL_A}" startPosition="0" endPosition="5">
        <Coding guid="{CODING_A}"><CodeRef targetGUID="{NOWHERE}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{SEL_B}" startPosition="3" endPosition="99"/>
    </TextSource>
    <TextSource guid="{MISSING}" name="gone" plainTextPath="internal://{MISSING}.txt"/>
  </Sources>
</Project>
"""


def archive(members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def planted() -> bytes:
    return archive({"project.qde": PLANTED, f"sources/{SOURCE}.txt": "Hello world"})


def test_every_planted_problem_in_one_pass():
    problems = [str(p) for p in validate_qdpx(io.BytesIO(planted()))]
    assert problems == [
        f"project.qde line 14: duplicate GUID {SEL_B} (PlainTextSelection; first used by "
        "Code on line 6)",
        f"project.qde line 12: CodeRef points to no Code (GUID {NOWHERE})",
        "project.qde line 14: selection 3-99 is outside its text (the text has 11 characters)",
        f"project.qde line 16: TextSource plainTextPath: sources/{MISSING}.txt is missing "
        "from the .qdpx file",
    ]


def test_schema_violation_is_reported_with_the_rest():
    schema = shared_file("refi-qda", "Project.xsd")
    problems = [str(p) for p in validate_qdpx(io.BytesIO(planted()), schema)]
    assert len(problems) == 5
    assert problems[0].startswith("project.qde line 6: schema: Element '{urn:QDA-XML:project:1.0}")
    assert "The attribute 'isCodable' is required but missing" in problems[0]
    assert problems[1].startswith("project.qde line 14: duplicate GUID")


@pytest.mark.parametrize(
    "name",
    [
        "refi-qda/atlasti-blank-project.qdpx",
        "refi-qda/atlasti-target-project.qdpx",
        "refi-qda/nvivo-mac15-project.qdpx",
        "refi-qda/qc-demo-project.qdpx",
    ],
)
def test_real_files_are_valid(name):
    path = shared_file(*name.split("/"))
    schema = shared_file("refi-qda", "Project.xsd")
    with path.open("rb") as fp:
        assert validate_qdpx(fp, schema) == []


def test_path_traversal_is_refused():
    data = archive({"project.qde": PLANTED, "../evil.txt": "x", "/etc/passwd": "y"})
    with pytest.raises(QdpxError) as err:
        read_qdpx(io.BytesIO(data), "evil.qdpx")
    assert str(err.value) == (
        "evil.qdpx: ../evil.txt: unsafe path (absolute or ../): refused (and 1 more)"
    )
    assert [str(p) for p in validate_qdpx(io.BytesIO(data))] == [
        "../evil.txt: unsafe path (absolute or ../): refused",
        "/etc/passwd: unsafe path (absolute or ../): refused",
    ]


def test_zip_bomb_is_refused():
    data = archive({"project.qde": PLANTED, "sources/big.txt": b"\0" * (8 * 2**20)})
    with pytest.raises(QdpxError, match=r"sources/big.txt: expands \d+:1 to 8388608 bytes"):
        read_qdpx(io.BytesIO(data), "bomb.qdpx")
    [problem] = validate_qdpx(io.BytesIO(data))
    assert problem.where == "sources/big.txt" and "(zip bomb): refused" in problem.message


def test_too_many_members_and_oversized_reads_are_refused(monkeypatch):
    monkeypatch.setattr(qdpx_zip, "MAX_MEMBERS", 2)
    data = archive({"project.qde": PLANTED, "a.txt": "a", "b.txt": "b"})
    assert [str(p) for p in validate_qdpx(io.BytesIO(data))] == [
        "archive: 3 members (more than 2): refused"
    ]
    monkeypatch.setattr(qdpx_zip, "MAX_MEMBERS", 10)
    monkeypatch.setattr(qdpx_zip, "MAX_MEMBER_BYTES", 100)  # a lying size header does not help
    with pytest.raises(QdpxError, match="project.qde is larger than 0 MB"):
        read_qdpx(io.BytesIO(data), "big.qdpx")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_declarations_are_refused(xml):
    data = archive({"project.qde": xml})
    with pytest.raises(UnsafeXML, match="entity declarations are not allowed"):
        read_qdpx(io.BytesIO(data), "x.qdpx")
    assert [str(p) for p in validate_qdpx(io.BytesIO(data))] == [
        "project.qde line 2: entity declarations are not allowed (possible entity bomb "
        "or external entity)"
    ]


def test_not_a_zip_and_no_project():
    with pytest.raises(QdpxError, match=r"^notes.qdpx: not a .qdpx \(zip\) file"):
        read_qdpx(io.BytesIO(b"plain text"), "notes.qdpx")
    with pytest.raises(QdpxError, match="no project.qde inside"):
        read_qdpx(io.BytesIO(archive({"readme.txt": "hi"})), "empty.qdpx")
    assert [str(p) for p in validate_qdpx(io.BytesIO(b"plain text"))][0].startswith(
        "archive: not a .qdpx (zip) file"
    )
