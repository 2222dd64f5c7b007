"""The integer-coded frequency gives exactly the table of the string-keyed
reference implementation, on synthetic projects with every option."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import make_analysis_data
from analysis.filters import Filters
from analysis.frequency import frequency
from analysis.synthetic import synthetic_data
from tests.analysis.frequency_reference import reference_frequency


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_data(n_documents=60, n_codings=6_000, n_codes=30, seed=3)


CASES = [
    {},
    {"rollup": True},
    {"by": "stakeholder"},
    {"by": "participant", "rollup": True},
    {"by": "document kind"},
    {"by": "year"},
    {"filters": Filters(coders=["ana"], document_kinds=["interview", "workshop"])},
    {"filters": Filters(organisations=["org-0000001", "org-0000004"]), "rollup": True},
    {"filters": Filters(codes=["code-0000001"], date_from="2023", date_to="2024-06")},
    {"codes": ["code-0000002", "code-0000012", "code-0000000"], "rollup": True},
]


@pytest.mark.parametrize("options", CASES, ids=[str(sorted(c)) for c in CASES])
def test_same_table_as_the_reference(synthetic, options):
    fast = frequency(synthetic, **options)
    slow = reference_frequency(synthetic, **options)
    pd.testing.assert_frame_equal(fast, slow, check_dtype=False)
    assert fast["codings"].sum() > 0


def test_empty_data_gives_an_empty_table():
    table = frequency(make_analysis_data())
    assert table.empty
    assert list(table.columns)[:4] == ["code", "path", "group", "group_label"]


def test_the_encoding_is_reused_and_not_shared_with_replaced_data(synthetic):
    from analysis.encoding import encode

    first = encode(synthetic)
    assert encode(synthetic) is first
    smaller = synthetic.replace(codings=synthetic.codings.iloc[:100])
    assert len(encode(smaller).code) == 100
