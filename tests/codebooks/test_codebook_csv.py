"""Spreadsheet codebooks: both column layouts, errors naming the line, safe output."""

from __future__ import annotations

import io

import pytest

from codebooks.csv_io import join_path, neutralise, read_csv, split_path, unneutralise, write_csv
from codebooks.errors import InvalidCodebook
from codebooks.model import Code, Codebook
from codebooks.tree import path_of


def read(text: str, source: str | None = "codes.csv") -> Codebook:
    return read_csv(io.BytesIO(text.encode("utf-8")), source=source)


def paths(cb: Codebook) -> list[str]:
    return [path_of(cb, code.guid) for code in cb.codes]


def test_path_column_creates_parents_once() -> None:
    cb = read(
        "Path,Description,Color,Keywords\n"
        "Bonding/Present,Ties are there,#112233,support; belonging\n"
        "Bonding/Weakening or lost,,,\n"
        "Bridging,Reaching out,,\n"
    )
    assert paths(cb) == ["Bonding", "Bonding/Present", "Bonding/Weakening or lost", "Bridging"]
    present = cb.codes[1]
    assert (present.definition, present.colour, present.keywords) == (
        "Ties are there",
        "#112233",
        ["support", "belonging"],
    )
    assert cb.codes[0].codable is True
    assert cb.codes[3].definition == "Reaching out"


def test_later_row_fills_in_an_implicit_parent() -> None:
    cb = read("path,definition\nBonding/Present,x\nbonding,Ties within\n")
    assert paths(cb) == ["Bonding", "Bonding/Present"]
    assert cb.codes[0].definition == "Ties within"


def test_name_and_parent_columns_in_any_order() -> None:
    cb = read(
        " NAME ,Parent,DEFINITION,Inclusion,Exclusion,Example,Codable\n"
        "Present,Bonding,here,inc,exc,ex,yes\n"
        "Bonding,,,,,,no\n"
        "Clique,Bridging/Absent,,,,,\n"
        "Bridging,,,,,,\n"
        "Absent,Bridging,,,,,\n"
    )
    assert paths(cb) == [
        "Bonding",
        "Bonding/Present",
        "Bridging",
        "Bridging/Absent",
        "Bridging/Absent/Clique",
    ]
    present = cb.codes[1]
    assert (present.inclusion, present.exclusion, present.example) == ("inc", "exc", "ex")
    assert cb.codes[0].codable is False


def test_bom_and_text_stream() -> None:
    text = "\ufeffpath\nA/B\n"
    assert paths(read(text)) == ["A", "A/B"]
    assert paths(read_csv(io.StringIO(text))) == ["A", "A/B"]


def test_blank_rows_are_skipped_and_lines_count_multiline_cells() -> None:
    text = 'path,definition\nA,"two\nlines"\n\n,\nB,\nB,again\n'
    with pytest.raises(InvalidCodebook) as caught:
        read(text)
    assert str(caught.value) == "codes.csv line 7, code 'B': duplicate code path"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "codes.csv: the CSV file is empty"),
        ("title,definition\nA,x\n", "codes.csv line 1: the CSV needs a 'path' or a 'name' column"),
        ("path\nA//B\n", "codes.csv line 2, code 'A//B': empty code name"),
        ("name,definition\n,orphan text\n", "codes.csv line 2: empty code name"),
        ("name,parent\nA,\nB,Nowhere\n", "codes.csv line 3, code 'B': unknown parent 'Nowhere'"),
        (
            "path,colour\nA,blue\n",
            "codes.csv line 2, code 'A': invalid colour 'blue' (expected #rrggbb)",
        ),
        (
            "path,codable\nA,perhaps\n",
            "codes.csv line 2, code 'A': 'codable' must be true or false, not 'perhaps'",
        ),
        ("name\nA\na\n", "codes.csv line 3, code 'a': duplicate sibling name"),
        ("name,parent\nA,B\nB,A\n", "codes.csv line 2, code 'A': cycle in parents: A -> B -> A"),
        (
            "name,parent\nX,\nX,\nY,X\n",
            "codes.csv line 4, code 'Y': parent 'X' matches several codes",
        ),
    ],
)
def test_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(InvalidCodebook) as caught:
        read(text)
    assert str(caught.value) == message


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(InvalidCodebook) as caught:
        read_csv(io.BytesIO(b"path\nA\ncaf\xe9\n"), source="codes.csv")
    assert str(caught.value) == "codes.csv line 3: not UTF-8 text"


