"""Project service: the analysis input built from the database, and passages
marked as duplicate.

:meth:`AnalysisService.data` reads each table once and assembles the
frames of :class:`analysis.data.AnalysisData`. Counting units are a
document's speaker turns, or its paragraphs where it has no turns (or the
whole document where it has neither). Each coding counts in one unit: its
own segment when that is a counting unit, else the unit containing its
start; a start between units (e.g. on a speaker label) counts in the next
unit, one after the last unit in the last. The mapping is a sorted
``merge_asof`` per document, so a million codings take no Python loop.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from analysis.data import AnalysisData
from analysis.filters import Filters, restrict
from qda.errors import InvalidInput, NotFound
from qda.services.base import Service
from qda.storage import analysis as analysis_q
from qda.storage import documents as docs_q
from qda.storage import schema

FILTER_FIELDS = tuple(Filters.__dataclass_fields__)


def as_filters(filters: Filters | Mapping[str, Any] | None) -> Filters | None:
    """A :class:`Filters` from itself or a mapping of its fields."""
    if filters is None or isinstance(filters, Filters):
        return filters
    unknown = set(filters) - set(FILTER_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown analysis filter(s): {', '.join(sorted(unknown))}")
    return Filters(**{k: v for k, v in filters.items() if v is not None})


def _code_paths(codes: pd.DataFrame) -> pd.DataFrame:
    """Codes in tree order (parents first, siblings by position) with paths."""
    children: dict[str | None, list[int]] = {}
    known = set(codes["guid"])
    for i, parent in enumerate(codes["parent"]):
        children.setdefault(parent if parent in known else None, []).append(i)
    order: list[int] = []
    paths: list[str] = []
    stack: list[tuple[int, str]] = [(i, "") for i in reversed(children.get(None, []))]
    while stack:
        i, prefix = stack.pop()
        path = f"{prefix}/{codes['name'].iat[i]}" if prefix else codes["name"].iat[i]
        order.append(i)
        paths.append(path)
        stack.extend((j, path) for j in reversed(children.get(codes["guid"].iat[i], [])))
    return codes.iloc[order].assign(path=paths).reset_index(drop=True)


def _units(raw: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Counting units: turns where a document has turns, else paragraphs,
    else the whole document (unit GUID = document GUID). Word counts are
    stored with the segments at import (migration 0003)."""
    has_turns = set(raw.loc[raw["kind"] == "turn", "document_id"])
    keep = (raw["kind"] == "turn") | ~raw["document_id"].isin(has_turns)
    units = raw[keep].drop(columns="kind")
    bare = docs[~docs["id"].isin(set(units["document_id"]))]
    whole = pd.DataFrame(
        {
            "id": -1,
            "guid": bare["guid"],
            "document_id": bare["id"],
            "start": 0,
            "end": bare["chars"],
            "words": bare["words"],
            "participant": None,
        }
    )
    units = pd.concat([units, whole], ignore_index=True) if len(whole) else units
    units = units.sort_values(["document_id", "start", "end"], kind="stable")
    units["words"] = units["words"].fillna(0).astype("int64")
    return units.reset_index(drop=True)


def _assign_units(codings: pd.DataFrame, units: pd.DataFrame) -> np.ndarray:
    """Row position in ``units`` of each coding's counting unit (-1: none)."""
    position = pd.Series(np.arange(len(units)), index=units["id"].to_numpy())
    position = position[position.index >= 0]
    result = codings["segment_id"].map(position).to_numpy(dtype="float64", na_value=np.nan)
    result = result.copy()
    todo = np.flatnonzero(np.isnan(result))
    if not len(todo) or not len(units):
        return np.nan_to_num(result, nan=-1).astype(np.int64)
    left = pd.DataFrame(
        {
            "document_id": codings["document_id"].to_numpy()[todo],
            "start": codings["start"].to_numpy()[todo],
            "row": todo,
        }
    ).sort_values("start", kind="stable")
    right = pd.DataFrame(
        {
            "document_id": units["document_id"].to_numpy(),
            "start": units["start"].to_numpy(),
            "unit_row": np.arange(len(units)),
        }
    ).sort_values("start", kind="stable")
    ends = units["end"].to_numpy()
    before = pd.merge_asof(left, right, on="start", by="document_id", direction="backward")
    after = pd.merge_asof(left, right, on="start", by="document_id", direction="forward")
    back = before["unit_row"].to_numpy(dtype="float64", na_value=np.nan)
    ahead = after["unit_row"].to_numpy(dtype="float64", na_value=np.nan)
    safe_back = np.nan_to_num(back, nan=0).astype(np.int64)
    inside = ~np.isnan(back) & (before["start"].to_numpy() < ends[safe_back])
    # inside a unit: that unit; in a gap (e.g. on a speaker label): the next unit
    chosen = np.where(inside, back, np.where(np.isnan(ahead), back, ahead))
    result[before["row"].to_numpy()] = chosen
    return np.nan_to_num(result, nan=-1).astype(np.int64)


