"""Spreadsheet cells that are safe to open: the one rule every CSV and XLSX
export follows (excerpts, matrices, analysis tables, the pseudonym key).

Pure Python with no imports, so that any layer can use it cheaply.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMULA_STARTS", "needs_care", "neutralise"]

# What a spreadsheet reads as the start of a formula (tab and CR too: some
# strip them and evaluate what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A string made safe for a spreadsheet cell: an apostrophe before
    anything a spreadsheet would read as a formula, and CR / CRLF line ends
    turned into LF (a bare CR, written unquoted in a CSV, starts a new row
    in Excel and LibreOffice; a cell with LF is always quoted). Other values
    are returned as they are."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def needs_care(value: Any) -> bool:
    """Whether :func:`neutralise` would change ``value``."""
    return type(value) is str and (value.startswith(FORMULA_STARTS) or "\r" in value)
