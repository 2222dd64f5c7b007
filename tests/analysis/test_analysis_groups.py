import pytest

from analysis.data import AnalysisInputError, make_analysis_data
from analysis.groups import UnknownGrouping, assign_groups, assign_unit_groups, group_labels


def by_coding(data, by):
    return dict(zip(data.codings["coding"], assign_groups(data, by), strict=True))


def test_focus_group_coding_counts_for_speakers_organisation(base):
    groups = by_coding(base, "organisation")
    assert groups["c11"] == "O1"  # P1 (O1) speaking in O2's focus group
    assert groups["c9"] == "O3"
    assert groups["c7"] == "O2"


def test_unlinked_speaker_falls_back_to_documents_organisation(base):
    groups = by_coding(base, "organisation")
    assert groups["c6"] == "O1"
    assert groups["c10"] == "O2"


def test_attribute_participant_then_organisation_then_document(base):
    groups = by_coding(base, "stakeholder")
    assert groups["c9"] == "Commissioner"  # P3's own value beats O3 (which has none)
    assert groups["c1"] == "VCSE"  # P1 has none: their organisation O1's
    assert groups["c10"] == "Local authority"  # nobody linked: D2's organisation O2
    assert groups["c11"] == "VCSE"


def test_missing_attribute_value_is_none_label(base):
    groups = by_coding(base, "region")
    assert groups["c1"] == "North"
    assert groups["c9"] == "(none)"


def test_document_kind_and_year(base):
    assert by_coding(base, "document kind")["c11"] == "focus group"
    years = assign_groups(base, "year")
    assert years.tolist() == ["2024"] * 6 + ["2025"] * 6


def test_unit_groups_follow_the_same_rule(base):
    assert assign_unit_groups(base).tolist() == ["O1", "O1", "O1", "O2", "O3", "O2", "O1"]


def test_unknown_grouping_is_a_typed_error(base):
    with pytest.raises(UnknownGrouping, match="'colour'"):
        assign_groups(base, "colour")


def test_labels_use_pseudonyms_and_fall_back_to_name(make_base):
    data = make_base(cases=[{"case": "O1", "kind": "organisation", "name": "Riverside"}])
    assert group_labels(data, "organisation", ["O1", "O9"]) == {"O1": "Riverside", "O9": "O9"}
    assert group_labels(make_base(), "organisation", ["O1"]) == {"O1": "Org A"}


def test_missing_contract_column_is_reported_with_the_frame():
    with pytest.raises(AnalysisInputError, match="units: missing column"):
        make_analysis_data(units=[{"unit": "U1", "document": "D1"}])
