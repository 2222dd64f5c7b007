"""YAML codebooks: exact format, exact round trips, errors with line numbers."""

from __future__ import annotations

import io

import pytest

from codebooks.errors import InvalidCodebook
from codebooks.model import Code, Codebook
from codebooks.yaml_io import dump_yaml, load_yaml, read_yaml, write_yaml

G1 = "5d0c1e9a-7b1f-4c55-9a0e-2f3a4b5c6d7e"
G2 = "8a41b2c3-d4e5-4f60-8172-93a4b5c6d7e8"
G3 = "c0ffee00-1234-4abc-8def-0123456789ab"

EXPECTED = f"""\
# Codebook. Edit names, definitions and criteria freely; nest codes under
# 'children:'. Keep each guid: it is how codings find their code.
name: Social capital
description: Putnam's ties.
codes:
- name: Bonding
  guid: {G1}
  definition: |-
    Ties within one's own group.
    They help people get by.
  inclusion: Mutual support.
  colour: '#1f77b4'
  keywords: [support, belonging]
  framework: socialcapital
  meta:
    grid: high
  children:
  - name: Présent
    guid: {G2}
    codable: false
- name: Linking
  guid: {G3}
  meta:
    optional: true
"""


def sample() -> Codebook:
    return Codebook(
        name="Social capital",
        description="Putnam's ties.",
        codes=[
            Code(
                "Bonding",
                guid=G1,
                definition="Ties within one's own group.\nThey help people get by.",
                inclusion="Mutual support.",
                colour="#1f77b4",
                keywords=["support", "belonging"],
                framework="socialcapital",
                meta={"grid": "high"},
            ),
            Code("Présent", guid=G2, parent=G1, codable=False),
            Code("Linking", guid=G3, meta={"optional": True}),
        ],
    )


def test_write_gives_the_documented_format() -> None:
    out = io.StringIO()
    write_yaml(sample(), out)
    assert out.getvalue() == EXPECTED


def test_write_to_binary_stream_is_utf8() -> None:
    out = io.BytesIO()
    write_yaml(sample(), out)
    assert out.getvalue() == EXPECTED.encode("utf-8")


def test_codebook_yaml_codebook_is_equal() -> None:
    assert read_yaml(io.StringIO(dump_yaml(sample()))) == sample()


def test_yaml_codebook_yaml_is_byte_identical() -> None:
    first = dump_yaml(load_yaml(EXPECTED))
    assert first == EXPECTED
    assert dump_yaml(load_yaml(first)) == first


def test_hand_written_yaml_gets_guids_then_round_trips_exactly() -> None:
    text = "codes:\n- name: A\n  children:\n  - name: B\n    keywords: one; two\n"
    cb = load_yaml(text)
    assert [c.name for c in cb.codes] == ["A", "B"]
    assert cb.codes[1].parent == cb.codes[0].guid
    assert cb.codes[1].keywords == ["one", "two"]
    first = dump_yaml(cb)
    assert dump_yaml(load_yaml(first)) == first


def test_bom_and_binary_input() -> None:
    data = b"\xef\xbb\xbf" + EXPECTED.encode("utf-8")
    assert read_yaml(io.BytesIO(data)) == sample()
    assert load_yaml("\ufeff" + EXPECTED) == sample()


def test_empty_document_is_an_empty_codebook() -> None:
    assert load_yaml("") == Codebook()
    assert load_yaml("# nothing yet\n") == Codebook()


def error_of(text: str, source: str | None = "codebook.yaml") -> str:
    with pytest.raises(InvalidCodebook) as caught:
        read_yaml(io.StringIO(text), source=source)
    return str(caught.value)


def test_empty_name_reports_its_line() -> None:
    text = "name: Frames\ncodes:\n- name: A\n  children:\n  - name: B\n  - name: C\n  - name: ''\n"
    assert error_of(text) == "codebook.yaml line 7: empty code name"


