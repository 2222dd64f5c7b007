"""Code x document and code x attribute-value tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from analysis.codetree import code_labels
from analysis.data import AnalysisData
from analysis.filters import Filters, prepare
from analysis.frequency import coded_passages, report_codes
from analysis.groups import NONE_LABEL

TOTAL = "Total"


def code_document_matrix(
    data: AnalysisData,
    codes: Sequence[str] | None = None,
    rollup: bool = False,
    filters: Filters | None = None,
) -> pd.DataFrame:
    """0/1 DataFrame: index code GUIDs ("code"), columns document GUIDs
    ("document", in the order of ``data.documents``, only documents passing
    the filters). 1 where the document has at least one counted coding of
    the code. ``attrs["labels"]`` holds code paths, ``attrs["documents"]``
    document names."""
    prepared = prepare(data, filters)
    wanted = report_codes(prepared, codes, rollup, filters)
    documents = prepared.documents
    if filters is not None:
        kept = set(prepared.units["document"]) | set(prepared.codings["document"])
        documents = documents[documents["document"].isin(kept)]
    rows = coded_passages(prepared, by=None, rollup=rollup, columns=("document", "code"))
    rows = rows[rows["code"].isin(wanted)].drop_duplicates()
    present = pd.crosstab(rows["code"], rows["document"]).clip(upper=1)
    matrix = present.reindex(
        index=pd.Index(wanted, name="code", dtype="str"),
        columns=pd.Index(documents["document"], name="document", dtype="str"),
        fill_value=0,
    ).astype("int64")
    labels = code_labels(prepared.codes)
    matrix.attrs["labels"] = {c: labels.get(c, c) for c in wanted}
    matrix.attrs["documents"] = dict(zip(documents["document"], documents["name"], strict=True))
    return matrix


def crosstab(
    data: AnalysisData,
    attribute: str,
    codes: Sequence[str] | None = None,
    rollup: bool = False,
    filters: Filters | None = None,
    count: Literal["segments", "codings"] = "segments",
) -> pd.DataFrame:
    """Code x attribute value, e.g. themes by stakeholder group.

    ``attribute`` is anything :func:`analysis.groups.assign_groups` accepts
    (a case attribute name, "document kind", "year", ...). Rows: one per code
    (index: the code's path, named "code") and a "Total" row; columns: a
    two-level index, ``(count, value)`` counts and ``("row %", value)``
    shares of the row total, each with a "Total" column. Values are sorted,
    "(none)" last.

    Segments: a unit counts once per code. The "Total" column is the row sum
    (a unit has one value); the "Total" row counts distinct units coded with
    any of the listed codes, so it can be less than the column sum."""
    if count not in ("segments", "codings"):
        raise ValueError("count must be 'segments' or 'codings'")
    prepared = prepare(data, filters)
    wanted = report_codes(prepared, codes, rollup, filters)
    rows = coded_passages(prepared, by=attribute, rollup=rollup)
    rows = rows[rows["code"].isin(wanted)]
    values = sorted(set(rows["group"]), key=lambda v: (v == NONE_LABEL, v.casefold()))
    if count == "segments":
        body_rows = rows.drop_duplicates(["code", "unit"])
        total_rows = rows.drop_duplicates("unit")
    else:
        body_rows, total_rows = rows, rows
    body = pd.crosstab(body_rows["code"], body_rows["group"])
    body = body.reindex(index=wanted, columns=values, fill_value=0)
    body.loc[TOTAL] = total_rows["group"].value_counts().reindex(values, fill_value=0)
    body[TOTAL] = body[values].sum(axis=1)
    if count == "segments":
        body.loc[TOTAL, TOTAL] = len(total_rows)
    labels = code_labels(prepared.codes)
    body.index = pd.Index([labels.get(c, c) if c != TOTAL else TOTAL for c in body.index])
    body.index.name = "code"
    body = body.astype("int64")
    totals = body[TOTAL].where(body[TOTAL] > 0)
    shares = body.div(totals, axis=0).mul(100).fillna(0.0)
    table = pd.concat({count: body, "row %": shares}, axis=1)
    table.columns.names = ["measure", attribute]
    return table
