"""Property: any valid code tree survives the YAML and QDC round trips."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codebooks.model import Code, Codebook, new_guid
from codebooks.qdc import read_qdc, write_qdc
from codebooks.tree import in_tree_order, validate
from codebooks.yaml_io import dump_yaml, load_yaml, read_yaml, write_yaml

# Printable text incl. accents, newlines, quotes and YAML/XML specials; no
# control characters (XML 1.0 cannot hold them) and no "[" (the QDC
# Description markers).
TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="[\u2028\u2029\x85\ufffe\uffff"
    )
    | st.sampled_from("\n\r\t\"'#:&<>-=@ é"),
    max_size=30,
)
NAME = TEXT.map(lambda s: " ".join(s.split())).filter(bool)
WORD = NAME.filter(lambda s: ";" not in s)
COLOUR = st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)


@st.composite
def codebooks(draw: st.DrawFn) -> Codebook:
    codes: list[Code] = []
    for _ in range(draw(st.integers(0, 12))):
        parent = draw(st.sampled_from([None, *[c.guid for c in codes]]))
        taken = {c.name.casefold() for c in codes if c.parent == parent}
        name = draw(NAME.filter(lambda n, taken=taken: n.casefold() not in taken))
        codes.append(
            Code(
                name=name,
                guid=new_guid(),
                parent=parent,
                definition=draw(TEXT),
                inclusion=draw(TEXT),
                exclusion=draw(TEXT),
                example=draw(TEXT),
                colour=draw(COLOUR),
                codable=draw(st.booleans()),
                keywords=draw(st.lists(WORD, max_size=3)),
                framework=draw(st.sampled_from(["", "gridgroup"])),
                meta=draw(
                    st.dictionaries(
                        st.sampled_from(["grid", "group", "order"]),
                        st.integers() | NAME,
                        max_size=2,
                    )
                ),
            )
        )
    # a Codebook keeps its codes in tree order (see codebooks.model)
    cb = Codebook(name=draw(TEXT), description=draw(TEXT), codes=in_tree_order(codes))
    validate(cb)
    return cb


def exchanged(cb: Codebook) -> list[tuple]:
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


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(codebooks())
def test_yaml_round_trip(cb: Codebook) -> None:
    out = io.BytesIO()
    write_yaml(cb, out)
    again = read_yaml(io.BytesIO(out.getvalue()))
    assert again == cb
    assert dump_yaml(load_yaml(dump_yaml(again))) == out.getvalue().decode("utf-8")


@FAST
@given(codebooks().filter(lambda cb: cb.codes))
def test_qdc_round_trip(cb: Codebook) -> None:
    out = io.BytesIO()
    write_qdc(cb, out)
    assert exchanged(read_qdc(io.BytesIO(out.getvalue()))) == exchanged(cb)
