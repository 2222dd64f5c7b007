"""Typed values of case attributes and dates, checked and written one way.

Attribute values are stored as text in a canonical form: booleans as
``true``/``false``, numbers without thousands separators (integers without a
decimal point), dates as ``YYYY-MM`` or ``YYYY-MM-DD``. Every importer (case
tables, surveys, REFI-QDA) and every filter goes through these functions.
"""

from __future__ import annotations

import re
from datetime import date as _date

from qda.errors import InvalidInput

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ATTRIBUTE_TYPES = ("text", "number", "date", "boolean")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def infer_type(values: list[str]) -> str:
    """The narrowest type every non-empty value fits: boolean, number, date or text."""
    values = [v.strip() for v in values if v and v.strip()]
    if not values:
        return "text"
    if all(v.lower() in _TRUE | _FALSE for v in values) and any(v.isalpha() for v in values):
        return "boolean"
    if all(re.fullmatch(r"-?\d+(\.\d+)?", v.replace(",", "")) for v in values):
        return "number"
    if all(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", v) for v in values):
        return "date"
    return "text"


def normalise_value(value: str, type_: str, where: str) -> str:
    """``value`` in the canonical form of ``type_``; ``where`` names the cell in errors."""
    v = str(value).strip()
    if type_ == "boolean":
        if v.lower() in _TRUE:
            return "true"
        if v.lower() in _FALSE:
            return "false"
        raise InvalidInput(f"{where}: {v!r} is not yes/no")
    if type_ == "number":
        try:
            num = float(v.replace(",", ""))
        except ValueError:
            raise InvalidInput(f"{where}: {v!r} is not a number") from None
        return str(int(num)) if num.is_integer() else repr(num)
    if type_ == "date":
        if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", v):
            raise InvalidInput(f"{where}: {v!r} is not a date (YYYY-MM or YYYY-MM-DD)")
        if len(v) == 10:
            try:
                _date.fromisoformat(v)
            except ValueError:
                raise InvalidInput(f"{where}: {v!r} is not a real date") from None
    return v


def filter_forms(value) -> list[str]:
    """The stored forms a typed value given in a filter may take (yes/no are
    stored as true/false)."""
    v = str(value).strip().lower()
    return [v, "true"] if v in _TRUE else [v, "false"] if v in _FALSE else [v]


def check_date(date: str | None) -> str | None:
    """A document or classification date as given (YYYY, YYYY-MM, YYYY-MM-DD), or None."""
    if date in (None, ""):
        return None
    date = str(date).strip()
    if not DATE_RE.match(date):
        raise InvalidInput(f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return date