def test_duplicate_sibling_reports_line_and_path() -> None:
    text = "codes:\n- name: Bonding\n  children:\n  - name: Present\n  - name: present\n"
    assert error_of(text) == "codebook.yaml line 5, code 'Bonding/present': duplicate sibling name"


def test_invalid_colour_reports_line() -> None:
    text = "codes:\n- name: A\n  colour: blue\n"
    assert error_of(text) == (
        "codebook.yaml line 2, code 'A': invalid colour 'blue' (expected #rrggbb)"
    )


def test_duplicate_guid_reports_line() -> None:
    text = f"codes:\n- name: A\n  guid: {G1}\n- name: B\n  guid: {G1}\n"
    assert error_of(text) == f"codebook.yaml line 4, code 'B': duplicate GUID {G1}"


def test_malformed_yaml_reports_line() -> None:
    text = "name: x\ncodes:\n- name: A\n   - name: B\n"
    assert error_of(text) == (
        "codebook.yaml line 4: malformed YAML: mapping values are not allowed here"
    )


def test_unclosed_quote_reports_line() -> None:
    message = error_of("codes:\n- name: 'A\n")
    assert message.startswith("codebook.yaml line 3: malformed YAML:")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "line 1: a codebook must be a mapping with a 'codes:' list"),
        ("codes: A\n", "line 1: 'codes' and 'children' must be lists"),
        ("codes:\n- just a name\n", "line 2: each code must be a mapping with at least a 'name'"),
        (
            "codes:\n- name: A\n  colour: red\n  colur: blue\n",
            "line 4, code 'A': unknown key 'colur'",
        ),
        (
            "codes:\n- name: A\n  codable: maybe\n",
            "line 3, code 'A': 'codable' must be true or false",
        ),
        ("codes:\n- name: A\n  meta: [1]\n", "line 3, code 'A': 'meta' must be a mapping"),
        ("codes:\n- name: A\n  definition: [x]\n", "line 3, code 'A': 'definition' must be text"),
        (
            "codes:\n- name: A\n  keywords: {a: 1}\n",
            "line 3, code 'A': 'keywords' must be a list of words",
        ),
    ],
)
def test_structure_errors(text: str, message: str) -> None:
    assert error_of(text, source=None) == message


def test_source_defaults_to_the_file_name(tmp_path) -> None:
    path = tmp_path / "frames.yaml"
    path.write_text("codes:\n- name: ''\n", encoding="utf-8")
    with path.open("rb") as fp, pytest.raises(InvalidCodebook) as caught:
        read_yaml(fp)
    assert str(caught.value) == "frames.yaml line 2: empty code name"


def test_not_utf8() -> None:
    with pytest.raises(InvalidCodebook) as caught:
        read_yaml(io.BytesIO(b"codes:\n- name: caf\xe9\n"), source="c.yaml")
    assert str(caught.value) == "c.yaml line 2: not UTF-8 text"


def test_unsafe_tags_are_refused() -> None:
    message = error_of("codes:\n- name: !!python/object/apply:os.system ['echo hi']\n")
    assert message.startswith(
        "codebook.yaml line 2: malformed YAML: could not determine a constructor"
    )


def test_scalars_that_look_like_other_types_survive() -> None:
    cb = Codebook(codes=[Code("yes"), Code("1.0", definition="null"), Code("#tag", example="- x")])
    assert load_yaml(dump_yaml(cb)) == cb


def test_hand_typed_scalars_keep_their_spelling() -> None:
    cb = load_yaml("codes:\n- name: Yes\n  definition: 1.10\n  keywords: [no, 2024-01-01, ok]\n")
    code = cb.codes[0]
    assert (code.name, code.definition, code.keywords) == (
        "Yes",
        "1.10",
        ["no", "2024-01-01", "ok"],
    )
    assert load_yaml(dump_yaml(cb)) == cb
