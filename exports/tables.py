"""Excerpts as analysis-ready tables: DataFrame, CSV (for Excel) and XLSX.

Every string cell and every header is neutralised on the way out so a
spreadsheet never runs a participant's words (or a code, document or
attribute name) as a formula, and never starts a new row inside a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO, Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from exports.cells import needs_care, neutralise
from exports.model import Excerpt
from exports.pseudonyms import PseudonymKey

COLUMNS = [
    "code_path",
    "document",
    "document_kind",
    "date",
    "speaker",
    "organisation",
    "coder",
    "start",
    "end",
    "text",
    "memo",
]


def _neutralise_column(column: pd.Series) -> pd.Series:
    if column.dtype.kind in "biufcmM":
        return column
    values = column.tolist()
    risky = [i for i, v in enumerate(values) if needs_care(v)]
    if not risky:
        return column
    cleaned = list(values)
    for i in risky:
        cleaned[i] = neutralise(cleaned[i])
    return pd.Series(cleaned, index=column.index, dtype=column.dtype, name=column.name)


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every string cell and every column name neutralised."""
    safe = df.apply(_neutralise_column) if len(df.columns) else df.copy()
    if len(df.columns) and any(needs_care(str(c)) for c in df.columns):
        safe.columns = [neutralise(str(c)) for c in df.columns]
    return safe


def excerpts_frame(
    excerpts: Sequence[Excerpt],
    key: PseudonymKey | None = None,
    attribute_names: Sequence[str] = (),
    names: Literal["pseudonym", "real"] = "pseudonym",
) -> pd.DataFrame:
    """One row per excerpt, with ``COLUMNS`` then one column per attribute;
    when some coding began as an accepted suggestion, an ``origin`` column
    (the suggester, e.g. "rules") follows ``coder``.

    ``speaker`` and ``organisation`` are pseudonyms unless ``names="real"`` (a
    speaker without a pseudonym is left empty rather than named). With a ``key``,
    text, memo, document name and attribute values are pseudonymised too.
    ``attribute_names`` defaults to every attribute present, sorted.
    """
    if names not in ("pseudonym", "real"):
        raise ValueError(f"unknown names mode {names!r}")
    keep = key or PseudonymKey()
    clean, pseudonym_for = keep.applier(), keep.finder()
    if not attribute_names:
        attribute_names = sorted({name for e in excerpts for name in e.attributes})
    rows = []
    for e in excerpts:
        if names == "real":
            speaker, organisation = e.speaker, e.organisation
        else:
            speaker = e.participant_pseudonym or pseudonym_for(e.speaker)
            organisation = e.organisation_pseudonym or pseudonym_for(e.organisation)
        row = [
            e.code_path,
            clean(e.document_name),
            e.document_kind,
            e.document_date,
            speaker,
            organisation,
            e.coder,
            e.start,
            e.end,
            clean(e.text),
            clean(e.memo) if e.memo else e.memo,
        ]
        row.extend(clean(e.attributes.get(name) or "") or None for name in attribute_names)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*COLUMNS, *attribute_names], dtype=object)
    if any(e.origin for e in excerpts):  # codings accepted from a suggestion say so
        frame.insert(COLUMNS.index("coder") + 1, "origin", [e.origin or None for e in excerpts])
    frame["start"] = frame["start"].astype("int64")
    frame["end"] = frame["end"].astype("int64")
    return frame


def write_excerpts_csv(df: pd.DataFrame, out: BinaryIO) -> None:
    """UTF-8 with a byte-order mark, so Excel opens accents and curly quotes correctly."""
    out.write(neutralise_frame(df).to_csv(index=False).encode("utf-8-sig"))


def write_excerpts_xlsx(df: pd.DataFrame, out: BinaryIO, sheet: str = "Excerpts") -> None:
    """A single sheet with a bold, frozen header row (openpyxl write-only, for speed)."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    safe = neutralise_frame(df).astype(object)
    header = []
    for name in safe.columns:
        cell = WriteOnlyCell(worksheet, value=str(name))
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    safe = safe.where(safe.notna(), None)
    for row in safe.itertuples(index=False, name=None):
        worksheet.append(row)
    workbook.save(out)


def code_document_matrix(
    excerpts: Sequence[Excerpt], key: PseudonymKey | None = None
) -> pd.DataFrame:
    """Counts of excerpts per code (rows, by path) and document (columns, by name)."""
    clean = key.apply if key is not None else (lambda s: s)
    frame = pd.DataFrame(
        {
            "code_path": [e.code_path for e in excerpts],
            "document": [clean(e.document_name) for e in excerpts],
        }
    )
    if frame.empty:
        return pd.DataFrame(dtype="int64")
    matrix = pd.crosstab(frame["code_path"], frame["document"])
    matrix.index.name = "code_path"
    matrix.columns.name = "document"
    return matrix
