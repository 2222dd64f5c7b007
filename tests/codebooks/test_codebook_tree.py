"""Tree helpers and validation rules, with the exact messages users see."""

from __future__ import annotations

import pytest

from codebooks.errors import AmbiguousCode, InvalidCodebook, InvalidXML, UnknownCode
from codebooks.model import Code, Codebook
from codebooks.tree import (
    children,
    descendants,
    find_code,
    in_tree_order,
    path_of,
    roots,
    validate,
)

G = [f"00000000-0000-4000-8000-{i:012d}" for i in range(20)]


def sample() -> Codebook:
    bonding = Code("Bonding", guid=G[1])
    present = Code("Present", guid=G[2], parent=G[1])
    lost = Code("Weakening or lost", guid=G[3], parent=G[1])
    bridging = Code("Bridging", guid=G[4])
    bridging_present = Code("Present", guid=G[5], parent=G[4])
    deep = Code("Commissioning clique", guid=G[6], parent=G[5])
    return Codebook(
        "Social capital", codes=[bonding, present, lost, bridging, bridging_present, deep]
    )


def names(codes: list[Code]) -> list[str]:
    return [code.name for code in codes]


def test_children_and_roots_keep_order() -> None:
    cb = sample()
    assert names(roots(cb)) == ["Bonding", "Bridging"]
    assert names(children(cb, G[1])) == ["Present", "Weakening or lost"]
    assert children(cb, G[3]) == []
    assert children(cb, None) == roots(cb)


def test_path_of() -> None:
    cb = sample()
    assert path_of(cb, G[6]) == "Bridging/Present/Commissioning clique"
    assert path_of(cb, G[6], sep=" > ") == "Bridging > Present > Commissioning clique"
    assert path_of(cb, G[1]) == "Bonding"
    with pytest.raises(UnknownCode):
        path_of(cb, G[19])


def test_find_code_by_guid_path_and_name() -> None:
    cb = sample()
    assert find_code(cb, G[3]).name == "Weakening or lost"
    assert find_code(cb, "Bridging/Present").guid == G[5]
    assert find_code(cb, "bonding/present").guid == G[2]
    assert find_code(cb, "Commissioning clique").guid == G[6]
    assert find_code(cb, "weakening OR lost").guid == G[3]
    assert find_code(cb, "{" + G[4].upper() + "}").guid == G[4]


def test_find_code_ambiguous_lists_candidate_paths() -> None:
    with pytest.raises(AmbiguousCode) as caught:
        find_code(sample(), "Present")
    assert caught.value.candidates == ["Bonding/Present", "Bridging/Present"]
    assert str(caught.value) == (
        "'Present' matches several codes: 'Bonding/Present', 'Bridging/Present'; use the full path"
    )


def test_find_code_unknown() -> None:
    with pytest.raises(UnknownCode) as caught:
        find_code(sample(), "Linking")
    assert str(caught.value) == "no code matches 'Linking'"
    assert isinstance(caught.value, LookupError)


def test_descendants_depth_first() -> None:
    cb = sample()
    assert names(descendants(cb, G[4])) == ["Present", "Commissioning clique"]
    assert names(descendants(cb, G[1])) == ["Present", "Weakening or lost"]
    assert descendants(cb, G[6]) == []


def test_in_tree_order_puts_parents_first_and_orphans_last() -> None:
    cb = sample()
    shuffled = [cb.codes[i] for i in (5, 2, 4, 0, 3, 1)]
    # siblings keep their relative input order: "Weakening or lost" came before "Present"
    assert [c.guid for c in in_tree_order(shuffled)] == [G[1], G[3], G[2], G[4], G[5], G[6]]
    orphan = Code("Orphan", guid=G[9], parent=G[18])
    assert in_tree_order([orphan, *cb.codes])[-1] is orphan


def test_valid_codebook_passes() -> None:
    validate(sample())
    validate(Codebook())


def failing(cb: Codebook, **kwargs: object) -> InvalidCodebook:
    with pytest.raises(InvalidCodebook) as caught:
        validate(cb, **kwargs)
    return caught.value


def test_empty_name() -> None:
    cb = sample()
    cb.codes[2].name = "  "
    err = failing(cb)
    assert str(err) == "empty code name"
    assert err.guid == G[3]
    err = failing(cb, source="codebook.yaml", lines=[3, 5, 7])
    assert str(err) == "codebook.yaml line 7: empty code name"
    assert (err.line, err.source, err.code) == (7, "codebook.yaml", None)


def test_duplicate_sibling_name_ignores_case() -> None:
    cb = sample()
    cb.codes[2].name = "PRESENT"
    err = failing(cb)
    assert str(err) == "code 'Bonding/PRESENT': duplicate sibling name"
    assert err.code == "Bonding/PRESENT"


def test_same_name_under_different_parents_is_fine() -> None:
    validate(sample())  # two "Present" codes


def test_unknown_parent() -> None:
    cb = sample()
    cb.codes.append(Code("Linking", guid=G[7], parent=G[18]))
    assert str(failing(cb)) == f"code 'Linking': unknown parent '{G[18]}'"


def test_cycle() -> None:
    cb = sample()
    cb.codes[0].parent = G[3]  # Bonding under its own child
    assert str(failing(cb)) == (
        "code 'Bonding': cycle in parents: Bonding -> Weakening or lost -> Bonding"
    )


def test_self_parent_is_a_cycle() -> None:
    cb = Codebook(codes=[Code("Loop", guid=G[1], parent=G[1])])
    assert str(failing(cb)) == "code 'Loop': cycle in parents: Loop -> Loop"


def test_duplicate_guid() -> None:
    cb = sample()
    cb.codes.append(Code("Linking", guid=G[1]))
    assert str(failing(cb)) == f"code 'Linking': duplicate GUID {G[1]}"


def test_invalid_guid() -> None:
    cb = Codebook(codes=[Code("Linking", guid="not-a-guid")])
    assert str(failing(cb)) == "code 'Linking': invalid GUID 'not-a-guid'"


@pytest.mark.parametrize("colour", ["red", "#fff", "#12345g", "1f77b4", "#1f77b4 ", ""])
def test_invalid_colour(colour: str) -> None:
    cb = sample()
    cb.codes[5].colour = colour
    assert str(failing(cb)) == (
        f"code 'Bridging/Present/Commissioning clique': invalid colour '{colour}' "
        "(expected #rrggbb)"
    )


def test_upper_case_colour_is_valid() -> None:
    cb = sample()
    cb.codes[0].colour = "#1F77B4"
    validate(cb)


def test_error_formatting_combinations() -> None:
    assert str(InvalidCodebook("msg")) == "msg"
    assert str(InvalidCodebook("msg", line=3)) == "line 3: msg"
    assert str(InvalidCodebook("msg", source="a.csv")) == "a.csv: msg"
    assert str(InvalidCodebook("msg", code="A/B", line=3, source="a.csv")) == (
        "a.csv line 3, code 'A/B': msg"
    )
    assert str(InvalidXML("bad", line=2, source="project.qde")) == "project.qde line 2: bad"
    assert isinstance(InvalidCodebook("x"), ValueError)
