"""Survey tables (CSV or .xlsx): respondents, their open answers and attributes.

One respondent's open-ended answers can become one document
(:func:`survey_to_document_text`): for each answered question, the column
header on a line of its own, a blank line, then the answer; questions are
separated by a blank line. Each answer is one turn whose speaker is the
respondent's id, whose ``label_start`` is the header and whose meta is
``{"question": <column header>}``. So the header is a paragraph of its own and
each answer's paragraphs and sentences belong to its turn.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import statistics
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import pandas as pd

from corpus.model import ImportFailed, ParsedDocument, Turn
from corpus.normalize import canonicalize, text_from_bytes
from corpus.segment import segment_text
from corpus.speakers import speaker_summary
from corpus.words import word_count

TABLE_EXTENSIONS = (".csv", ".tsv", ".xlsx")
_DELIMITERS = (",", ";", "\t", "|")
_ID_NAMES = re.compile(
    r"(?:case|respondent|participant|response|record|row|person|interviewee)?[ _-]*(?:id|no|number|code|#)?",
    re.I,
)
TEXT_MIN_MEDIAN_CHARS = 30
TEXT_MIN_MEDIAN_WORDS = 6


@dataclass
class Respondent:
    id: str
    answers: dict[str, str]  # every text column, "" when left blank
    attributes: dict[str, str]  # every attribute column, "" when missing


@dataclass
class Survey:
    id_column: str | None  # None: respondents are numbered 1, 2, ... in row order
    text_columns: list[str]
    attribute_columns: list[str]
    respondents: list[Respondent] = field(default_factory=list)


def read_table(filename: str, data: bytes) -> pd.DataFrame:
    """A CSV/TSV (encoding and delimiter detected) or the first sheet of an
    .xlsx as a DataFrame of strings (missing values are ``""``); column names
    are stripped, fully empty rows dropped."""
    ext = PurePath(filename).suffix.lower()
    if ext not in TABLE_EXTENSIONS:
        if ext == ".xls":
            raise ImportFailed(
                filename, "old Excel .xls files are not supported; save as .xlsx or CSV"
            )
        raise ImportFailed(
            filename, f"unsupported table type {ext or '(none)'!r}; use .csv, .tsv or .xlsx"
        )
    if not data:
        raise ImportFailed(filename, "the file is empty")
    frame = _read_xlsx(filename, data) if ext == ".xlsx" else _read_csv(filename, data, ext)
    frame.columns = [str(c).strip() or f"column {i + 1}" for i, c in enumerate(frame.columns)]
    if len(frame.columns) == 0:
        raise ImportFailed(filename, "the table has no columns")
    frame = frame.fillna("").astype(str)
    return frame[(frame != "").any(axis=1)].reset_index(drop=True)


def _read_csv(filename: str, data: bytes, ext: str) -> pd.DataFrame:
    text = text_from_bytes(data, filename)
    if not text.strip():
        raise ImportFailed(filename, "the file is empty")
    header = next(line for line in text.split("\n") if line.strip())
    sep = "\t" if ext == ".tsv" else max(_DELIMITERS, key=lambda d: (header.count(d), d == ","))
    try:
        return pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ImportFailed(filename, f"cannot read the table: {first}") from err


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


XLSX_DAMAGED = "not a valid .xlsx file (damaged, or not an Excel workbook)"


def _read_xlsx(filename: str, data: bytes) -> pd.DataFrame:
    import openpyxl

    from codebooks.xmlsafe import InvalidXML
    from corpus.archives import ZIP_ERRORS, check_package

    try:
        check_package(filename, data, XLSX_DAMAGED)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = [[_cell(v) for v in row] for row in workbook.active.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except InvalidXML as err:  # before ValueError, its base class
        raise ImportFailed(filename, f"the .xlsx content cannot be read: {err}") from None
    except (*ZIP_ERRORS, AttributeError, TypeError, IndexError, SyntaxError) as err:
        raise ImportFailed(filename, XLSX_DAMAGED) from err
    rows = [row for row in rows if any(v.strip() for v in row)]
    if not rows:
        raise ImportFailed(filename, "the workbook's first sheet is empty")
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    return pd.DataFrame(rows[1:], columns=rows[0])


def _is_free_text(values: pd.Series) -> bool:
    filled = [v for v in values if v.strip()]
    if not filled:
        return False
    chars = statistics.median(len(v) for v in filled)
    words = statistics.median(word_count(v) for v in filled)
    return chars > TEXT_MIN_MEDIAN_CHARS or words >= TEXT_MIN_MEDIAN_WORDS


def _guess_id_column(frame: pd.DataFrame) -> str | None:
    def usable(col: str) -> bool:
        values = frame[col].str.strip()
        return (
            bool(len(values))
            and (values != "").all()
            and values.is_unique
            and values.str.len().max() <= 40
        )

    named = [c for c in frame.columns if c.strip() and _ID_NAMES.fullmatch(c.strip())]
    for col in [*named, frame.columns[0]]:
        if usable(col) and not _is_free_text(frame[col]):
            return col
    return None


def read_survey(
    filename: str,
    data: bytes,
    id_column: str | None = None,
    text_columns: list[str] | None = None,
) -> Survey:
    """Respondents of a survey table.

    ``id_column`` defaults to a column named like an id (``id``, ``Case``,
    ``Respondent ID``...) or else the first column, if its values are unique
    and short; otherwise respondents are numbered from 1. ``text_columns``
    (the open-ended questions) default to the columns whose filled values are
    free text: median length over 30 characters or median of 6+ words. All
    other columns are attributes."""
    frame = read_table(filename, data)
    for col in [id_column, *(text_columns or [])]:
        if col is not None and col not in frame.columns:
            raise ImportFailed(filename, f"no column named {col!r}")
    if id_column is None:
        id_column = _guess_id_column(frame)
    elif not frame[id_column].str.strip().is_unique:
        dupes = frame[id_column][frame[id_column].str.strip().duplicated()].tolist()
        raise ImportFailed(
            filename, f"column {id_column!r} has duplicate ids: {', '.join(dupes[:3])}"
        )
    others = [c for c in frame.columns if c != id_column]
    if text_columns is None:
        text_columns = [c for c in others if _is_free_text(frame[c])]
    attributes = [c for c in others if c not in text_columns]
    respondents = []
    for number, row in enumerate(frame.to_dict("records"), start=1):
        rid = row[id_column].strip() if id_column else str(number)
        respondents.append(
            Respondent(
                rid,
                {c: canonicalize(row[c]) for c in text_columns},
                {c: row[c].strip() for c in attributes},
            )
        )
    return Survey(id_column, list(text_columns), attributes, respondents)


def survey_to_document_text(
    respondent: Respondent, text_columns: list[str] | None = None
) -> tuple[str, list[Turn]]:
    """One respondent's answers as a canonical text and one turn per answered
    question (see the module docstring for the layout)."""
    columns = list(respondent.answers) if text_columns is None else text_columns
    parts: list[str] = []
    turns: list[Turn] = []
    pos = 0
    for column in columns:
        answer = canonicalize(respondent.answers.get(column, "")).strip()
        if not answer:
            continue
        header = " ".join(canonicalize(column).split()) or "(untitled question)"
        if parts:
            parts.append("\n\n")
            pos += 2
        block = f"{header}\n\n{answer}"
        start = pos + len(header) + 2
        turns.append(Turn(start, start + len(answer), respondent.id, {"question": column}, pos))
        parts.append(block)
        pos += len(block)
    return "".join(parts), turns


def respondent_document(
    respondent: Respondent, text_columns: list[str] | None = None, nlp: Any = None
) -> ParsedDocument:
    """A respondent's answers as a stored-ready document named by their id,
    with the attributes in ``meta["attributes"]``."""
    text, turns = survey_to_document_text(respondent, text_columns)
    return ParsedDocument(
        name=respondent.id,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format="survey",
        segments=segment_text(text, turns, nlp),
        speakers=speaker_summary(turns),
        meta={"attributes": dict(respondent.attributes), "word_count": word_count(text)},
    )
