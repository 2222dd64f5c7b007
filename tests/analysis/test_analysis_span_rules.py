"""The span rules analysis applies, held to coding.spans / coding.units.

Analysis counts with vectorised numpy over up to a million codings, so it
cannot call the per-record functions of ``coding/``; these tests make sure its
two span decisions mean what ``coding.spans`` says: two codings co-occur by
"overlap" when :func:`coding.spans.overlaps` (a shared character; touching is
not overlapping), and a passage marked as duplicate hides a coding when it
:func:`coding.spans.contains` it.

Analysis never decides from spans whether a unit is coded: each coding
arrives with the one counting unit it counts in (``codings.unit``, its home
unit, set where the analysis input is built), and a "segment" is a distinct
home unit. :mod:`coding.units` instead counts every unit a coding covers a
character of. The last test pins that difference down.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.cooccurrence import cooccurrence
from analysis.data import make_analysis_data
from analysis.filters import duplicate_mask
from analysis.frequency import frequency
from coding.spans import contains, overlaps
from coding.units import coded_units

CODES = [{"code": c, "name": c, "path": c} for c in "ABC"]
UNITS = [
    {"unit": f"{d}{i}", "document": d, "start": 20 * i, "end": 20 * i + 20}
    for d in ("D1", "D2")
    for i in range(3)
]


def data(spans):
    codings = [
        {
            "coding": f"c{i}",
            "document": doc,
            "start": start,
            "end": end,
            "code": code,
            "unit": f"{doc}{min(start // 20, 2)}",
        }
        for i, (doc, start, end, code) in enumerate(spans)
    ]
    return make_analysis_data(
        codings=codings,
        units=UNITS,
        documents=[{"document": d, "name": d} for d in ("D1", "D2")],
        codes=CODES,
    )


codings = st.lists(
    st.tuples(
        st.sampled_from(["D1", "D2"]),
        st.integers(0, 59),
        st.integers(0, 60),
        st.sampled_from("ABC"),
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(codings)
def test_overlap_cooccurrence_counts_pairs_that_coding_spans_calls_overlapping(spans):
    spans = [(d, s, max(s, e), c) for d, s, e, c in spans]
    matrix = cooccurrence(data(spans), "overlap", codes=list("ABC"))
    expected = {(a, b): 0 for a in "ABC" for b in "ABC" if a != b}
    for x, y in itertools.combinations(spans, 2):
        if x[0] == y[0] and x[3] != y[3] and overlaps(x[1:3], y[1:3]):
            expected[(x[3], y[3])] += 1
            expected[(y[3], x[3])] += 1
    assert {k: int(matrix.loc[k]) for k in expected} == expected


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["D1", "D2"]), st.integers(0, 40), st.integers(0, 40))),
    st.lists(st.tuples(st.sampled_from(["D1", "D2"]), st.integers(0, 40), st.integers(0, 40))),
)
def test_duplicate_passages_hide_the_codings_coding_spans_says_they_contain(spans, marks):
    frame = data([(d, s, e, "A") for d, s, e in spans]).codings
    duplicates = make_analysis_data(
        duplicates=[{"document": d, "start": s, "end": e} for d, s, e in marks]
    ).duplicates
    expected = [any(d == m[0] and contains(m[1:], (s, e)) for m in marks) for d, s, e in spans]
    assert duplicate_mask(frame, duplicates).tolist() == expected


def test_a_coding_across_two_units_is_one_segment_in_analysis_and_two_coded_units():
    # D1 units [0, 20), [20, 40), [40, 60): one coding over the first two
    spanning = data([("D1", 10, 30, "A")])
    row = frequency(spanning, by="organisation").iloc[0]
    assert (row["codings"], row["segments"]) == (1, 1)  # its home unit, D10
    units = [(u["start"], u["end"]) for u in UNITS if u["document"] == "D1"]
    assert coded_units(units, [(10, 30)]) == [0, 1]
    assert np.array_equal(cooccurrence(spanning, "segment", codes=["A"]).to_numpy(), [[1]])
