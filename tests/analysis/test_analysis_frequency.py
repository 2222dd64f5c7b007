import pytest

from analysis.filters import Filters
from analysis.frequency import code_summary, frequency

COUNT_COLUMNS = ["code", "group", "codings", "segments", "documents", "raised"]

# (code, group, codings, segments, documents, raised) by organisation, no rollup
EXPECTED = [
    ("F", "O1", 1, 1, 1, True),
    ("F", "O2", 0, 0, 0, False),
    ("F", "O3", 0, 0, 0, False),
    ("F1", "O1", 2, 2, 1, True),
    ("F1", "O2", 1, 1, 1, True),
    ("F1", "O3", 0, 0, 0, False),
    ("F2", "O1", 2, 2, 2, True),
    ("F2", "O2", 0, 0, 0, False),
    ("F2", "O3", 1, 1, 1, True),
    ("N", "O1", 2, 2, 1, True),
    ("N", "O2", 2, 2, 1, True),
    ("N", "O3", 0, 0, 0, False),
]


def rows(table, columns=COUNT_COLUMNS):
    return [tuple(r) for r in table[columns].itertuples(index=False)]


def test_frequency_rows_by_organisation(base):
    table = frequency(base)
    assert rows(table) == EXPECTED
    assert table["group_label"].tolist()[:3] == ["Org A", "Org B", "Org C"]
    assert table["path"].tolist()[3] == "Funding/Grants"


def test_rates_use_the_groups_units(base):
    table = frequency(base).set_index(["code", "group"])
    # O1: 4 units, 160 words; O2: 2 units, 70 words; O3: 1 unit, 40 words
    assert table.loc[("F", "O1"), "per_1000_words"] == pytest.approx(6.25)
    assert table.loc[("N", "O2"), "per_1000_words"] == pytest.approx(2000 / 70)
    assert table.loc[("F2", "O3"), "per_1000_words"] == pytest.approx(25.0)
    assert table.loc[("F1", "O1"), "pct_of_group_segments"] == pytest.approx(50.0)
    assert table.loc[("N", "O2"), "pct_of_group_segments"] == pytest.approx(100.0)
    assert table.loc[("F", "O1"), "group_words"] == 160
    assert table.loc[("F", "O2"), "group_segments"] == 2


def test_groups_count_is_the_number_of_organisations_raising_each_code(base):
    per_code = frequency(base).drop_duplicates("code").set_index("code")
    assert per_code["groups"].to_dict() == {"F": 1, "F1": 2, "F2": 2, "N": 2}
    assert per_code["organisations"].to_dict() == per_code["groups"].to_dict()


def test_rollup_counts_a_unit_once_for_the_parent(base):
    funding = frequency(base, rollup=True, codes=["F"])
    # O1: c1, c2, c3 in U1, c5 in U2, c11 in U7 -> 5 codings but 3 segments
    assert rows(funding) == [
        ("F", "O1", 5, 3, 2, True),
        ("F", "O2", 1, 1, 1, True),
        ("F", "O3", 1, 1, 1, True),
    ]
    assert funding["groups"].tolist() == [3, 3, 3]
    assert funding["per_1000_words"].iloc[0] == pytest.approx(3 * 1000 / 160)


def test_duplicate_passage_is_excluded(base, make_base):
    o1_networks = frequency(base, codes=["N"]).iloc[0]
    assert (o1_networks["codings"], o1_networks["segments"]) == (2, 2)
    counted = frequency(make_base(duplicates=[]), codes=["N"]).iloc[0]
    assert (counted["codings"], counted["segments"]) == (3, 3)  # c12 in U7 comes back


def test_filter_coders(base):
    table = frequency(base, filters=Filters(coders=["ben"]))
    raised = [r[:4] for r in rows(table) if r[5]]
    assert raised == [("F", "O1", 1, 1), ("N", "O1", 1, 1), ("N", "O2", 1, 1)]


def test_filter_document_kind_restricts_denominators(base):
    table = frequency(base, filters=Filters(document_kinds=["focus group"]))
    raised = [r[:4] for r in rows(table) if r[5]]
    assert raised == [("F1", "O2", 1, 1), ("F2", "O1", 1, 1), ("F2", "O3", 1, 1), ("N", "O2", 2, 2)]
    words = table.drop_duplicates("group").set_index("group")["group_words"].to_dict()
    assert words == {"O1": 40, "O2": 70, "O3": 40}


def test_filter_dates(base):
    later = frequency(base, filters=Filters(date_from="2025-01-01"))
    assert later.loc[later["raised"], "code"].tolist() == ["F1", "F2", "F2", "N"]
    earlier = frequency(base, filters=Filters(date_to="2024"))
    assert rows(earlier[earlier["raised"]], ["code", "group", "codings"]) == [
        ("F", "O1", 1), ("F1", "O1", 2), ("F2", "O1", 1), ("N", "O1", 2),
    ]  # fmt: skip
    assert set(earlier["group"]) == {"O1"}


def test_filter_organisations(base):
    table = frequency(base, filters=Filters(organisations=["O3"]))
    assert rows(table) == [
        ("F", "O3", 0, 0, 0, False),
        ("F1", "O3", 0, 0, 0, False),
        ("F2", "O3", 1, 1, 1, True),
        ("N", "O3", 0, 0, 0, False),
    ]


def test_filter_participants(base):
    table = frequency(base, filters=Filters(participants=["P1"]))
    raised = [r[:4] for r in rows(table) if r[5]]
    assert raised == [("F", "O1", 1, 1), ("F1", "O1", 2, 2), ("F2", "O1", 2, 2), ("N", "O1", 1, 1)]


def test_filter_codes_brings_descendants(base):
    table = frequency(base, filters=Filters(codes=["F"]))
    assert list(dict.fromkeys(table["code"])) == ["F", "F1", "F2"]
    assert table["codings"].sum() == 7


def test_by_attribute(base):
    table = frequency(base, by="stakeholder", codes=["N"])
    assert rows(table, ["group", "codings"]) == [
        ("Commissioner", 0), ("Local authority", 2), ("VCSE", 2),
    ]  # fmt: skip
    assert "organisations" not in table.columns


def test_code_summary(base):
    summary = code_summary(base, rollup=True)
    assert [tuple(r) for r in summary.itertuples(index=False)] == [
        ("F", "Funding", 3, 7, 5, 2, 3),
        ("F1", "Funding/Grants", 2, 3, 3, 2, 2),
        ("F2", "Funding/Contracts", 2, 3, 3, 2, 2),
        ("N", "Networks", 2, 4, 4, 2, 2),
    ]
    assert list(summary.columns) == [
        "code", "path", "groups", "codings", "segments", "documents", "organisations",
    ]  # fmt: skip
