import plotly.graph_objects as go

from analysis.cooccurrence import cooccurrence
from analysis.figures import (
    bonding_bridging_figure,
    cooccurrence_heatmap,
    frequency_bars,
    frequency_heatmap,
    gridgroup_figure,
    phase_matrix_figure,
)
from analysis.frequency import frequency
from analysis.gridgroup import gridgroup_movement, gridgroup_positions
from analysis.phases import phase_matrix
from analysis.socialcapital import bonding_bridging


def test_frequency_heatmap_has_a_cell_per_code_and_group(base):
    fig = frequency_heatmap(frequency(base))
    assert isinstance(fig, go.Figure) and len(fig.data) == 1
    heat = fig.data[0]
    assert list(heat.y) == ["Funding", "Funding/Grants", "Funding/Contracts", "Networks"]
    assert list(heat.x) == ["Org A", "Org B", "Org C"]
    assert heat.z.tolist()[1] == [2, 1, 0]


def test_frequency_bars_one_trace_per_group(base):
    fig = frequency_bars(frequency(base), value="codings")
    assert [t.name for t in fig.data] == ["Org A", "Org B", "Org C"]
    assert list(fig.data[2].y) == [0, 0, 1, 0]


def test_cooccurrence_heatmap(base):
    fig = cooccurrence_heatmap(cooccurrence(base))
    heat = fig.data[0]
    assert len(fig.data) == 1 and list(heat.x)[1] == "Funding/Grants"
    assert heat.text[3][1] == "2" and heat.z.shape == (4, 4)


def test_phase_matrix_figure(make_phases):
    fig = phase_matrix_figure(phase_matrix(make_phases()))
    heat = fig.data[0]
    assert len(fig.data) == 1
    assert list(heat.y) == ["Pre-start-up", "Start-up", "Growth", "Maturity"]
    assert list(heat.x) == ["Emotions", "Focus", "Assets"]
    assert heat.z.tolist()[2] == [3, 0, 1]
    assert heat.customdata[2][0] == "We felt confident, really confident"


def test_bonding_bridging_figure(social):
    fig = bonding_bridging_figure(bonding_bridging(social))
    assert [t.name for t in fig.data] == ["Bonding", "Bridging"]
    assert list(fig.data[0].y) == [2, 0, 0]


def test_gridgroup_figure_quadrants_and_source(culture):
    fig = gridgroup_figure(gridgroup_positions(culture))
    assert len(fig.data) == 1
    assert list(fig.data[0].text) == ["Org A", "Org B"]
    quadrant_labels = {a.text for a in fig.layout.annotations}
    assert quadrant_labels == {
        "<b>Hierarchy</b>", "<b>Egalitarianism</b>", "<b>Individualism</b>", "<b>Fatalism</b>",
    }  # fmt: skip
    assert fig.layout.title.subtitle.text == (
        "Source: classification (1), derived from coded segments (1)"
    )


def test_gridgroup_figure_with_movement_and_size(culture):
    positions = gridgroup_positions(culture, date="2025-12-31", size_attribute="staff")
    moves = gridgroup_movement(culture, "2024-06-01", "2025-12-31")
    fig = gridgroup_figure(positions, moves, size_attribute="staff")
    assert [t.name for t in fig.data] == ["earlier", "organisations"]
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert [(a.ax, a.ay, a.x, a.y) for a in arrows][0] == (-0.5, 0.5, -0.5, -0.5)
    assert len(arrows) == 2
    assert list(fig.data[1].marker.size) == [40.0, 10 + 30 * (4**0.5) / (12**0.5)]
    assert fig.layout.title.subtitle.text.endswith("; marker size: staff")


def test_gridgroup_figure_single_source(culture):
    fig = gridgroup_figure(gridgroup_positions(culture, date="2024-06-01").iloc[:1])
    assert fig.layout.title.subtitle.text == "Source: classification"
