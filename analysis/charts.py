"""One entry for every chart the app and the command line draw:
:func:`chart` computes the table a kind needs and builds its figure, so the
Analyse page and ``python -m qda chart`` show the same picture."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from analysis.cooccurrence import Mode, coded_only, cooccurrence
from analysis.data import AnalysisData
from analysis.figures import (
    bonding_bridging_figure,
    cooccurrence_heatmap,
    frequency_bars,
    frequency_heatmap,
    gridgroup_figure,
    phase_matrix_figure,
)
from analysis.filters import Filters
from analysis.frequency import frequency, raised_only
from analysis.gridgroup import gridgroup_movement, gridgroup_positions
from analysis.kinds import CHART_KINDS, FREQUENCY_VALUES
from analysis.phases import phase_matrix
from analysis.socialcapital import bonding_bridging


class UnknownChart(ValueError):
    def __init__(self, kind: str):
        super().__init__(f"unknown chart {kind!r}: one of {', '.join(CHART_KINDS)}")


def real_names(data: AnalysisData) -> AnalysisData:
    """The data with case pseudonyms cleared, so that labels show real names
    (for a project whose pseudonyms are switched off)."""
    return data.replace(cases=data.cases.assign(pseudonym=None))


def chart(
    data: AnalysisData,
    kind: str,
    *,
    by: str = "organisation",
    value: str = "segments",
    codes: Sequence[str] | None = None,
    rollup: bool = False,
    filters: Filters | None = None,
    mode: Mode = "segment",
    window: int = 1,
    size_attribute: str | None = None,
    date: str | None = None,
    since: str | None = None,
) -> go.Figure:
    """The figure of ``kind`` (see :data:`CHART_KINDS`).

    ``frequency`` (grouped bars) and ``heatmap`` plot ``value`` of
    :func:`analysis.frequency.frequency` by ``by``; ``cooccurrence`` the
    matrix in ``mode`` (only codes coded at least once unless ``codes`` are
    given); ``gridgroup`` positions as of ``date`` with arrows from ``since``
    and markers sized by ``size_attribute``; ``phases`` the development
    phase matrix (exemplars need codings with text); ``bonding`` bonding vs
    bridging per group."""
    if kind in ("frequency", "heatmap"):
        if value not in FREQUENCY_VALUES:
            raise ValueError(f"unknown value {value!r}: one of {', '.join(FREQUENCY_VALUES)}")
        table = frequency(data, by=by, codes=codes, rollup=rollup, filters=filters)
        if codes is None:
            table = raised_only(table)
        build = frequency_heatmap if kind == "heatmap" else frequency_bars
        fig = build(table, value)
        fig.update_layout(title={"text": f"Theme frequency by {by} ({value.replace('_', ' ')})"})
        return fig
    if kind == "cooccurrence":
        matrix = cooccurrence(data, mode, window, codes=codes, rollup=rollup, filters=filters)
        if codes is None:
            matrix = coded_only(matrix)
        return cooccurrence_heatmap(matrix)
    if kind == "gridgroup":
        positions = gridgroup_positions(data, date, size_attribute, filters)
        movement = None
        if since is not None:
            movement = gridgroup_movement(data, since, date or "9999", filters)
        return gridgroup_figure(positions, movement, size_attribute)
    if kind == "phases":
        fig = phase_matrix_figure(phase_matrix(data, filters))
        fig.update_layout(title={"text": "Development phases"})
        return fig
    if kind == "bonding":
        fig = bonding_bridging_figure(bonding_bridging(data, by, filters))
        fig.update_layout(title={"text": f"Bonding and bridging by {by}"})
        return fig
    raise UnknownChart(kind)
