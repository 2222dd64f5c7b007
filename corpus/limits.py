"""How far an imported file may expand: the one place these limits are set.

A small file can unpack to a huge one (a zip "bomb": 1 MB of .docx holding
1 GiB of XML; an 874-byte .odt whose ``<text:s text:c="300000000"/>`` asks
for 300 million spaces). Every reader checks what it unpacks against the
limits below before it builds anything big, and refuses the file with one
line naming the file and the limit, e.g.
``interview.docx: word/document.xml unpacks to more than 128 MB (limit
QDA_LIMIT_XML_MB)``.

The defaults fit the largest real transcripts with room to spare (a
50 MB plain-text file imports). Each limit can be raised or lowered for one
process with the environment variable named in :data:`ENVIRONMENT`, e.g.
``QDA_LIMIT_TEXT_MB=200 python -m qda import ...``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what one imported file may expand to."""

    # Characters of one document's canonical text (the stored transcript).
    text_chars: int = 64 * MB
    # Bytes of one XML part (document.xml, content.xml, a codebook) as parsed.
    xml_bytes: int = 128 * MB
    # Nesting depth of XML elements (libxml2's own bound without huge trees).
    xml_depth: int = 256
    # Members of one zip archive (.docx, .odt, .xlsx are zip files).
    zip_members: int = 10_000
    # Bytes of all the members of one archive, uncompressed.
    zip_total_bytes: int = 512 * MB
    # Uncompressed / compressed size of one member, checked once it passes
    # ``ratio_floor`` bytes (small, very repetitive parts compress well and are harmless).
    zip_ratio: int = 100
    ratio_floor: int = 8 * MB
    # One run of repeated characters a format can ask for in a few bytes
    # (ODF ``<text:s text:c="N"/>`` spaces).
    repeat: int = 10_000


# Limit -> (environment variable, unit in bytes or 1 for a plain number).
ENVIRONMENT: dict[str, tuple[str, int]] = {
    "text_chars": ("QDA_LIMIT_TEXT_MB", MB),
    "xml_bytes": ("QDA_LIMIT_XML_MB", MB),
    "xml_depth": ("QDA_LIMIT_XML_DEPTH", 1),
    "zip_members": ("QDA_LIMIT_ZIP_MEMBERS", 1),
    "zip_total_bytes": ("QDA_LIMIT_ZIP_MB", MB),
    "zip_ratio": ("QDA_LIMIT_ZIP_RATIO", 1),
    "ratio_floor": ("QDA_LIMIT_RATIO_FLOOR_MB", MB),
    "repeat": ("QDA_LIMIT_REPEAT", 1),
}

DEFAULTS = Limits()


class BadLimit(Exception):
    """An environment variable sets a limit to something that is not a positive number."""


def from_environment(environ: Mapping[str, str] | None = None) -> Limits:
    """The defaults, overridden by any ``QDA_LIMIT_*`` variable in ``environ``
    (default: the process environment). Sizes in MB may be fractional."""
    environ = os.environ if environ is None else environ
    changes: dict[str, int] = {}
    for item in fields(Limits):
        variable, unit = ENVIRONMENT[item.name]
        raw = environ.get(variable)
        if raw is None or not raw.strip():
            continue
        try:
            value = float(raw) * unit
        except ValueError:
            value = 0.0
        if not value >= 1 or value == float("inf"):
            raise BadLimit(f"{variable}={raw!r}: a limit must be a positive number")
        changes[item.name] = int(value)
    return replace(DEFAULTS, **changes) if changes else DEFAULTS


def current() -> Limits:
    """The limits in force now (read from the environment on every call, so
    a test or a long-running app sees a change)."""
    return from_environment()


def describe(name: str, limits: Limits | None = None) -> str:
    """A limit as a refusal names it: ``"128 MB (limit QDA_LIMIT_XML_MB)"``.
    The text limit counts characters in units of 2**20 ("64 MB of text")."""
    limits = limits or current()
    variable, unit = ENVIRONMENT[name]
    value = getattr(limits, name)
    whole = value % MB == 0
    if name == "text_chars":
        amount = f"{value // MB} MB of text" if whole else f"{value:,} characters"
    elif unit == MB:
        amount = f"{value // MB} MB" if whole else f"{value:,} bytes"
    elif name == "zip_ratio":
        amount = f"{value}:1"
    else:
        amount = f"{value:,}"
    return f"{amount} (limit {variable})"
