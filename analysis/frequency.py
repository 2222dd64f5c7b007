"""Theme frequency by group: how many organisations (not just how many
segments) raised each code.

Counting rules, shared by every table here:

- a *segment* is a counting unit (a speaker turn, else a paragraph); a code
  raised twice in one turn is one segment;
- ``per_1000_words`` is **segments** coded per 1,000 words of the group's
  units (segments, not codings, so that splitting one passage into several
  codings does not inflate the rate);
- with ``rollup=True`` a parent also counts its descendants' codings, and a
  unit coded with a parent and a child (or two children) is one segment of
  the parent;
- the ``groups`` count ignores the "(none)" group (passages nobody could be
  attributed to do not make an extra organisation).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.codetree import ancestor_pairs, ordered_codes, with_descendants
from analysis.data import AnalysisData
from analysis.filters import Filters, prepare
from analysis.groups import NONE_LABEL, group_keys, group_labels

FREQUENCY_COLUMNS = [
    "code",
    "path",
    "group",
    "group_label",
    "codings",
    "segments",
    "documents",
    "raised",
    "per_1000_words",
    "pct_of_group_segments",
    "group_segments",
    "group_words",
    "groups",
]


def report_codes(
    data: AnalysisData,
    codes: Sequence[str] | None,
    rollup: bool,
    filters: Filters | None,
) -> list[str]:
    """Which codes a table reports, in order: the given ones; else the
    filter's codes with their descendants; else every code (every codable
    code without rollup, since folders then have nothing to count)."""
    if codes is not None:
        return ordered_codes(data.codes, codes)
    table = data.codes
    if filters is not None and filters.codes is not None:
        table = table[table["code"].isin(with_descendants(table, filters.codes))]
    if not rollup:
        table = table[table["codable"]]
    return ordered_codes(table)


def coded_passages(
    data: AnalysisData,
    by: str | None = "organisation",
    rollup: bool = False,
    columns: Sequence[str] = ("coding", "document", "code", "unit", "participant"),
) -> pd.DataFrame:
    """Prepared codings with their ``group`` (unless ``by`` is None); with
    ``rollup`` each coding is repeated once for each ancestor of its code
    (``code`` is then the ancestor)."""
    rows = data.codings[list(columns)]
    if by is not None:
        rows = rows.assign(group=group_keys(rows, data, by).to_numpy())
    return _roll_up(rows, data.codes) if rollup else rows


def _roll_up(rows: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Each row repeated once per ancestor of its code (itself included)."""
    pairs = ancestor_pairs(codes)
    lineage = pairs.groupby("code", sort=False)["ancestor"].agg(list).to_dict()
    code_index, distinct = pd.factorize(rows["code"])
    chains = [lineage.get(code, [code]) for code in distinct]
    lengths = np.array([len(chain) for chain in chains], dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    flat = np.array([a for chain in chains for a in chain], dtype=object)
    per_row = lengths[code_index]
    repeated = np.repeat(np.arange(len(rows)), per_row)
    within = np.arange(len(repeated)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    expanded = rows.iloc[repeated].reset_index(drop=True)
    ancestors = flat[offsets[code_index[repeated]] + within] if len(flat) else flat
    return expanded.assign(code=pd.array(ancestors, dtype="str"))


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


def frequency(
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


def code_summary(
    data: AnalysisData,
    by: str = "organisation",
    codes: Sequence[str] | None = None,
    rollup: bool = False,
    filters: Filters | None = None,
) -> pd.DataFrame:
    """One row per code: ``code``, ``path``, ``groups`` (distinct groups
    raising it, "(none)" not counted), ``codings``, ``segments``,
    ``documents``; plus ``organisations`` when ``by="organisation"``."""
    prepared = prepare(data, filters)
    wanted = report_codes(prepared, codes, rollup, filters)
    rows = coded_passages(prepared, by, rollup)
    rows = rows[rows["code"].isin(wanted)]
    counts = _distinct_counts(rows, ["code"]).reindex(wanted, fill_value=0).astype("int64")
    attributed = rows[rows["group"] != NONE_LABEL]
    raising = attributed.groupby("code")["group"].nunique().reindex(wanted, fill_value=0)
    table = counts.rename_axis("code").reset_index()
    paths = dict(zip(prepared.codes["code"], prepared.codes["path"], strict=True))
    table.insert(1, "path", table["code"].map(paths).astype("str"))
    table.insert(2, "groups", raising.astype("int64").to_numpy())
    if by == "organisation":
        table["organisations"] = table["groups"]
    return table
