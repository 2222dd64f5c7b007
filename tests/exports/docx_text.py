"""Reading exported files back as a user's tools would: every text node, every cell."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(data: bytes) -> dict[str, list[str]]:
    """Paragraph texts of every XML part (body, comments, headers, footers,
    properties); runs are joined so a name split over runs is still found."""
    parts: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(archive.read(name))
            paragraphs = [
                "".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")
            ]
            if not paragraphs:  # docProps and the like: all text content
                paragraphs = ["".join(root.itertext())]
            parts[name] = paragraphs
    return parts


def docx_texts(data: bytes) -> list[str]:
    return [t for texts in docx_paragraphs(data).values() for t in texts]


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def file_texts(path: Path) -> list[str]:
    data = path.read_bytes()
    if path.suffix == ".docx":
        return docx_texts(data)
    if path.suffix == ".csv":
        return [c for row in csv_cells(data) for c in row]
    if path.suffix == ".xlsx":
        return [str(c) for row in xlsx_cells(data) for c in row if c is not None]
    raise ValueError(path)


def leaks(texts: list[str], names: list[str]) -> list[tuple[str, str]]:
    """``(name, text)`` for every whole-word, case-sensitive occurrence."""
    found = []
    for name in names:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        found.extend((name, t[:120]) for t in texts if pattern.search(t))
    return found