class AnalysisService(Service):
    """The analysis tables and duplicate marking."""

    def data(
        self,
        filters: Filters | Mapping[str, Any] | None = None,
        with_text: bool = False,
    ) -> AnalysisData:
        """Everything the ``analysis`` package counts, from the database.

        ``filters`` (an :class:`analysis.filters.Filters` or a mapping of its
        fields) restrict codings and units as every analysis would; passages
        marked as duplicate stay in ``codings`` and are listed in
        ``duplicates`` (analyses drop them when counting). With
        ``with_text`` codings carry their excerpt in a ``text`` column."""
        chosen = as_filters(filters)
        with self._read() as conn:
            raw_codings = pd.DataFrame(analysis_q.coding_columns(conn))
            raw_units = pd.DataFrame(analysis_q.unit_columns(conn))
            docs = pd.DataFrame(analysis_q.document_columns(conn, with_text=with_text))
            cases = pd.DataFrame(analysis_q.case_columns(conn))
            attributes = pd.DataFrame(analysis_q.attribute_columns(conn))
            raw_codes = pd.DataFrame(analysis_q.code_columns(conn))
            coders = analysis_q.coder_names(conn)
            classifications = pd.DataFrame(analysis_q.classification_columns(conn))
            duplicates = pd.DataFrame(analysis_q.duplicate_rows(conn))
        units = _units(raw_units, docs)
        doc_guid = pd.Series(docs["guid"].to_numpy(), index=docs["id"].to_numpy())
        code_guid = pd.Series(raw_codes["guid"].to_numpy(), index=raw_codes["id"].to_numpy())
        unit_row = _assign_units(raw_codings, units)
        unit_guid = np.append(units["guid"].to_numpy(dtype=object), None)
        unit_participant = np.append(units["participant"].to_numpy(dtype=object), None)
        codings = pd.DataFrame(
            {
                "coding": raw_codings["guid"],
                "document": raw_codings["document_id"].map(doc_guid),
                "start": raw_codings["start"],
                "end": raw_codings["end"],
                "code": raw_codings["code_id"].map(code_guid),
                "coder": raw_codings["coder_id"].map(coders),
                "unit": unit_guid[unit_row],
                "participant": unit_participant[unit_row],
            }
        )
        if with_text:
            texts = dict(zip(docs["id"], docs["text"], strict=True))
            codings["text"] = [
                texts[d][s:e]
                for d, s, e in zip(
                    raw_codings["document_id"],
                    raw_codings["start"],
                    raw_codings["end"],
                    strict=True,
                )
            ]
        codes = _code_paths(raw_codes.drop(columns="id")).rename(columns={"guid": "code"})
        data = AnalysisData(
            codings=codings,
            units=pd.DataFrame(
                {
                    "unit": units["guid"],
                    "document": units["document_id"].map(doc_guid),
                    "start": units["start"],
                    "end": units["end"],
                    "participant": units["participant"],
                    "words": units["words"],
                }
            ),
            documents=docs.drop(columns=["id", "chars", "text"], errors="ignore").rename(
                columns={"guid": "document"}
            ),
            cases=cases,
            attributes=attributes,
            codes=codes,
            classifications=classifications,
            duplicates=duplicates.reindex(columns=["document", "start", "end"]),
        )
        return restrict(data, chosen)

    # -- passages marked as duplicate ------------------------------------------------------
    def mark_duplicate(
        self, document: str, start: int, end: int, note: str = "", coder: str | None = None
    ) -> str:
        """Mark ``[start, end)`` of a document as a duplicate passage: codings
        lying wholly inside it no longer count. Returns the mark's GUID
        (marking the same span again returns the existing one)."""
        with self._recorded("mark duplicate", "", coder) as rec:
            doc = docs_q.find_document(rec.conn, document)
            if doc is None:
                raise NotFound(f"no document {document!r}")
            length = len(doc["text"])
            if not (0 <= start < end <= length):
                raise InvalidInput(
                    f"duplicate span {start}-{end} is outside document {doc['name']!r} (0-{length})"
                )
            existing = analysis_q.duplicate_at(rec.conn, doc["id"], start, end)
            if existing is not None:
                return existing
            guid = str(uuid.uuid4())
            rec.insert(
                schema.duplicates,
                {"guid": guid, "document_id": doc["id"], "start": start, "end": end, "note": note},
            )
            rec.summary = f"Marked {start}-{end} of {doc['name']!r} as duplicate"
        return guid

    def unmark_duplicate(self, guid: str, coder: str | None = None) -> None:
        """Count the passage again."""
        with self._recorded("unmark duplicate", "", coder) as rec:
            row = analysis_q.duplicate_by_guid(rec.conn, guid)
            if row is None:
                raise NotFound(f"no duplicate mark {guid!r}")
            rec.delete(schema.duplicates, row["id"])
            rec.summary = f"Unmarked duplicate {row['start']}-{row['end']}"

    def duplicates(self) -> list[dict]:
        """Marked passages: guid, document (GUID), document_name, start, end, note."""
        with self._read() as conn:
            rows = analysis_q.duplicate_rows(conn)
        return [{k: v for k, v in r.items() if k != "id"} for r in rows]
