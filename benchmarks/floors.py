"""The floor: the same work done by the bare libraries, with no logic of ours.

* spaCy ``blank("en")`` + ``sentencizer`` on the same text;
* a bare SQLAlchemy ``executemany`` insert of the same segment rows into an
  empty SQLite table (one transaction, like the product's import);
* python-docx writing the same paragraphs with ``add_paragraph``.

A product row's ratio to its floor says how much our own code adds.
This module is the one place in the repository outside ``qda/storage`` that
talks SQL, on purpose: it measures the database with nothing of ours on top.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, create_engine, insert


def sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(nlp: Any, texts: Sequence[str]) -> int:
    """Run the blank pipeline on each text; returns the number of sentences."""
    return sum(sum(1 for _ in nlp(t).sents) for t in texts)


def segment_rows(parsed_segments: Sequence[Any], document_id: int) -> list[dict]:
    """Rows shaped like the product's ``segments`` rows for one document."""
    ordinals: dict[str, int] = {}
    rows = []
    for seg in parsed_segments:
        n = ordinals[seg.kind] = ordinals.get(seg.kind, 0) + 1
        rows.append(
            {
                "guid": str(uuid.uuid4()),
                "document_id": document_id,
                "kind": seg.kind,
                "start": seg.start,
                "end": seg.end,
                "speaker_id": None,
                "ordinal": n,
                "meta": None,
            }
        )
    return rows


class BareTable:
    """An empty SQLite file with one table shaped like ``segments``."""

    def __init__(self, path: Path):
        path.unlink(missing_ok=True)
        self.engine = create_engine(f"sqlite:///{path}")
        metadata = MetaData()
        self.table = Table(
            "segments",
            metadata,
            Column("id", Integer, primary_key=True),
            Column("guid", String(36), nullable=False, unique=True),
            Column("document_id", Integer, nullable=False),
            Column("kind", String(10), nullable=False),
            Column("start", Integer, nullable=False),
            Column("end", Integer, nullable=False),
            Column("speaker_id", Integer),
            Column("ordinal", Integer, nullable=False),
            Column("meta", JSON),
        )
        metadata.create_all(self.engine)

    def insert(self, rows: list[dict]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(self.table), rows)

    def close(self) -> None:
        self.engine.dispose()


def plain_docx(paragraphs: Sequence[tuple[str, str | None]]) -> int:
    """python-docx writing ``(text, style)`` paragraphs, saved to memory."""
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style)
    out = io.BytesIO()
    document.save(out)
    return out.tell()
