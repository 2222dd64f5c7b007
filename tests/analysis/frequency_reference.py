"""The first, string-keyed implementation of ``analysis.frequency.frequency``,
kept as an independent reference: the integer-coded implementation must give
exactly the same table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.data import AnalysisData
from analysis.filters import Filters, prepare
from analysis.frequency import coded_passages, report_codes
from analysis.groups import NONE_LABEL, group_keys, group_labels


def _distinct_counts(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """codings, segments (distinct units) and documents per key."""
    if rows.empty:
        return pd.DataFrame(columns=["codings", "segments", "documents"], dtype="int64")
    grouped = rows.groupby(keys, sort=False, observed=True)
    return pd.DataFrame(
        {
            "codings": grouped.size(),
            "segments": rows.drop_duplicates([*keys, "unit"]).groupby(keys, sort=False).size(),
            "documents": rows.drop_duplicates([*keys, "document"]).groupby(keys, sort=False).size(),
        }
    )


def _ordered_groups(keys: list[str], labels: dict[str, str]) -> list[str]:
    return sorted(set(keys), key=lambda k: (k == NONE_LABEL, labels[k].casefold(), k))


def reference_frequency(
    data: AnalysisData,
    by: str = "organisation",
    codes: Sequence[str] | None = None,
    rollup: bool = False,
    filters: Filters | None = None,
) -> pd.DataFrame:
    """One row per (code, group), zeros included. Columns: ``code``,
    ``path``, ``group`` (key, e.g. organisation GUID), ``group_label``,
    ``codings``, ``segments``, ``documents``, ``raised``, ``per_1000_words``,
    ``pct_of_group_segments``, ``group_segments`` and ``group_words`` (the
    denominators), ``groups`` (distinct groups raising the code), plus
    ``organisations`` (same number) when ``by="organisation"``."""
    prepared = prepare(data, filters)
    wanted = report_codes(prepared, codes, rollup, filters)
    rows = coded_passages(prepared, by, rollup)
    rows = rows[rows["code"].isin(wanted)]
    unit_groups = group_keys(prepared.units, prepared, by)
    group_words = prepared.units["words"].groupby(unit_groups.to_numpy()).sum()
    group_segments = unit_groups.value_counts()
    all_keys = [*unit_groups.unique(), *rows["group"].unique()]
    labels = group_labels(prepared, by, all_keys)
    groups = _ordered_groups(all_keys, labels)

    grid = pd.MultiIndex.from_product([wanted, groups], names=["code", "group"])
    counts = _distinct_counts(rows, ["code", "group"]).reindex(grid, fill_value=0)
    table = counts.astype("int64").reset_index()
    paths = dict(zip(prepared.codes["code"], prepared.codes["path"], strict=True))
    table.insert(1, "path", table["code"].map(paths).astype("str"))
    table.insert(3, "group_label", table["group"].map(labels).astype("str"))
    table["raised"] = table["segments"] > 0
    words = table["group"].map(group_words).fillna(0).astype("int64")
    segments = table["group"].map(group_segments).fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        table["per_1000_words"] = (table["segments"] * 1000 / words.replace(0, np.nan)).astype(
            "float64"
        )
        table["pct_of_group_segments"] = (
            table["segments"] * 100 / segments.replace(0, np.nan)
        ).astype("float64")
    table["group_segments"] = segments
    table["group_words"] = words
    counted = table["raised"] & (table["group"] != NONE_LABEL)
    table["groups"] = counted.groupby(table["code"]).transform("sum").astype("int64")
    if by == "organisation":
        table["organisations"] = table["groups"]
    return table
