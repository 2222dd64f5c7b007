"""coding.spans: span primitives and the AND / OR / NOT combination, exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coding.spans import (
    clip,
    combine,
    contains,
    length,
    overlap_length,
    overlaps,
    span_of,
    together,
    union,
    union_length,
)

# -- primitives ------------------------------------------------------------------------------


def test_length():
    assert [length(s) for s in [(3, 8), (5, 5), (0, 1), (9, 4)]] == [5, 0, 1, 0]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (5, 15), True),
        ((0, 10), (9, 10), True),  # the last character
        ((0, 10), (10, 20), False),  # touching: end is exclusive
        ((10, 20), (0, 10), False),
        ((0, 10), (2, 3), True),  # containment
        ((0, 10), (0, 10), True),
        ((0, 10), (5, 5), False),  # an empty span overlaps nothing...
        ((5, 5), (5, 5), False),  # ...not even itself
        ((0, 10), (0, 0), False),
        ((0, 3), (7, 9), False),
    ],
)
def test_overlaps(a, b, expected):
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_overlap_length():
    assert overlap_length((0, 10), (5, 15)) == 5
    assert overlap_length((0, 10), (10, 20)) == 0
    assert overlap_length((0, 10), (2, 3)) == 1
    assert overlap_length((0, 3), (7, 9)) == 0
    assert overlap_length((4, 4), (0, 9)) == 0


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ((0, 10), (2, 5), True),
        ((0, 10), (0, 10), True),
        ((0, 10), (0, 11), False),
        ((0, 10), (-1, 3), False),
        ((0, 10), (10, 10), True),  # an empty span at the edge
        ((0, 10), (11, 11), False),
        ((5, 5), (5, 5), True),
        ((5, 5), (4, 6), False),
    ],
)
def test_contains(outer, inner, expected):
    assert contains(outer, inner) is expected


def test_clip():
    assert clip((5, 15), 0, 10) == (5, 10)
    assert clip((-3, 4), 0, 10) == (0, 4)
    assert clip((2, 8), 0, 10) == (2, 8)
    assert clip((12, 20), 0, 10) == (10, 10)  # beyond: empty at the nearer bound
    assert clip((-9, -2), 0, 10) == (0, 0)


def test_union_merges_overlapping_and_touching_spans_in_any_order():
    assert union([(20, 25), (0, 5), (3, 8), (8, 10), (30, 30), (12, 14), (13, 13)]) == [
        (0, 10),
        (12, 14),
        (20, 25),
    ]
    assert union([]) == []
    assert union([(4, 4)]) == []
    assert union([(0, 50), (10, 20), (30, 40)]) == [(0, 50)]  # nested spans vanish


def test_union_length_counts_overlaps_once():
    assert union_length([(0, 10), (5, 15)]) == 15
    assert union_length([(0, 10), (0, 10), (0, 10)]) == 10
    assert union_length([(0, 5), (5, 10)]) == 10
    assert union_length([(0, 5), (7, 10)]) == 8
    assert union_length([(3, 3), (9, 2)]) == 0
    assert union_length([]) == 0


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=12))
def test_union_covers_exactly_the_covered_characters(spans):
    covered = {i for s, e in spans for i in range(s, e)}
    merged = union(spans)
    assert union_length(spans) == len(covered)
    assert {i for s, e in merged for i in range(s, e)} == covered
    assert all(a[1] < b[0] for a, b in zip(merged, merged[1:], strict=False))  # disjoint, apart


# -- together --------------------------------------------------------------------------------


def rec(document, start, end, code=None, context=None):
    return {"document": document, "start": start, "end": end, "code": code, "context": context}


def test_span_of():
    assert span_of(rec("d", 3, 9)) == (3, 9)


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        (rec("d", 0, 10), rec("d", 9, 20), True),  # one shared character
        (rec("d", 0, 10), rec("d", 10, 20), False),  # touching only
        (rec("d", 0, 10), rec("e", 0, 10), False),  # another document
        (rec("d", 0, 10, context=7), rec("d", 50, 60, context=7), True),  # same context
        (rec("d", 0, 10, context=7), rec("d", 50, 60, context=8), False),
        (rec("d", 0, 10), rec("d", 50, 60), False),  # no context is not a shared context
        (rec("d", 0, 10, context=7), rec("e", 0, 10, context=7), False),
        (rec("d", 5, 5, context=1), rec("d", 0, 10, context=2), False),  # empty: no overlap
        (rec("d", 5, 5, context=1), rec("d", 0, 10, context=1), True),
    ],
)
def test_together(x, y, expected):
    assert together(x, y) is expected
    assert together(y, x) is expected


def test_together_reads_a_missing_context_as_none():
    x, y, z = ({"document": 1, "start": s, "end": e} for s, e in [(0, 3), (2, 6), (3, 6)])
    assert together(x, y)
    assert not together(x, z)


# -- combine ---------------------------------------------------------------------------------

A, B, C, X = "A", "B", "C", "X"
ROWS = [
    rec(1, 0, 10, A, context=100),  # 0: overlaps B at 1
    rec(1, 5, 15, B, context=100),  # 1
    rec(1, 40, 50, A, context=101),  # 2: alone in its turn
    rec(1, 60, 70, A, context=102),  # 3: same turn as the B at 4, no overlap
    rec(1, 75, 80, B, context=102),  # 4
    rec(2, 0, 10, A, context=200),  # 5: document 2, X overlaps it
    rec(2, 8, 12, X, context=200),  # 6
    rec(2, 30, 40, B, context=None),  # 7: B touching the C at 8, no context
    rec(2, 40, 45, C, context=None),  # 8
]


def kept(rows, *args, **kwargs):
    return [ROWS.index(r) for r in combine(rows, *args, **kwargs)]


def test_or_keeps_the_records_of_any_listed_code_in_order():
    assert kept(ROWS, [{A}, {B}]) == [0, 1, 2, 3, 4, 5, 7]
    assert kept(ROWS, [{C}]) == [8]
    assert kept(ROWS, [{A, X}]) == [0, 2, 3, 5, 6]  # a code with its subcodes


def test_without_groups_every_record_counts():
    assert kept(ROWS, []) == list(range(len(ROWS)))


def test_and_keeps_both_sides_of_passages_together():
    assert kept(ROWS, [{A}, {B}], mode="and") == [0, 1, 3, 4]
    assert kept(ROWS, [{A}, {X}], mode="and") == [5, 6]
    assert kept(ROWS, [{B}, {C}], mode="and") == []  # touching, no shared context
    assert kept(ROWS, [{A}, {B}, {X}], mode="and") == []  # never all three together


def test_and_with_a_single_group_is_or():
    assert kept(ROWS, [{A}], mode="and") == kept(ROWS, [{A}])


def test_and_with_overlapping_groups_checks_only_the_groups_without_the_code():
    # a B is in both groups, so it needs no partner; an A must meet a B or an X,
    # an X an A or a B
    assert kept(ROWS, [{A, B}, {B, X}], mode="and") == [0, 1, 3, 4, 5, 6, 7]


def test_not_drops_records_of_and_together_with_an_excluded_code():
    assert kept(ROWS, [{A}], excluded={B}) == [2, 5]
    assert kept(ROWS, [{A}], excluded={X}) == [0, 2, 3]
    assert kept(ROWS, [], excluded={A}) == [7, 8]
    assert kept(ROWS, [{A}, {B}], mode="and", excluded={X}) == [0, 1, 3, 4]
    assert kept(ROWS, [{A}], excluded={A}) == []


def test_combine_returns_the_given_objects_and_takes_any_iterable():
    out = combine(iter(ROWS), [{X}])
    assert len(out) == 1 and out[0] is ROWS[6]


def test_an_empty_coding_is_together_only_through_its_context():
    rows = [rec(1, 5, 5, A, context=None), rec(1, 0, 10, B, context=None)]
    assert combine(rows, [{A}, {B}], mode="and") == []
    rows = [rec(1, 5, 5, A, context=9), rec(1, 0, 10, B, context=9)]
    assert combine(rows, [{A}, {B}], mode="and") == rows


def test_combine_rejects_an_unknown_mode():
    with pytest.raises(ValueError, match="mode 'xor'"):
        combine(ROWS, [{A}], mode="xor")


def naive(rows, groups, excluded, mode):
    """The definition, record by record against every other record."""

    def near(x, codes):
        return any(y is not x and y["code"] in codes and together(x, y) for y in rows)

    wanted = set().union(*groups) if groups else None
    out = []
    for r in rows:
        if wanted is not None and r["code"] not in wanted:
            continue
        if mode == "and" and len(groups) > 1:
            if not all(near(r, g) for g in groups if r["code"] not in g):
                continue
        if excluded and (r["code"] in excluded or near(r, excluded)):
            continue
        out.append(r)
    return out


records = st.builds(
    rec,
    st.integers(1, 2),
    st.integers(0, 30),
    st.integers(0, 30),
    st.sampled_from("ABCD"),
    st.one_of(st.none(), st.integers(1, 4)),
)
code_sets = st.sets(st.sampled_from("ABCD"), min_size=1, max_size=2)


@given(
    st.lists(records, max_size=14),
    st.lists(code_sets, max_size=3),
    st.sets(st.sampled_from("ABCD"), max_size=2),
    st.sampled_from(["or", "and"]),
)
def test_combine_agrees_with_the_definition(rows, groups, excluded, mode):
    assert combine(rows, groups, excluded, mode) == naive(rows, groups, excluded, mode)
