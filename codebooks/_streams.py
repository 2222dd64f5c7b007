"""Reading and writing text on file objects that may be binary or text."""

from __future__ import annotations

import os
from typing import IO, Any

from codebooks.errors import FormatError


def source_name(fp: Any, default: str | None = None) -> str | None:
    """The base name of the file behind ``fp``, for error messages."""
    name = getattr(fp, "name", None)
    if isinstance(name, str) and name and not name.startswith("<"):
        return os.path.basename(name)
    return default


def read_text(fp: IO[Any], source: str | None) -> str:
    """The whole content of ``fp`` as text; UTF-8 with or without a BOM."""
    data = fp.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise FormatError("not UTF-8 text", line=line, source=source) from None
    return data.removeprefix("\ufeff")


def write_text(out: IO[Any], text: str, *, bom: bool = False) -> None:
    """Write ``text`` to a text stream, or as UTF-8 to a binary one."""
    if bom:
        text = "\ufeff" + text
    try:
        out.write(text)
    except TypeError:
        out.write(text.encode("utf-8"))
