"""Spreadsheet codebooks: one code a row.

Columns (header names ignore case and surrounding spaces):

- ``path`` ("Bonding/Present", parents created as needed), or ``name`` with
  an optional ``parent`` (the parent's name or path);
- optional ``guid``, ``description`` (the code's definition; also read as
  ``definition`` or ``memo``, the first non-empty of them wins), ``inclusion``,
  ``exclusion``, ``example``, ``colour`` (or ``color``), ``codable``,
  ``keywords`` (separated by semicolons). ``tag`` is read as ``name`` (Taguette).

The definition is written in a ``description`` column, the name Taguette and
most spreadsheets of codes use, so they keep it.

A "/" inside a name is written ``\\/`` in the path column. Cells that a
spreadsheet would run as a formula ("=", "+", "-", "@") are written with a
leading apostrophe, which the reader removes again. Meta data and framework
names are not carried by CSV.
"""

from __future__ import annotations

import csv
import io
from typing import IO, Any

from codebooks._streams import read_text, source_name, write_text
from codebooks.errors import FormatError, InvalidCodebook
from codebooks.model import Code, Codebook, new_guid
from codebooks.tree import find_code, in_tree_order, path_parts, validate

ALIASES = {
    "description": "definition",
    "memo": "definition",
    "color": "colour",
    "code": "name",
    "tag": "name",
}
COLUMNS = (
    "path",
    "guid",
    "description",
    "inclusion",
    "exclusion",
    "example",
    "colour",
    "codable",
    "keywords",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TRUE = {"", "true", "yes", "y", "1"}
FALSE = {"false", "no", "n", "0"}


def split_path(path: str, sep: str = "/") -> list[str]:
    """Split a path on ``sep``; ``\\`` escapes a separator or backslash in a name."""
    parts, current, escaped = [], [], False
    for char in path:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == sep:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    parts.append("".join(current).strip())
    return parts


def join_path(names: list[str], sep: str = "/") -> str:
    """Join names into a path, escaping separators inside names."""
    return sep.join(n.replace("\\", "\\\\").replace(sep, "\\" + sep) for n in names)


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would treat as a formula;
    CR and CRLF inside the cell become LF (no bare CR can start a row)."""
    if cell.lstrip("'").startswith(FORMULA_START):
        cell = "'" + cell
    if "\r" in cell:
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return cell


def unneutralise(cell: str) -> str:
    """Undo ``neutralise``."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START):
        return cell[1:]
    return cell


def read_csv(fp: IO[Any], source: str | None = None) -> Codebook:
    """Read and validate a spreadsheet codebook (binary or text file object)."""
    source = source or source_name(fp)
    try:
        text = read_text(fp, source)
    except FormatError as err:
        raise InvalidCodebook(err.message, line=err.line, source=source) from None
    return _CsvReader(source).read(text)


class _CsvReader:
    def __init__(self, source: str | None) -> None:
        self.source = source
        self.lines: dict[int, int] = {}  # id(code) -> CSV line
        self.codes: list[Code] = []
        self.by_path: dict[tuple[str, ...], Code] = {}
        self.implicit: set[str] = set()

    def error(self, message: str, line: int | None, code: str | None = None) -> InvalidCodebook:
        return InvalidCodebook(message, code=code, line=line, source=self.source)

    def read(self, text: str) -> Codebook:
        rows = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(rows)]
        except StopIteration:
            raise self.error("the CSV file is empty", None) from None
        except csv.Error as err:
            raise self.error(f"malformed CSV: {err}", 1) from None
        if "path" not in header and "name" not in header:
            raise self.error("the CSV needs a 'path' or a 'name' column", 1)
        by_name: list[tuple[Code, str, int]] = []
        line = rows.line_num + 1
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as err:
                raise self.error(f"malformed CSV: {err}", line) from None
            cells: dict[str, str] = {}
            for key, value in zip(header, row, strict=False):
                if not cells.get(key):  # aliases: the first non-empty column wins
                    cells[key] = unneutralise(value.strip())
            if any(cells.values()):
                if cells.get("path"):
                    self.add_path(cells, line)
                else:
                    by_name.append((self.add_named(cells, line), cells.get("parent", ""), line))
            line = rows.line_num + 1
        self.resolve_parents(by_name)
        cb = Codebook(codes=in_tree_order(self.codes))
        validate(cb, source=self.source, lines=[self.lines.get(id(c)) for c in cb.codes])
        return cb

    def fill(self, code: Code, cells: dict[str, str], line: int) -> None:
        code.guid = cells.get("guid") or code.guid
        for key in ("definition", "inclusion", "exclusion", "example"):
            setattr(code, key, cells.get(key, ""))
        code.colour = cells.get("colour") or code.colour
        codable = cells.get("codable", "").lower()
        if codable not in TRUE | FALSE:
            raise self.error(f"'codable' must be true or false, not '{codable}'", line, code.name)
        code.codable = codable in TRUE
        code.keywords = [w.strip() for w in cells.get("keywords", "").split(";") if w.strip()]
        self.lines[id(code)] = line

    def add_path(self, cells: dict[str, str], line: int) -> None:
        names = split_path(cells["path"])
        if any(not name for name in names):
            raise self.error("empty code name", line, cells["path"])
        parent: str | None = None
        for depth in range(1, len(names)):
            key = tuple(n.casefold() for n in names[:depth])
            if key not in self.by_path:
                made = Code(name=names[depth - 1], parent=parent)
                self.by_path[key] = made
                self.implicit.add(made.guid)
                self.codes.append(made)
                self.lines[id(made)] = line
            parent = self.by_path[key].guid
        key = tuple(n.casefold() for n in names)
        code = self.by_path.get(key)
        if code is not None and code.guid not in self.implicit:
            raise self.error("duplicate code path", line, cells["path"])
        if code is None:
            code = Code(name=names[-1], parent=parent)
            self.by_path[key] = code
            self.codes.append(code)
        self.implicit.discard(code.guid)
        self.fill(code, cells, line)

    def add_named(self, cells: dict[str, str], line: int) -> Code:
        code = Code(name=cells.get("name", ""), guid=new_guid())
        self.fill(code, cells, line)
        self.codes.append(code)
        return code

    def resolve_parents(self, pending: list[tuple[Code, str, int]]) -> None:
        """Set parents named in the ``parent`` column: by name first, then by path."""
        paths = []
        for code, parent, line in pending:
            if not parent:
                continue
            found = [c for c in self.codes if c.name == parent] or [
                c for c in self.codes if c.name.casefold() == parent.casefold()
            ]
            if len(found) > 1:
                raise self.error(f"parent '{parent}' matches several codes", line, code.name)
            if found:
                code.parent = found[0].guid
            else:
                paths.append((code, parent, line))
        for code, parent, line in paths:
            try:
                code.parent = find_code(Codebook(codes=self.codes), parent).guid
            except (LookupError, InvalidCodebook):
                raise self.error(f"unknown parent '{parent}'", line, code.name) from None


def write_csv(cb: Codebook, out: IO[Any], *, bom: bool = True) -> None:
    """Write the codebook as CSV with a path column (UTF-8; a BOM helps Excel)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for code in in_tree_order(cb.codes):
        row = [
            join_path(path_parts(cb, code.guid)),
            code.guid,
            code.definition,
            code.inclusion,
            code.exclusion,
            code.example,
            code.colour,
            "true" if code.codable else "false",
            "; ".join(code.keywords),
        ]
        writer.writerow([neutralise(cell) for cell in row])
    write_text(out, buffer.getvalue(), bom=bom)
