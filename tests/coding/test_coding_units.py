"""coding.units: which units a coding codes, exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coding.units import Units, coded_mask, coded_units, coded_units_by_document

# five turns with gaps between them (speaker labels, blank lines): 0..4
TURNS = [(10, 20), (25, 40), (45, 50), (60, 90), (95, 100)]


def test_a_coding_inside_one_unit():
    assert coded_units(TURNS, [(12, 15)]) == [0]
    assert coded_units(TURNS, [(60, 90)]) == [3]  # exactly the unit


def test_end_is_exclusive_at_both_edges():
    assert coded_units(TURNS, [(5, 10)]) == []  # ends where turn 0 starts
    assert coded_units(TURNS, [(5, 11)]) == [0]  # takes its first character
    assert coded_units(TURNS, [(20, 25)]) == []  # from turn 0's end to turn 1's start
    assert coded_units(TURNS, [(19, 25)]) == [0]  # turn 0's last character
    assert coded_units(TURNS, [(20, 26)]) == [1]
    assert coded_units(TURNS, [(40, 45)]) == []


def test_a_coding_spanning_many_units_codes_every_one_it_touches():
    assert coded_units(TURNS, [(15, 96)]) == [0, 1, 2, 3, 4]
    assert coded_units(TURNS, [(0, 200)]) == [0, 1, 2, 3, 4]
    assert coded_units(TURNS, [(39, 61)]) == [1, 2, 3]


def test_codings_in_gaps_or_beyond_the_units_code_nothing():
    assert coded_units(TURNS, [(0, 10), (20, 25), (50, 60), (90, 95), (100, 130)]) == []


def test_empty_codings_code_nothing_even_inside_a_unit():
    assert coded_units(TURNS, [(15, 15), (10, 10), (30, 30)]) == []
    assert coded_units(TURNS, [(15, 15), (30, 31)]) == [1]


def test_reversed_codings_code_nothing():
    assert coded_units(TURNS, [(18, 12)]) == []


def test_empty_units_are_never_coded():
    units = [(0, 10), (10, 10), (10, 20), (15, 15)]
    assert coded_units(units, [(0, 20)]) == [0, 2]
    assert coded_mask(units, [(0, 20)]) == [True, False, True, False]


def test_several_codings_each_unit_once_any_order():
    codings = [(61, 62), (12, 14), (70, 95), (13, 19), (62, 63), (46, 47)]
    assert coded_units(TURNS, codings) == [0, 2, 3]
    assert coded_units(TURNS, list(reversed(codings))) == [0, 2, 3]


def test_unsorted_units_keep_their_given_indices():
    units = [TURNS[3], TURNS[0], TURNS[4], TURNS[1], TURNS[2]]
    assert coded_units(units, [(12, 15), (96, 97)]) == [1, 2]
    assert coded_mask(units, [(12, 15), (96, 97)]) == [False, True, True, False, False]


def test_overlapping_and_nested_units():
    units = [(0, 100), (10, 20), (50, 60), (15, 55)]  # e.g. a sentence across two turns
    assert coded_units(units, [(56, 58)]) == [0, 2]
    assert coded_units(units, [(20, 50)]) == [0, 3]
    assert coded_units(units, [(100, 120)]) == []


def test_no_units_or_no_codings():
    assert coded_units([], [(0, 10)]) == []
    assert coded_units(TURNS, []) == []
    assert coded_mask(TURNS, []) == [False] * 5
    assert coded_mask([], []) == []


def test_any_iterable_of_codings():
    assert coded_units(TURNS, iter([(12, 13), (47, 48)])) == [0, 2]
    assert coded_units(TURNS, ((s, s + 1) for s in (26, 99))) == [1, 4]


def test_many_units_and_codings():
    units = [(10 * i, 10 * i + 8) for i in range(10_000)]  # a gap of 2 after each unit
    codings = [(10 * i + 8, 10 * i + 10) for i in range(10_000)]  # exactly the gaps
    assert coded_units(units, codings) == []
    # every third unit's last character and the next unit's first
    codings = [(10 * i + 7, 10 * i + 11) for i in range(0, 10_000, 3)]
    expected = sorted({j for i in range(0, 10_000, 3) for j in (i, i + 1) if j < 10_000})
    assert coded_units(units, codings) == expected


spans = st.tuples(st.integers(0, 60), st.integers(0, 60))


@given(st.lists(spans, max_size=10), st.lists(spans, max_size=10))
def test_agrees_with_the_definition_character_by_character(units, codings):
    covered = {i for s, e in codings for i in range(s, e)}
    expected = [any(i in covered for i in range(s, e)) for s, e in units]
    assert coded_mask(units, codings) == expected
    assert coded_units(units, codings) == [i for i, c in enumerate(expected) if c]


# -- per document, per coder and code ---------------------------------------------------------

UNITS = {"d1": TURNS, "d2": [(0, 10), (10, 20)], "d3": [(0, 5)]}
CODINGS = [
    {"document": "d1", "start": 12, "end": 14, "coder": "ana", "code": "A"},
    {"document": "d1", "start": 39, "end": 46, "coder": "ben", "code": "A"},
    {"document": "d1", "start": 61, "end": 62, "coder": "ana", "code": "B"},
    {"document": "d2", "start": 5, "end": 15, "coder": "ben", "code": "B"},
    {"document": "d9", "start": 0, "end": 99, "coder": "ana", "code": "A"},  # no units given
]


def test_by_document():
    assert coded_units_by_document(UNITS, CODINGS) == {"d1": [0, 1, 2, 3], "d2": [0, 1], "d3": []}


def test_by_document_for_a_coder_or_a_code():
    assert coded_units_by_document(UNITS, CODINGS, coder="ana") == {
        "d1": [0, 3],
        "d2": [],
        "d3": [],
    }
    assert coded_units_by_document(UNITS, CODINGS, code="B") == {"d1": [3], "d2": [0, 1], "d3": []}
    assert coded_units_by_document(UNITS, CODINGS, coder="ben", code="A") == {
        "d1": [1, 2],
        "d2": [],
        "d3": [],
    }
    assert coded_units_by_document(UNITS, CODINGS, coder="cy") == {"d1": [], "d2": [], "d3": []}


def test_by_document_with_records_lacking_coder_and_code():
    bare = [{"document": "d3", "start": 4, "end": 9}]
    assert coded_units_by_document(UNITS, bare) == {"d1": [], "d2": [], "d3": [0]}
    assert coded_units_by_document(UNITS, bare, coder="ana") == {"d1": [], "d2": [], "d3": []}


def test_units_answer_many_questions_and_report_their_count():
    index = Units([TURNS[2], TURNS[0], (7, 7), TURNS[1]])
    assert len(index) == 4
    assert index.coded([(12, 13)]) == [1]
    assert index.coded([(30, 46), (0, 100)]) == [0, 1, 3]
    assert index.mask([(46, 47)]) == [True, False, False, False]
    assert index.coded([]) == []


def test_identical_units_are_both_coded():
    assert coded_units([(0, 10), (0, 10), (10, 20)], [(5, 6)]) == [0, 1]


@st.composite
def apart(draw):
    """Units that do not overlap (gaps and touching allowed), shuffled, and codings."""
    cuts = sorted(draw(st.lists(st.integers(0, 80), min_size=0, max_size=16)))
    units = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    order = draw(st.permutations(range(len(units))))
    return [units[i] for i in order], draw(st.lists(spans, max_size=8))


@given(apart())
def test_units_apart_agree_with_the_definition(case):
    units, codings = case
    covered = {i for s, e in codings for i in range(s, e)}
    expected = [i for i, (s, e) in enumerate(units) if any(j in covered for j in range(s, e))]
    assert coded_units(units, codings) == expected
