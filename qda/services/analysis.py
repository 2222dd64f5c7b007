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
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis import cooccurrence, frequency, gridgroup, groups, matrices, phases, socialcapital
from analysis.charts import CHART_KINDS, FREQUENCY_VALUES
from analysis.data import AnalysisData
from analysis.downloads import MEDIA_TYPES
from analysis.filters import Filters, restrict
from codebooks import tree
from qda.errors import InvalidInput, NotFound
from qda.services.base import Service
from qda.storage import analysis as analysis_q
from qda.storage import codes as codes_q
from qda.storage import documents as docs_q
from qda.storage import schema

FILTER_FIELDS = tuple(Filters.__dataclass_fields__)
FREQUENCY_COLUMNS = frequency.FREQUENCY_COLUMNS
__all__ = [
    "AnalysisService",
    "CHART_KINDS",
    "FREQUENCY_COLUMNS",
    "FREQUENCY_VALUES",
    "MEDIA_TYPES",
]


def _checked(compute: Callable, *args: Any, **kwargs: Any):
    """Run an analysis, turning its ValueError (a bad grouping, value or
    date) into one line for the user."""
    try:
        return compute(*args, **kwargs)
    except ValueError as err:
        raise InvalidInput(str(err).splitlines()[0]) from err


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
    steps = tree.walk(zip(codes["guid"], codes["parent"], codes["name"], strict=True))
    order = [s.index for s in steps]
    return codes.iloc[order].assign(path=[s.path for s in steps]).reset_index(drop=True)


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
        real_names: bool = False,
    ) -> AnalysisData:
        """Everything the ``analysis`` package counts, from the database.

        ``filters`` (an :class:`analysis.filters.Filters` or a mapping of its
        fields) restrict codings and units as every analysis would; passages
        marked as duplicate stay in ``codings`` and are listed in
        ``duplicates`` (analyses drop them when counting). With
        ``with_text`` codings carry their excerpt in a ``text`` column; with
        ``real_names`` case pseudonyms are cleared so labels show real names
        (for a project whose pseudonyms are switched off)."""
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
        data = restrict(data, chosen)
        if real_names:
            return data.replace(cases=data.cases.assign(pseudonym=None))
        # labelled by pseudonyms: the texts a real name can be in go through the key,
        # and a case with no pseudonym yet is labelled as the key hides it ("[name]")
        key = self._project.exports.pseudonym_key()
        apply, find = key.applier(), key.finder()
        documents = data.documents.assign(name=data.documents["name"].map(apply))
        codings = data.codings
        if "text" in codings.columns:
            codings = codings.assign(text=codings["text"].map(apply))
        cases = data.cases
        if not cases.empty:
            missing = cases["pseudonym"].fillna("").str.strip() == ""
            cases = cases.assign(
                pseudonym=cases["pseudonym"].where(~missing, cases["name"].map(find))
            )
        return data.replace(documents=documents, codings=codings, cases=cases)

    def shown_data(self, with_text: bool = False) -> AnalysisData:
        """:meth:`data` labelled as the project's settings say: pseudonyms, or
        real names when pseudonyms are switched off."""
        show = bool(self.settings.get("show_pseudonyms", True))
        return self.data(with_text=with_text, real_names=not show)

    # -- the tables, each computed from ``data`` (default: :meth:`shown_data`) ----------------
    def _given(self, data: AnalysisData | None, with_text: bool = False) -> AnalysisData:
        return self.shown_data(with_text) if data is None else data

    def frequency(
        self,
        data: AnalysisData | None = None,
        *,
        by: str = "organisation",
        codes: Sequence[str] | None = None,
        rollup: bool = False,
        filters: Filters | Mapping[str, Any] | None = None,
        raised_only: bool | None = None,
    ) -> pd.DataFrame:
        """Theme frequency by ``by`` (:func:`analysis.frequency.frequency`).
        ``codes`` are references (GUID, path or unique name). Codes raised in
        no group are left out when ``raised_only`` (default: when no codes
        are named)."""
        table = _checked(
            frequency.frequency,
            self._given(data),
            by=by,
            codes=self._code_guids(codes),
            rollup=rollup,
            filters=as_filters(filters),
        )
        if raised_only if raised_only is not None else not codes:
            table = frequency.raised_only(table)
        return table

    def cooccurrence(
        self,
        data: AnalysisData | None = None,
        *,
        mode: str = "segment",
        window: int = 1,
        codes: Sequence[str] | None = None,
        rollup: bool = False,
        filters: Filters | Mapping[str, Any] | None = None,
        coded_only: bool | None = None,
    ) -> pd.DataFrame:
        """The code x code co-occurrence matrix; codes never coded are left
        out when ``coded_only`` (default: when no codes are named)."""
        matrix = _checked(
            cooccurrence.cooccurrence,
            self._given(data),
            mode,
            window,
            codes=self._code_guids(codes),
            rollup=rollup,
            filters=as_filters(filters),
        )
        if coded_only if coded_only is not None else not codes:
            matrix = cooccurrence.coded_only(matrix)
        return matrix

    def code_document(
        self, data: AnalysisData | None = None, *, rollup: bool = False, filters=None
    ) -> pd.DataFrame:
        """Segments per code and document, rows of codes coded somewhere,
        labelled by code path and document name."""
        matrix = _checked(
            matrices.code_document_matrix,
            self._given(data),
            rollup=rollup,
            filters=as_filters(filters),
        )
        matrix = matrix[matrix.sum(axis=1) > 0]
        named = matrix.rename(index=matrix.attrs["labels"], columns=matrix.attrs["documents"])
        named.index.name = "code"
        return named

    def crosstab(
        self,
        data: AnalysisData | None = None,
        *,
        attribute: str,
        rollup: bool = False,
        filters: Filters | Mapping[str, Any] | None = None,
    ) -> pd.DataFrame:
        """Codes by the values of a case attribute, with row % and totals;
        codes coded nowhere are left out."""
        table = _checked(
            matrices.crosstab,
            self._given(data),
            attribute,
            rollup=rollup,
            filters=as_filters(filters),
        )
        return table[table[("segments", "Total")] > 0]

    def gridgroup(
        self,
        data: AnalysisData | None = None,
        *,
        date: str | None = None,
        since: str | None = None,
        size: str | None = None,
        filters: Filters | Mapping[str, Any] | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """Grid/group positions as of ``date`` and, with ``since``, the
        movement from then."""
        data = self._given(data)
        positions = _checked(gridgroup.gridgroup_positions, data, date, size, as_filters(filters))
        movement = None
        if since:
            movement = _checked(
                gridgroup.gridgroup_movement, data, since, date or "9999", as_filters(filters)
            )
        return positions, movement

    def phases(self, data: AnalysisData | None = None, *, filters=None) -> pd.DataFrame:
        """The development-phase matrix with exemplar quotes (needs codings with text)."""
        return _checked(phases.phase_matrix, self._given(data, with_text=True), as_filters(filters))

    def bonding(
        self, data: AnalysisData | None = None, *, by: str = "organisation", filters=None
    ) -> pd.DataFrame:
        """Bonding against bridging codings per group."""
        return _checked(socialcapital.bonding_bridging, self._given(data), by, as_filters(filters))

    def groupings(self, data: AnalysisData | None = None) -> list[str]:
        """What frequency can be grouped by: the built-in groupings, then every attribute."""
        data = self._given(data)
        return [*groups.BUILT_IN_GROUPINGS, *sorted(set(data.attributes["attribute"]))]

    def group_labels(self, data: AnalysisData, by: str, keys) -> dict[str, str]:
        """The label shown for each group key (a pseudonym or a name)."""
        return groups.group_labels(data, by, keys)

    def numeric_attributes(self, data: AnalysisData | None = None) -> list[str]:
        """Attributes whose every value is a number (usable as bubble sizes)."""
        attrs = self._given(data).attributes
        numbers = pd.to_numeric(attrs["value"], errors="coerce").notna()
        every = numbers.groupby(attrs["attribute"]).all()
        return sorted(every[every].index)

    # -- figures and files ---------------------------------------------------------------------
    def figure(self, kind: str, table: pd.DataFrame, **options: Any):
        """The plotly figure of a table computed above: ``frequency_heatmap``
        and ``frequency_bars`` (``value=``), ``cooccurrence``, ``gridgroup``
        (``movement=``, ``size=``), ``phases``, ``bonding``."""
        from analysis import figures

        if kind == "frequency_heatmap":
            return figures.frequency_heatmap(table, options.get("value", "segments"))
        if kind == "frequency_bars":
            return figures.frequency_bars(table, options.get("value", "segments"))
        if kind == "cooccurrence":
            return figures.cooccurrence_heatmap(table)
        if kind == "gridgroup":
            return figures.gridgroup_figure(table, options.get("movement"), options.get("size"))
        if kind == "phases":
            return figures.phase_matrix_figure(table)
        if kind == "bonding":
            return figures.bonding_bridging_figure(table)
        raise InvalidInput(f"unknown figure {kind!r}")

    def chart(self, kind: str, data: AnalysisData | None = None, **options: Any):
        """The figure of a chart kind (:data:`CHART_KINDS`) computed from the
        data, as ``python -m qda chart`` saves it; ``codes`` are references."""
        from analysis.charts import chart

        options["codes"] = self._code_guids(options.get("codes"))
        return _checked(chart, self._given(data, with_text=kind == "phases"), kind, **options)

    @staticmethod
    def figure_file(fig, fmt: str) -> tuple[bytes, str, str | None]:
        """A figure as ``fmt`` (png, svg, html): (bytes, the format written,
        a note when PNG/SVG fell back to HTML because no browser is installed)."""
        from analysis.downloads import figure_bytes

        return figure_bytes(fig, fmt)

    @staticmethod
    def table_file(df: pd.DataFrame, fmt: str = "csv", sheet_name: str = "table") -> bytes:
        """A table as CSV or XLSX with formula-like cells neutralised."""
        from analysis.downloads import table_bytes

        return table_bytes(df, fmt, sheet_name=sheet_name)

    @staticmethod
    def can_draw_images() -> bool:
        """Whether PNG and SVG can be drawn (a Chromium is installed)."""
        from analysis.downloads import find_browser

        return find_browser() is not None

    def _code_guids(self, refs: Sequence[str] | None) -> list[str] | None:
        if not refs:
            return None
        with self._read() as conn:
            return [codes_q.resolve_code(conn, ref)["guid"] for ref in refs]

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
