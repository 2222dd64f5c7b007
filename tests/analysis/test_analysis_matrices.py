import pandas as pd
import pytest

from analysis.filters import Filters
from analysis.matrices import code_document_matrix, crosstab


def test_code_document_matrix(base):
    matrix = code_document_matrix(base)
    assert matrix.index.tolist() == ["F", "F1", "F2", "N"]
    assert matrix.columns.tolist() == ["D1", "D2"]
    assert matrix.to_numpy().tolist() == [[1, 0], [1, 1], [1, 1], [1, 1]]
    assert matrix.attrs["documents"] == {"D1": "Interview 1", "D2": "Focus group"}


def test_code_document_matrix_with_filter_drops_documents(base):
    matrix = code_document_matrix(base, filters=Filters(date_to="2024-12-31"))
    assert matrix.columns.tolist() == ["D1"]


def test_crosstab_by_document_kind_counts_row_percent_and_totals(base):
    table = crosstab(base, "document kind")
    counts = table["segments"]
    assert counts.columns.tolist() == ["focus group", "interview", "Total"]
    assert counts.index.tolist() == [
        "Funding", "Funding/Grants", "Funding/Contracts", "Networks", "Total",
    ]  # fmt: skip
    assert counts.to_numpy().tolist() == [[0, 1, 1], [1, 2, 3], [2, 1, 3], [2, 2, 4], [4, 3, 7]]
    shares = table["row %"]
    assert shares.loc["Funding/Grants"].tolist() == pytest.approx([100 / 3, 200 / 3, 100])
    assert shares.loc["Total"].tolist() == pytest.approx([400 / 7, 300 / 7, 100])


def test_crosstab_total_row_counts_distinct_units(base):
    counts = crosstab(base, "document kind", rollup=True)["segments"]
    # F rolls up to 5 units, yet only 7 units are coded at all
    assert counts.loc["Funding"].tolist() == [3, 2, 5]
    assert counts.loc["Total"].tolist() == [4, 3, 7]


def test_crosstab_by_attribute_with_codings(base):
    table = crosstab(base, "stakeholder", count="codings")
    assert isinstance(table.columns, pd.MultiIndex)
    counts = table["codings"]
    assert counts.columns.tolist() == ["Commissioner", "Local authority", "VCSE", "Total"]
    assert counts.loc["Total"].tolist() == [1, 3, 7, 11]
    assert counts.loc["Networks"].tolist() == [0, 2, 2, 4]
