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
from analysis.encoding import encode, group_ids
from analysis.filters import Filters, masks, prepare
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


def _lineage(codes: pd.DataFrame, rollup: bool) -> list[list[int]]:
    """Per row of ``codes``: the rows a coding of it counts for (itself, and
    with ``rollup`` every ancestor)."""
    if not rollup:
        return [[i] for i in range(len(codes))]
    row_of = {c: i for i, c in enumerate(codes["code"])}
    pairs = ancestor_pairs(codes)
    lineage: list[list[int]] = [[] for _ in range(len(codes))]
    for code, ancestor in zip(pairs["code"], pairs["ancestor"], strict=True):
        lineage[row_of[code]].append(row_of[ancestor])
    return lineage


def _counted(
    data: AnalysisData, wanted: list[str], rollup: bool, keep: np.ndarray, group: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Integer arrays (wanted position, group, unit, document) of the counted
    codings, one row per code a coding counts for."""
    enc = encode(data)
    target = np.full(len(data.codes) + 1, -1, dtype=np.int64)  # last slot: unknown codes
    want_row = pd.Index(data.codes["code"]).get_indexer(pd.Index(wanted, dtype="str"))
    lineage = _lineage(data.codes, rollup)
    rows = np.flatnonzero(keep & (enc.code >= 0))
    code = enc.code[rows]
    if rollup:
        lengths = np.array([len(chain) for chain in lineage], dtype=np.int64)
        flat = np.array([a for chain in lineage for a in chain], dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        per_row = lengths[code]
        rows = np.repeat(rows, per_row)
        within = np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        code = flat[starts[np.repeat(code, per_row)] + within]
    target[want_row[want_row >= 0]] = np.flatnonzero(want_row >= 0)
    position = target[code]
    hit = position >= 0
    rows = rows[hit]
    return position[hit], group[rows], enc.unit[rows], enc.document[rows]


def _distinct(outer: np.ndarray, inner: np.ndarray, n_inner: int, size: int) -> np.ndarray:
    """Per ``outer`` id: the number of distinct ``inner`` ids."""
    if not len(outer):
        return np.zeros(size, dtype=np.int64)
    combined = np.sort(outer.astype(np.int64) * n_inner + inner)
    distinct = combined[np.concatenate(([True], combined[1:] != combined[:-1]))]
    return np.bincount(distinct // n_inner, minlength=size)


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
    ``organisations`` (same number) when ``by="organisation"``.

    Counted on integer ids (see :mod:`analysis.encoding`): a million
    codings take well under a second."""
    coding_keep, unit_keep = masks(data, filters)
    wanted = report_codes(data, codes, rollup, filters)
    coding_group, unit_group, keys = group_ids(data, by)
    code, group, unit, document = _counted(data, wanted, rollup, coding_keep, coding_group)
    enc = encode(data)
    n_keys = len(keys)
    kept_unit_groups = unit_group[unit_keep]
    group_words = np.bincount(
        kept_unit_groups,
        weights=data.units["words"].to_numpy()[unit_keep].astype(np.float64),
        minlength=n_keys,
    ).astype(np.int64)
    group_segments = np.bincount(kept_unit_groups, minlength=n_keys)
    present = np.flatnonzero(group_segments + np.bincount(group, minlength=n_keys)).tolist()
    present_keys = [keys[i] for i in present]
    labels = group_labels(data, by, present_keys)
    ordered = _ordered_groups(present_keys, labels)
    key_id = {k: i for i, k in enumerate(keys)}
    group_order = np.array([key_id[k] for k in ordered], dtype=np.int64)

    cell = code * n_keys + group
    size = len(wanted) * n_keys
    codings = np.bincount(cell, minlength=size).reshape(len(wanted), n_keys)
    segments = _distinct(cell, unit, enc.n_units, size).reshape(len(wanted), n_keys)
    documents = _distinct(cell, document, enc.n_documents, size).reshape(len(wanted), n_keys)
    n_groups = len(ordered)
    pick = (slice(None), group_order)
    table = pd.DataFrame(
        {
            "code": pd.array(np.repeat(wanted, n_groups), dtype="str"),
            "group": pd.array(np.tile(ordered, len(wanted)), dtype="str"),
            "codings": codings[pick].ravel().astype(np.int64),
            "segments": segments[pick].ravel().astype(np.int64),
            "documents": documents[pick].ravel().astype(np.int64),
        }
    )
    paths = dict(zip(data.codes["code"], data.codes["path"], strict=True))
    table.insert(1, "path", table["code"].map(paths).astype("str"))
    table.insert(3, "group_label", table["group"].map(labels).astype("str"))
    table["raised"] = table["segments"] > 0
    words = np.tile(group_words[group_order], len(wanted))
    units = np.tile(group_segments[group_order], len(wanted))
    with np.errstate(divide="ignore", invalid="ignore"):
        table["per_1000_words"] = np.where(words > 0, table["segments"] * 1000 / words, np.nan)
        table["pct_of_group_segments"] = np.where(
            units > 0, table["segments"] * 100 / units, np.nan
        )
    table["group_segments"] = units.astype(np.int64)
    table["group_words"] = words.astype(np.int64)
    counted = (table["raised"] & (table["group"] != NONE_LABEL)).to_numpy()
    per_code = (
        counted.reshape(len(wanted), n_groups).sum(axis=1)
        if n_groups
        else np.zeros(len(wanted), int)
    )
    table["groups"] = np.repeat(per_code, n_groups).astype(np.int64)
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


def raised_only(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the codes raised in at least one group: a code raised
    nowhere (every row ``raised`` false) is left out."""
    return table[table["code"].isin(set(table.loc[table["raised"], "code"]))]
