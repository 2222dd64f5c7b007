"""The voluntary organisation development continuum: phase x facet matrix.

Phase folders carry ``meta["phase_order"]`` (1 = Pre-start-up ... 4 =
Maturity); their sub-folders carry ``meta["facet"]`` ("emotions", "focus",
"assets"). A cell counts the codings made with the facet folder's
descendants, and shows one exemplar quote: the longest excerpt text in the
cell (ties: the earliest in document, then offset order), empty when codings
carry no text.
"""

from __future__ import annotations

import pandas as pd

from analysis.codetree import ancestor_pairs
from analysis.data import AnalysisData
from analysis.filters import Filters, prepare
from analysis.frequency import coded_passages
from analysis.groups import NONE_LABEL

FACETS = ("emotions", "focus", "assets")
PHASE_COLUMNS = [
    "phase", "phase_code", "phase_order", "facet", "codings", "segments", "organisations",
    "exemplar", "exemplar_coding",
]  # fmt: skip


def _meta_value(meta: object, key: str) -> object:
    return meta.get(key) if isinstance(meta, dict) else None


def _cells(codes: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, tuple[str, str]]]:
    """Phase folders (ordered) and, per coded code GUID, its (phase, facet)."""
    order = codes["meta"].map(lambda m: _meta_value(m, "phase_order"))
    phases = codes.assign(phase_order=pd.to_numeric(order, errors="coerce"))
    phases = phases[phases["phase_order"].notna()].sort_values("phase_order", kind="stable")
    facets = codes["meta"].map(lambda m: _meta_value(m, "facet"))
    facet_of = {
        c: str(f).lower() for c, f in zip(codes["code"], facets, strict=True) if isinstance(f, str)
    }
    pairs = ancestor_pairs(codes)
    phase_of = dict(
        pairs.loc[pairs["ancestor"].isin(set(phases["code"])), ["code", "ancestor"]].itertuples(
            index=False
        )
    )
    cell_of: dict[str, tuple[str, str]] = {}
    for code, ancestor in pairs.itertuples(index=False):
        if ancestor in facet_of and ancestor in phase_of:
            cell_of[code] = (phase_of[ancestor], facet_of[ancestor])
    return phases, cell_of


def phase_matrix(data: AnalysisData, filters: Filters | None = None) -> pd.DataFrame:
    """One row per (phase, facet), phases in ``phase_order``, facets in the
    order emotions, focus, assets; zeros included. Columns: ``phase`` (the
    phase folder's name), ``phase_code``, ``phase_order``, ``facet``,
    ``codings``, ``segments``, ``organisations`` (distinct organisations
    raising it), ``exemplar`` (quote text or "") and ``exemplar_coding``
    (its coding GUID or NA)."""
    prepared = prepare(data, filters)
    phases, cell_of = _cells(prepared.codes)
    columns = ("coding", "document", "start", "code", "unit", "participant")
    if prepared.has_text:
        columns = (*columns, "text")
    rows = coded_passages(prepared, by="organisation", columns=columns)
    cells = rows["code"].map(cell_of)
    rows = rows[cells.notna().to_numpy()]
    cells = cells.dropna()
    rows = rows.assign(
        phase_code=[c[0] for c in cells], facet=[c[1] for c in cells]
    ).drop_duplicates(["coding", "phase_code", "facet"])
    keys = ["phase_code", "facet"]
    grouped = rows.groupby(keys)
    counts = pd.DataFrame(
        {
            "codings": grouped.size(),
            "segments": grouped["unit"].nunique(),
            "organisations": rows[rows["group"] != NONE_LABEL].groupby(keys)["group"].nunique(),
        }
    )
    exemplars = _exemplars(rows, prepared)
    grid = pd.MultiIndex.from_product([list(phases["code"]), list(FACETS)], names=keys)
    table = counts.reindex(grid).fillna(0).astype("int64").join(exemplars).reset_index()
    names = dict(zip(phases["code"], phases["name"], strict=True))
    order = dict(zip(phases["code"], phases["phase_order"].astype("int64"), strict=True))
    table["phase"] = table["phase_code"].map(names).astype("str")
    table["phase_order"] = table["phase_code"].map(order).astype("int64")
    table["exemplar"] = table["exemplar"].fillna("").astype("str")
    table["exemplar_coding"] = table["exemplar_coding"].astype("str")
    return table[PHASE_COLUMNS]


def _exemplars(rows: pd.DataFrame, data: AnalysisData) -> pd.DataFrame:
    empty = pd.DataFrame(
        {"exemplar": pd.Series(dtype="str"), "exemplar_coding": pd.Series(dtype="str")},
        index=pd.MultiIndex.from_tuples([], names=["phase_code", "facet"]),
    )
    if "text" not in rows.columns:
        return empty
    quoted = rows[rows["text"].fillna("").str.strip() != ""]
    if quoted.empty:
        return empty
    document_order = {d: i for i, d in enumerate(data.documents["document"])}
    quoted = quoted.assign(
        length=quoted["text"].str.len(),
        document_rank=quoted["document"].map(document_order).fillna(len(document_order)),
    ).sort_values(
        ["length", "document_rank", "start"], ascending=[False, True, True], kind="stable"
    )
    best = quoted.drop_duplicates(["phase_code", "facet"]).set_index(["phase_code", "facet"])
    return best[["text", "coding"]].rename(
        columns={"text": "exemplar", "coding": "exemplar_coding"}
    )
