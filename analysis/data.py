"""The input of every analysis: tidy frames built by the application core.

``AnalysisData`` is a plain container of pandas DataFrames, one per table of
the input contract (codings, units, documents, cases, attributes, codes,
classifications, duplicates). The application core builds it from storage;
tests build it from lists of rows with :func:`make_analysis_data`.

Offsets are Python ``str`` indices into a document's canonical text. GUIDs are
strings. Missing values (a coding without a linked participant, a document
without a date) are NA.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

# column -> kind ("str", "int", "bool", "object"); columns after "|" are optional
_SCHEMAS: dict[str, dict[str, str]] = {
    "codings": {
        "coding": "str",
        "document": "str",
        "start": "int",
        "end": "int",
        "code": "str",
        "coder": "str",
        "unit": "str",
        "participant": "str",
    },
    "units": {
        "unit": "str",
        "document": "str",
        "start": "int",
        "end": "int",
        "participant": "str",
        "words": "int",
    },
    "documents": {
        "document": "str",
        "name": "str",
        "kind": "str",
        "date": "str",
        "organisation": "str",
        "words": "int",
    },
    "cases": {
        "case": "str",
        "kind": "str",
        "name": "str",
        "pseudonym": "str",
        "organisation": "str",
    },
    "attributes": {"case": "str", "attribute": "str", "type": "str", "value": "str"},
    "codes": {
        "code": "str",
        "name": "str",
        "parent": "str",
        "path": "str",
        "colour": "str",
        "codable": "bool",
        "framework": "str",
        "meta": "object",
    },
    "classifications": {"case": "str", "scheme": "str", "value": "str", "as_of": "str"},
    "duplicates": {"document": "str", "start": "int", "end": "int"},
}

# columns that may be left out of the rows given to make_analysis_data
_DEFAULTS: dict[str, dict[str, Any]] = {
    "codings": {"coder": "", "participant": None},
    "units": {"participant": None, "words": 0},
    "documents": {"kind": "other", "date": None, "organisation": None, "words": 0},
    "cases": {"pseudonym": None, "organisation": None},
    "attributes": {"type": "text"},
    "codes": {
        "parent": None,
        "colour": "#9e9e9e",
        "codable": True,
        "framework": "",
        "meta": None,
    },
}


class AnalysisInputError(ValueError):
    """An input frame that breaks the contract, e.g. a missing column."""

    def __init__(self, message: str, frame: str):
        self.frame = frame
        super().__init__(f"{frame}: {message}")


@dataclass(frozen=True)
class AnalysisData:
    """Everything an analysis may look at. Frames are normalised on creation:
    contract columns present, GUIDs as strings, offsets and word counts as
    ``int64``. ``codings`` may carry an optional ``text`` column."""

    codings: pd.DataFrame
    units: pd.DataFrame
    documents: pd.DataFrame
    cases: pd.DataFrame
    attributes: pd.DataFrame
    codes: pd.DataFrame
    classifications: pd.DataFrame
    duplicates: pd.DataFrame

    def __post_init__(self) -> None:
        for f in fields(self):
            frame = getattr(self, f.name)
            object.__setattr__(self, f.name, _normalise(frame, f.name))

    @property
    def has_text(self) -> bool:
        """Whether codings carry their excerpt text."""
        return "text" in self.codings.columns

    def replace(self, **frames: pd.DataFrame) -> AnalysisData:
        """A copy with some frames replaced (frames are never modified in place)."""
        current = {f.name: getattr(self, f.name) for f in fields(self)}
        current.update(frames)
        return AnalysisData(**current)


def _normalise(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise AnalysisInputError(f"expected a DataFrame, got {type(frame).__name__}", name)
    schema = _SCHEMAS[name]
    defaults = _DEFAULTS.get(name, {})
    missing = [c for c in schema if c not in frame.columns and c not in defaults]
    if missing:
        raise AnalysisInputError(f"missing column(s) {', '.join(missing)}", name)
    out = frame.copy()
    for column, kind in schema.items():
        if column not in out.columns:
            out[column] = defaults[column]
        out[column] = _cast(out[column], kind, name, column)
    if name == "codings" and "text" in out.columns:
        out["text"] = _cast(out["text"], "str", name, "text")
    return out.reset_index(drop=True)


def _cast(values: pd.Series, kind: str, frame: str, column: str) -> pd.Series:
    if kind == "str":
        if values.dtype == "str":
            return values
        return values.map(lambda v: v if _isna(v) else str(v)).astype("str")
    if kind == "int":
        numbers = pd.to_numeric(values, errors="coerce")
        if numbers.isna().any():
            raise AnalysisInputError(f"column {column} needs whole numbers", frame)
        return numbers.astype("int64")
    if kind == "bool":
        return values.fillna(True).astype(bool)
    return values.map(lambda v: {} if _isna(v) else v).astype(object)


def _isna(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


def _frame(rows: pd.DataFrame | Iterable[Mapping[str, Any]] | None, name: str) -> pd.DataFrame:
    if isinstance(rows, pd.DataFrame):
        return rows
    records = list(rows or [])
    columns = list(_SCHEMAS[name])
    if name == "codings" and any("text" in r for r in records):
        columns.append("text")
    if not records:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return pd.DataFrame.from_records(records)


def make_analysis_data(
    codings: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
    units: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
    documents: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
    cases: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
    attributes: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
    codes: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
    classifications: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
    duplicates: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
) -> AnalysisData:
    """Build :class:`AnalysisData` from DataFrames or lists of row dicts.

    Any table may be left out (it becomes empty). Optional columns may be left
    out of the rows: ``coder`` (""), ``participant`` (NA), ``words`` (0),
    document ``kind`` ("other"), ``date``/``organisation`` (NA), case
    ``pseudonym``/``organisation`` (NA), attribute ``type`` ("text"), code
    ``parent`` (NA), ``colour``, ``codable`` (True), ``framework`` (""),
    ``meta`` ({})."""
    given = {
        "codings": codings,
        "units": units,
        "documents": documents,
        "cases": cases,
        "attributes": attributes,
        "codes": codes,
        "classifications": classifications,
        "duplicates": duplicates,
    }
    return AnalysisData(**{name: _frame(rows, name) for name, rows in given.items()})
