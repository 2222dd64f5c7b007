"""The names of what the analysis package draws and counts, importable
without numpy, pandas or plotly (the command line builds its options from
them before it knows which command runs)."""

CHART_KINDS = ("frequency", "heatmap", "cooccurrence", "gridgroup", "phases", "bonding")
FREQUENCY_VALUES = ("segments", "codings", "documents", "per_1000_words", "pct_of_group_segments")
COOCCURRENCE_MODES = ("segment", "overlap", "window")
