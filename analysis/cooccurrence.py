"""Code co-occurrence, e.g. egalitarianism x bridging deficit ("the clique").

Three ways for two codes to meet:

- ``segment``: both coded in the same counting unit; a cell counts units;
- ``overlap``: two codings whose spans overlap (share at least one
  character) in the same document; a cell counts such pairs of codings
  (spans that merely touch do not overlap);
- ``window``: codes in units at most ``window`` positions apart in the same
  document (units ordered by start); a cell counts pairs (unit coded with
  the one code, unit coded with the other), the same unit included, so
  ``window=0`` gives the segment counts.

The diagonal is always the number of units coded with the code.

Built on a sparse unit x code incidence matrix X: segment is X'X, window is
X'AX with A the band of neighbouring units, so a million codings take well
under a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.codetree import code_labels
from analysis.data import AnalysisData
from analysis.filters import Filters, prepare
from analysis.frequency import coded_passages, report_codes

Mode = Literal["segment", "overlap", "window"]


def _incidence(unit_index: np.ndarray, code_index: np.ndarray, n_units: int, n_codes: int):
    ones = np.ones(len(unit_index), dtype=np.int64)
    x = sparse.csr_matrix((ones, (unit_index, code_index)), shape=(n_units, n_codes))
    x.sum_duplicates()
    x.data[:] = 1
    return x


def _band(documents: np.ndarray, window: int):
    """Symmetric 0/1 matrix linking units (sorted by document, then start)
    at most ``window`` positions apart in the same document, self included."""
    n = len(documents)
    rows = [np.arange(n)]
    cols = [np.arange(n)]
    for shift in range(1, window + 1):
        if shift >= n:
            break
        first = np.flatnonzero(documents[:-shift] == documents[shift:])
        rows += [first, first + shift]
        cols += [first + shift, first]
    r = np.concatenate(rows)
    return sparse.csr_matrix((np.ones(len(r), dtype=np.int64), (r, np.concatenate(cols))), (n, n))


def _overlap_pairs(rows: pd.DataFrame, code_index: np.ndarray, n_codes: int) -> np.ndarray:
    """Code x code counts of overlapping coding pairs (different codes)."""
    nonempty = (rows["end"] > rows["start"]).to_numpy()
    doc = pd.factorize(rows["document"])[0][nonempty].astype(np.int64)
    start = rows["start"].to_numpy()[nonempty].astype(np.int64)
    end = rows["end"].to_numpy()[nonempty].astype(np.int64)
    coding = pd.factorize(rows["coding"])[0][nonempty]
    code = code_index[nonempty]
    if len(start) == 0:
        return np.zeros((n_codes, n_codes), dtype=np.int64)
    scale = int(end.max()) + 1
    order = np.lexsort((start, doc))
    start_key = doc[order] * scale + start[order]
    end_key = doc[order] * scale + end[order]
    # partners of i: the later spans (in start order) starting before i ends
    stop = np.searchsorted(start_key, end_key, side="left")
    counts = np.maximum(stop - np.arange(len(order)) - 1, 0)
    first = np.repeat(np.arange(len(order)), counts)
    run_start = np.repeat(np.cumsum(counts) - counts, counts)
    second = first + 1 + (np.arange(counts.sum()) - run_start)
    a, b = order[first], order[second]
    keep = (coding[a] != coding[b]) & (code[a] != code[b])
    ones = np.ones(int(keep.sum()), dtype=np.int64)
    pairs = sparse.coo_matrix((ones, (code[a][keep], code[b][keep])), (n_codes, n_codes))
    dense = pairs.toarray()
    return dense + dense.T


def cooccurrence(
    data: AnalysisData,
    mode: Mode = "segment",
    window: int = 1,
    codes: Sequence[str] | None = None,
    rollup: bool = False,
    filters: Filters | None = None,
) -> pd.DataFrame:
    """Square code x code DataFrame of counts (index and columns: code
    GUIDs, named "code"; ``attrs["labels"]`` maps GUIDs to code paths and
    ``attrs["mode"]`` records the mode). With ``rollup`` a parent also stands
    for its descendants."""
    if mode not in ("segment", "overlap", "window"):
        raise ValueError(f"unknown co-occurrence mode {mode!r}: segment, overlap or window")
    if window < 0:
        raise ValueError("window must be 0 or more")
    prepared = prepare(data, filters)
    wanted = report_codes(prepared, codes, rollup, filters)
    columns = ("coding", "document", "start", "end", "code", "unit")
    rows = coded_passages(prepared, by=None, rollup=rollup, columns=columns)
    position = pd.Series(np.arange(len(wanted)), index=pd.Index(wanted))
    code_index = rows["code"].map(position)
    rows = rows[code_index.notna().to_numpy()]
    code_index = code_index.dropna().to_numpy().astype(np.int64)
    n_codes = len(wanted)

    if mode == "window":
        units = prepared.units.sort_values(["document", "start", "end"], kind="stable")
        unit_position = pd.Series(np.arange(len(units)), index=units["unit"].to_numpy())
        unit_index = rows["unit"].map(unit_position)
        known = unit_index.notna().to_numpy()
        x = _incidence(
            unit_index[known].to_numpy().astype(np.int64), code_index[known], len(units), n_codes
        )
        band = _band(pd.factorize(units["document"])[0], window)
        counts = (x.T @ (band @ x)).toarray()
    else:
        unit_index, unit_keys = pd.factorize(rows["unit"])
        x = _incidence(unit_index, code_index, len(unit_keys), n_codes)
        if mode == "segment":
            counts = (x.T @ x).toarray()
        else:
            counts = _overlap_pairs(rows, code_index, n_codes)
    np.fill_diagonal(counts, np.asarray(x.sum(axis=0)).ravel())
    index = pd.Index(wanted, name="code", dtype="str")
    matrix = pd.DataFrame(counts.astype(np.int64), index=index, columns=index.copy())
    labels = code_labels(prepared.codes)
    matrix.attrs["labels"] = {c: labels.get(c, c) for c in wanted}
    matrix.attrs["mode"] = mode
    return matrix


def coded_only(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix restricted to the codes coded at least once (a diagonal
    above zero), keeping its ``attrs`` (labels, mode)."""
    keep = [c for i, c in enumerate(matrix.index) if matrix.iat[i, i] > 0]
    attrs = dict(matrix.attrs)
    out = matrix.loc[keep, keep]
    out.attrs.update(attrs)
    return out
