import itertools

import numpy as np
import pandas as pd
import pytest

from analysis.cooccurrence import cooccurrence
from analysis.filters import Filters, exclude_duplicates
from analysis.synthetic import synthetic_data

CODES = ["F", "F1", "F2", "N"]


def matrix(rows):
    index = pd.Index(CODES, name="code", dtype="str")
    return pd.DataFrame(rows, index=index, columns=index.copy(), dtype="int64")


# units: U1 {F, F1, F2}, U2 {F1, N}, U3 {N}, U4 {F1, N}, U5 {F2}, U6 {N}, U7 {F2}
SEGMENT = matrix([[1, 1, 1, 0], [1, 3, 1, 2], [1, 1, 3, 0], [0, 2, 0, 4]])
# c1-c2 (F1-F2), c2-c3 (F2-F), c7-c8 (F1-N); c4/c5 only touch at 150
OVERLAP = matrix([[1, 0, 1, 0], [0, 3, 1, 1], [1, 1, 3, 0], [0, 1, 0, 4]])
# ordered pairs (unit with a, unit with b) at most one unit apart, same document
WINDOW_1 = matrix([[1, 2, 1, 1], [2, 3, 3, 4], [1, 3, 3, 4], [1, 4, 4, 4]])


@pytest.mark.parametrize(
    ("mode", "expected"), [("segment", SEGMENT), ("overlap", OVERLAP), ("window", WINDOW_1)]
)
def test_exact_matrices(base, mode, expected):
    result = cooccurrence(base, mode)
    pd.testing.assert_frame_equal(result, expected)
    assert result.attrs["mode"] == mode
    assert result.attrs["labels"]["F1"] == "Funding/Grants"


def test_window_zero_is_segment(base):
    pd.testing.assert_frame_equal(cooccurrence(base, "window", window=0), SEGMENT)


def test_duplicate_passage_does_not_cooccur(make_base):
    with_duplicate = cooccurrence(make_base(duplicates=[]), "overlap")
    assert with_duplicate.loc["F2", "N"] == 1  # c11 x c12 in U7
    assert with_duplicate.loc["N", "N"] == 5


def test_rollup_overlap_skips_a_coding_paired_with_itself(base):
    rolled = cooccurrence(base, "overlap", rollup=True)
    assert rolled.loc["F", "F2"] == 2  # c1(F1->F) x c2, c2(F2->F) x c3
    assert rolled.loc["F", "F1"] == 1
    assert rolled.loc["F", "N"] == 1
    assert rolled.loc["F", "F"] == 5


def test_subset_keeps_the_given_order_and_filters_apply(base):
    result = cooccurrence(base, codes=["N", "F1"], filters=Filters(document_kinds=["interview"]))
    assert result.index.tolist() == ["N", "F1"]
    assert result.to_numpy().tolist() == [[2, 1], [1, 2]]


def test_unknown_mode_is_refused(base):
    with pytest.raises(ValueError, match="unknown co-occurrence mode"):
        cooccurrence(base, "sentence")


def brute_force(data, mode, window=1):
    codings = exclude_duplicates(data.codings, data.duplicates)
    codes = list(data.codes["code"])
    counts = pd.DataFrame(0, index=codes, columns=codes)
    if mode == "overlap":
        for _, doc in codings.groupby("document"):
            for a, b in itertools.combinations(doc.itertuples(), 2):
                if a.code != b.code and a.start < b.end and b.start < a.end:
                    counts.loc[a.code, b.code] += 1
                    counts.loc[b.code, a.code] += 1
    else:
        units = data.units.sort_values(["document", "start"])
        units = units.assign(position=units.groupby("document").cumcount())
        coded = codings[["unit", "code"]].drop_duplicates().merge(units, on="unit")
        pairs = coded.merge(coded, on="document")
        near = (pairs["position_x"] - pairs["position_y"]).abs() <= window
        for (a, b), n in pairs[near].groupby(["code_x", "code_y"]).size().items():
            counts.loc[a, b] = n
    diagonal = codings[["unit", "code"]].drop_duplicates()["code"].value_counts()
    for code in codes:
        counts.loc[code, code] = diagonal.get(code, 0)
    return counts.to_numpy()


@pytest.mark.parametrize(("mode", "window"), [("overlap", 1), ("window", 0), ("window", 2)])
def test_matches_brute_force_on_synthetic_data(mode, window):
    data = synthetic_data(n_documents=6, n_codings=400, n_codes=8, seed=3)
    expected = brute_force(data, mode, window)
    result = cooccurrence(data, mode, window=window, codes=list(data.codes["code"]))
    np.testing.assert_array_equal(result.to_numpy(), expected)
