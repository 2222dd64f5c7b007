"""Filters applied the same way by every analysis, and the exclusion of
passages marked as duplicates.

:func:`prepare` is the single entry every analysis goes through: it drops
codings inside duplicate passages, then keeps the codings and counting units
that pass the filters. Units are the denominators (words, segments of a
group), so filters on codes and coders leave them alone while filters on
documents, organisations and participants restrict them too.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.codetree import with_descendants
from analysis.data import AnalysisData
from analysis.groups import group_keys


@dataclass(frozen=True)
class Filters:
    """What to keep. ``None`` means no restriction.

    - ``codes``: code GUIDs; a code brings its descendants along.
    - ``coders``: coder names.
    - ``organisations``: organisation case GUIDs, matched against the
      organisation a passage counts for (speaker's, else document's).
    - ``document_kinds``: e.g. "interview", "focus group".
    - ``date_from``/``date_to``: inclusive bounds on the document date, given
      as "YYYY", "YYYY-MM" or "YYYY-MM-DD" (compared at that precision);
      undated documents are dropped when a bound is set.
    - ``participants``: participant case GUIDs (who spoke the passage).
    """

    codes: Collection[str] | None = None
    coders: Collection[str] | None = None
    organisations: Collection[str] | None = None
    document_kinds: Collection[str] | None = None
    date_from: str | None = None
    date_to: str | None = None
    participants: Collection[str] | None = None


def duplicate_mask(codings: pd.DataFrame, duplicates: pd.DataFrame) -> np.ndarray:
    """True for each coding lying wholly inside a passage marked as duplicate."""
    inside_any = np.zeros(len(codings), dtype=bool)
    if duplicates.empty or codings.empty:
        return inside_any
    in_dup_docs = codings["document"].isin(set(duplicates["document"])).to_numpy()
    candidates = codings.loc[in_dup_docs, ["document", "start", "end"]]
    candidates = candidates.assign(row=np.flatnonzero(in_dup_docs))
    pairs = candidates.merge(duplicates, on="document", suffixes=("", "_dup"))
    inside = (pairs["start"] >= pairs["start_dup"]) & (pairs["end"] <= pairs["end_dup"])
    inside_any[pairs.loc[inside, "row"].to_numpy()] = True
    return inside_any


def exclude_duplicates(codings: pd.DataFrame, duplicates: pd.DataFrame) -> pd.DataFrame:
    """Codings not lying wholly inside a passage marked as duplicate."""
    if duplicates.empty or codings.empty:
        return codings
    return codings[~duplicate_mask(codings, duplicates)]


def _document_mask(data: AnalysisData, filters: Filters) -> set[str] | None:
    """Documents passing the kind and date filters (None: all of them)."""
    if filters.document_kinds is None and filters.date_from is None and filters.date_to is None:
        return None
    docs = data.documents
    keep = pd.Series(True, index=docs.index)
    if filters.document_kinds is not None:
        keep &= docs["kind"].isin(set(filters.document_kinds))
    dates = docs["date"]
    if filters.date_from is not None:
        bound = str(filters.date_from)
        keep &= dates.str[: len(bound)].fillna("") >= bound
        keep &= dates.notna()
    if filters.date_to is not None:
        bound = str(filters.date_to)
        keep &= (dates.str[: len(bound)] <= bound).fillna(False).astype(bool)
        keep &= dates.notna()
    return set(docs.loc[keep, "document"])


def _passage_mask(frame: pd.DataFrame, data: AnalysisData, filters: Filters) -> pd.Series:
    """Filters shared by codings and units: documents, organisations, speakers."""
    keep = pd.Series(True, index=frame.index)
    documents = _document_mask(data, filters)
    if documents is not None:
        keep &= frame["document"].isin(documents)
    if filters.organisations is not None:
        keep &= group_keys(frame, data, "organisation").isin(set(filters.organisations))
    if filters.participants is not None:
        keep &= frame["participant"].isin(set(filters.participants))
    return keep


def _kept(
    data: AnalysisData, codings: pd.DataFrame, filters: Filters | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    units = data.units
    if filters is None:
        return codings, units
    keep = _passage_mask(codings, data, filters)
    if filters.codes is not None:
        keep &= codings["code"].isin(with_descendants(data.codes, filters.codes))
    if filters.coders is not None:
        keep &= codings["coder"].isin(set(filters.coders))
    return codings[keep], units[_passage_mask(units, data, filters)]


def prepare(data: AnalysisData, filters: Filters | None = None) -> AnalysisData:
    """The data an analysis counts: duplicates dropped, filters applied."""
    codings, units = _kept(data, exclude_duplicates(data.codings, data.duplicates), filters)
    return data.replace(codings=codings, units=units)


def masks(data: AnalysisData, filters: Filters | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks over ``data.codings`` and ``data.units``: what
    :func:`prepare` keeps, without building the filtered frames."""
    coding_keep = ~duplicate_mask(data.codings, data.duplicates)
    unit_keep = np.ones(len(data.units), dtype=bool)
    if filters is None:
        return coding_keep, unit_keep
    codings = data.codings
    coding_keep &= _passage_mask(codings, data, filters).to_numpy()
    if filters.codes is not None:
        coding_keep &= codings["code"].isin(with_descendants(data.codes, filters.codes)).to_numpy()
    if filters.coders is not None:
        coding_keep &= codings["coder"].isin(set(filters.coders)).to_numpy()
    unit_keep &= _passage_mask(data.units, data, filters).to_numpy()
    return coding_keep, unit_keep


def restrict(data: AnalysisData, filters: Filters | None = None) -> AnalysisData:
    """The codings and units passing ``filters``, duplicates left in place
    (:func:`prepare` drops them when counting)."""
    codings, units = _kept(data, data.codings, filters)
    return data.replace(codings=codings, units=units)
