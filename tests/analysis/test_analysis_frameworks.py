import math

import pytest

from analysis.gridgroup import (
    SOURCE_CLASSIFICATION,
    SOURCE_DERIVED,
    gridgroup_movement,
    gridgroup_positions,
)
from analysis.phases import phase_matrix
from analysis.socialcapital import bonding_bridging


def placed(table):
    return {
        r.organisation: (pytest.approx(r.x), pytest.approx(r.y), r.culture, r.source)
        for r in table.itertuples()
    }


def test_positions_from_classification_and_derived(culture):
    positions = gridgroup_positions(culture, size_attribute="staff")
    assert placed(positions) == {
        "O1": (-0.5, -0.5, "Individualism", SOURCE_CLASSIFICATION),  # latest: 2025-01-10
        "O2": (0.3, 0.3, "Hierarchy", SOURCE_DERIVED),  # H 3, E 1 (Clique), F 1 of 5 units
    }
    o2 = positions.set_index("organisation").loc["O2"]
    assert (o2["segments"], o2["share_hierarchy"]) == (5, pytest.approx(0.6))
    assert positions["size"].tolist() == [12.0, 4.0]
    assert positions["label"].tolist() == ["Org A", "Org B"]
    assert positions.set_index("organisation").loc["O1", "as_of"] == "2025-01-10"


def test_positions_at_a_date(culture):
    assert placed(gridgroup_positions(culture, date="2024-06-01")) == {
        "O1": (-0.5, 0.5, "Egalitarianism", SOURCE_CLASSIFICATION),
        "O2": (-0.5, 0.5, "Egalitarianism", SOURCE_DERIVED),  # only D3 (2024-01-01)
    }
    # "2025-01" includes the whole month, so the 2025-01-10 classification
    assert placed(gridgroup_positions(culture, date="2025-01"))["O1"][2] == "Individualism"
    # before any classification or dated document nobody can be placed
    assert gridgroup_positions(culture, date="2022").empty


def test_movement_arrows(culture):
    moves = gridgroup_movement(culture, "2024-06-01", "2025-12-31")
    assert moves["organisation"].tolist() == ["O1", "O2"]
    o1, o2 = moves.itertuples()
    assert (o1.x_from, o1.y_from, o1.x_to, o1.y_to) == (-0.5, 0.5, -0.5, -0.5)
    assert (o1.culture_from, o1.culture_to, o1.culture_changed) == (
        "Egalitarianism", "Individualism", True,
    )  # fmt: skip
    assert (o2.x_to, o2.y_to) == (pytest.approx(0.3), pytest.approx(0.3))
    assert o2.distance == pytest.approx(math.hypot(0.8, 0.2))


def test_phase_matrix_counts_and_exemplars(make_phases):
    matrix = phase_matrix(make_phases())
    assert len(matrix) == 12
    assert matrix["phase"].drop_duplicates().tolist() == [
        "Pre-start-up", "Start-up", "Growth", "Maturity",
    ]  # fmt: skip
    assert matrix["facet"].tolist()[:3] == ["emotions", "focus", "assets"]
    cells = matrix.set_index(["phase", "facet"])
    growth = cells.loc[("Growth", "emotions")]
    assert (growth["codings"], growth["segments"], growth["organisations"]) == (3, 3, 2)
    assert growth["exemplar"] == "We felt confident, really confident"  # the longest
    assert growth["exemplar_coding"] == "p5"
    assert cells.loc[("Growth", "assets"), "exemplar"] == "Partnerships carried us"
    assert cells.loc[("Start-up", "focus"), "codings"] == 1
    assert cells.loc[("Maturity", "focus"), "codings"] == 0
    assert cells.loc[("Maturity", "focus"), "exemplar"] == ""
    assert matrix["codings"].sum() == 5


def test_phase_matrix_without_text_has_empty_exemplars(make_phases):
    matrix = phase_matrix(make_phases(text=False))
    assert set(matrix["exemplar"]) == {""}
    assert matrix["codings"].sum() == 5


def test_bonding_bridging_rolls_up_subcodes(social):
    table = bonding_bridging(social)
    assert [tuple(r) for r in table[["group", "bonding", "bridging"]].itertuples(index=False)] == [
        ("O1", 2, 1),  # U1 (two subcodes, once) and U2; U3
        ("O2", 0, 1),
        ("O3", 0, 0),  # "Bonding" of another framework is ignored
    ]
    assert table["bonding_codings"].tolist() == [3, 0, 0]
    assert table["bonding_share"].iloc[0] == pytest.approx(2 / 3)
    assert math.isnan(table["bonding_share"].iloc[2])