def sample() -> Codebook:
    a = Code(
        "=Bonding",
        definition="+44 is a phone number",
        colour="#1F77B4",
        keywords=["@mention", "plain"],
        codable=False,
    )
    b = Code(
        "Pre/post",
        parent=a.guid,
        inclusion="-",
        exclusion="'=already quoted",
        example='Said "hello",\nthen left',
    )
    c = Code("back\\slash", parent=a.guid)
    return Codebook(codes=[a, b, c])


def test_write_neutralises_formulas() -> None:
    cb = sample()
    out = io.BytesIO()
    write_csv(cb, out)
    data = out.getvalue()
    assert data.startswith(
        b"\xef\xbb\xbfpath,guid,description,inclusion,exclusion,example,colour,codable,keywords\r\n"
    )
    text = data.decode("utf-8-sig")
    a = cb.codes[0]
    assert (
        f"'=Bonding,{a.guid},'+44 is a phone number,,,,#1F77B4,false,'@mention; plain\r\n" in text
    )
    assert "'=Bonding/Pre\\/post," in text
    assert ",'-,''=already quoted," in text


def test_csv_round_trip_keeps_guids_tree_and_fields() -> None:
    cb = sample()
    out = io.StringIO()
    write_csv(cb, out, bom=False)
    again = read_csv(io.StringIO(out.getvalue()))
    assert again.codes == cb.codes


def test_csv_round_trip_of_a_builtin_drops_only_meta_and_framework() -> None:
    from codebooks.builtins import load_builtin

    cb = load_builtin("phases")
    out = io.BytesIO()
    write_csv(cb, out)
    again = read_csv(io.BytesIO(out.getvalue()))
    for code in cb.codes:
        code.meta, code.framework = {}, ""
    assert again.codes == cb.codes


@pytest.mark.parametrize(
    "cell", ["=1+1", "+1", "-1", "@SUM(A1)", "'=x", "''+y", "plain", "'quoted", ""]
)
def test_neutralise_is_undone_by_unneutralise(cell: str) -> None:
    assert unneutralise(neutralise(cell)) == cell
    assert not neutralise(cell).startswith(("=", "+", "-", "@"))


def test_path_escaping() -> None:
    assert join_path(["A/B", "C\\D", "E"]) == "A\\/B/C\\\\D/E"
    assert split_path("A\\/B/C\\\\D/E") == ["A/B", "C\\D", "E"]
    assert split_path(" A / B ") == ["A", "B"]


def test_taguette_style_csv_keeps_descriptions():
    data = (
        b"tag,description,number of highlights\r\n"
        b"interesting,Things the participant found interesting,4\r\n"
        b"people,,0\r\n"
    )
    cb = read_csv(io.BytesIO(data), "taguette.csv")
    assert [(c.name, c.definition) for c in cb.codes] == [
        ("interesting", "Things the participant found interesting"),
        ("people", ""),
    ]


def test_definition_memo_and_description_columns_are_one_field():
    data = (
        b"name,definition,memo,description\r\n"
        b"A,,From the memo,From the description\r\n"
        b"B,From the definition,From the memo,\r\n"
    )
    cb = read_csv(io.BytesIO(data), "mixed.csv")
    assert [(c.name, c.definition) for c in cb.codes] == [
        ("A", "From the memo"),
        ("B", "From the definition"),
    ]
    out = io.BytesIO()
    write_csv(cb, out, bom=False)
    assert out.getvalue().splitlines()[0] == (
        b"path,guid,description,inclusion,exclusion,example,colour,codable,keywords"
    )
    assert [c.definition for c in read_csv(io.BytesIO(out.getvalue()), "again.csv").codes] == [
        "From the memo",
        "From the definition",
    ]
