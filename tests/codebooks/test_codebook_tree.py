"""Tree helpers and validation rules, with the exact messages users see."""

from __future__ import annotations

import pytest

from codebooks.errors import AmbiguousCode, InvalidCodebook, InvalidXML, UnknownCode
from codebooks.model import Code, Codebook
from codebooks.tree import (
    Step,
    ancestor_ids,
    children,
    descendant_ids,
    descendants,
    find_code,
    in_tree_order,
    path_of,
    path_parts,
    paths,
    roots,
    validate,
    walk,
    with_ancestors,
    with_descendants,
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


# -- the plain-row functions --------------------------------------------------------------

#: Database-style rows (int ids), siblings in input order, children listed before
#: their parents so the walk has to reorder them:
#:   1 Funding / 3 Grants / 5 Lottery, 1 Funding / 4 Loans, 2 Trust
ROWS = [
    (5, 3, "Lottery"),
    (3, 1, "Grants"),
    (4, 1, "Loans"),
    (1, None, "Funding"),
    (2, None, "Trust"),
]
PARENTS = {row[0]: row[1] for row in ROWS}


def test_walk_is_depth_first_with_depth_and_path() -> None:
    assert walk(ROWS) == [
        Step(3, 1, None, 0, "Funding"),
        Step(1, 3, 1, 1, "Funding/Grants"),
        Step(0, 5, 3, 2, "Funding/Grants/Lottery"),
        Step(2, 4, 1, 1, "Funding/Loans"),
        Step(4, 2, None, 0, "Trust"),
    ]
    step = walk(ROWS)[2]
    assert (step.index, step.id, step.parent, step.depth, step.path) == (
        0,
        5,
        3,
        2,
        "Funding/Grants/Lottery",
    )
    assert [s.path for s in walk(ROWS, sep=" > ")][:3] == [
        "Funding",
        "Funding > Grants",
        "Funding > Grants > Lottery",
    ]
    assert walk([]) == []


def test_walk_takes_orphans_as_roots_unless_told_not_to() -> None:
    rows = [("a", None, "A"), ("x", "gone", "Orphan"), ("y", "x", "Under orphan")]
    assert walk(rows) == [
        Step(0, "a", None, 0, "A"),
        Step(1, "x", None, 0, "Orphan"),
        Step(2, "y", "x", 1, "Orphan/Under orphan"),
    ]
    assert walk(rows, orphans_as_roots=False) == [Step(0, "a", None, 0, "A")]


def test_walk_leaves_out_cycles_and_reaches_each_row_once() -> None:
    cycle = [("a", None, "A"), ("b", "c", "B"), ("c", "b", "C"), ("s", "s", "Self")]
    assert walk(cycle) == [Step(0, "a", None, 0, "A")]
    twice = [("a", None, "A"), ("a", None, "A again"), ("b", "a", "B")]
    assert walk(twice) == [
        Step(0, "a", None, 0, "A"),
        Step(2, "b", "a", 1, "A/B"),
        Step(1, "a", None, 0, "A again"),
    ]


def test_paths() -> None:
    assert paths(ROWS) == {
        5: "Funding/Grants/Lottery",
        3: "Funding/Grants",
        4: "Funding/Loans",
        1: "Funding",
        2: "Trust",
    }
    assert paths(iter(ROWS), sep=" > ")[5] == "Funding > Grants > Lottery"
    assert paths([("x", "gone", "Orphan"), ("y", "x", "Child")]) == {
        "x": "Orphan",
        "y": "Orphan/Child",
    }
    # a cycle is named up to where it closes: A under B under A
    assert paths([("a", "b", "A"), ("b", "a", "B"), ("s", "s", "Self")]) == {
        "a": "B/A",
        "b": "A/B",
        "s": "Self",
    }
    assert paths([]) == {}


def test_ancestor_ids_nearest_first() -> None:
    assert ancestor_ids(PARENTS, 5) == [3, 1]
    assert ancestor_ids(PARENTS, 4) == [1]
    assert ancestor_ids(PARENTS, 1) == []
    assert ancestor_ids(PARENTS, 99) == []  # an unknown id has none
    assert ancestor_ids({"y": "x", "x": "gone"}, "y") == ["x"]  # stops at an unknown parent


def test_ancestor_ids_stop_where_a_cycle_closes() -> None:
    assert ancestor_ids({"a": "b", "b": "c", "c": "a"}, "a") == ["b", "c"]
    assert ancestor_ids({"x": "a", "a": "b", "b": "a"}, "x") == ["a", "b"]
    assert ancestor_ids({"s": "s"}, "s") == []


def test_descendant_ids_depth_first_in_sibling_order() -> None:
    assert descendant_ids(PARENTS, 1) == [3, 5, 4]
    assert descendant_ids(PARENTS, 3) == [5]
    assert descendant_ids(PARENTS, 5) == []
    assert descendant_ids(PARENTS, 99) == []
    assert descendant_ids({"a": None, "b": "a", "c": "b", "d": "a"}, "a") == ["b", "c", "d"]


def test_descendant_ids_survive_cycles() -> None:
    assert descendant_ids({"a": "b", "b": "a"}, "a") == ["b"]
    assert descendant_ids({"s": "s", "t": "s"}, "s") == ["t"]


def test_with_ancestors_rolls_up_without_repeats() -> None:
    assert with_ancestors(PARENTS, [5]) == [5, 3, 1]
    assert with_ancestors(PARENTS, [5, 4, 2]) == [5, 3, 1, 4, 2]
    assert with_ancestors(PARENTS, [1, 5, 5]) == [1, 5, 3]
    assert with_ancestors(PARENTS, [99, 4]) == [99, 4, 1]  # unknown ids are kept
    assert with_ancestors(PARENTS, []) == []
    assert with_ancestors({"a": "b", "b": "a"}, ["a"]) == ["a", "b"]


def test_with_descendants_rolls_down_without_repeats() -> None:
    assert with_descendants(PARENTS, [1]) == [1, 3, 5, 4]
    assert with_descendants(PARENTS, [3, 2]) == [3, 5, 2]
    assert with_descendants(PARENTS, [1, 3]) == [1, 3, 5, 4]
    assert with_descendants(PARENTS, [3, 1]) == [3, 5, 1, 4]
    assert with_descendants(PARENTS, [99]) == [99]  # unknown ids are kept
    assert with_descendants(PARENTS, iter([2, 2])) == [2]
    assert with_descendants({"a": "b", "b": "a"}, ["a"]) == ["a", "b"]


def test_codebook_helpers_survive_a_cycle() -> None:
    cb = sample()
    cb.codes[0].parent = G[3]  # Bonding under its own child "Weakening or lost"
    assert names(descendants(cb, G[1])) == ["Present", "Weakening or lost"]
    assert [c.guid for c in in_tree_order(cb.codes)] == [G[4], G[5], G[6], G[1], G[2], G[3]]
    with pytest.raises(InvalidCodebook) as caught:
        path_of(cb, G[2])
    assert str(caught.value) == (
        "code 'Present': cycle in parents: Present -> Bonding -> Weakening or lost -> Bonding"
    )


def test_path_parts_reports_an_unknown_parent() -> None:
    cb = sample()
    cb.codes[0].parent = G[18]
    assert path_parts(cb, G[4]) == ["Bridging"]
    with pytest.raises(InvalidCodebook) as caught:
        path_parts(cb, G[2])
    assert str(caught.value) == f"code 'Bonding': unknown parent '{G[18]}'"
    assert caught.value.guid == G[1]


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
