"""Opening the zip files that .docx, .odt and .xlsx are, within the limits.

:func:`unpack` reads every member of an archive as a stream, counting the
bytes it really gets (a member's declared size may lie), and stops at the
first limit of :mod:`corpus.limits` that is passed: the number of members,
the total uncompressed size, one member's compression ratio. Nothing larger
than a limit is ever held in memory. :func:`check_package` also parses the
XML parts of an Office package safely.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import PurePosixPath

from codebooks.xmlsafe import parse_xml
from corpus import limits as _limits
from corpus.model import ImportFailed

_CHUNK = 1 << 20

# What zipfile raises for a damaged, truncated, encrypted or exotic archive.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    RuntimeError,
    NotImplementedError,
    OSError,
    ValueError,
    KeyError,
)


def unpack(
    filename: str,
    data: bytes,
    keep: Callable[[str], bool],
    damaged: str,
    limits: _limits.Limits | None = None,
) -> dict[str, bytes]:
    """Check every member of the archive ``data`` and return the bytes of
    those whose name ``keep`` accepts (the XML parts to parse: each at most
    ``limits.xml_bytes``). Raises ``ImportFailed`` naming
    ``filename`` (and the member) when a limit is passed, and with the reason
    ``damaged`` when the archive cannot be read."""
    limits = limits or _limits.current()
    kept: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > limits.zip_members:
                raise ImportFailed(
                    filename,
                    f"the archive has {len(members):,} members, more than "
                    f"{_limits.describe('zip_members', limits)}",
                )
            total = 0
            for info in members:
                if info.is_dir():
                    continue
                chunks: list[bytes] | None = [] if keep(info.filename) else None
                size = 0
                with archive.open(info) as stream:
                    while chunk := stream.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        _check_sizes(filename, info, size, total, limits)
                        if chunks is not None and size > limits.xml_bytes:
                            raise ImportFailed(
                                filename,
                                f"{info.filename} unpacks to more than "
                                f"{_limits.describe('xml_bytes', limits)}",
                            )
                        if chunks is not None:
                            chunks.append(chunk)
                if chunks is not None:
                    kept[info.filename] = b"".join(chunks)
    except ImportFailed:
        raise
    except ZIP_ERRORS as err:
        raise ImportFailed(filename, damaged) from err
    return kept


def _check_sizes(
    filename: str, info: zipfile.ZipInfo, size: int, total: int, limits: _limits.Limits
) -> None:
    if total > limits.zip_total_bytes:
        raise ImportFailed(
            filename,
            f"the archive unpacks to more than {_limits.describe('zip_total_bytes', limits)}",
        )
    if size > limits.ratio_floor and size > limits.zip_ratio * max(info.compress_size, 1):
        raise ImportFailed(
            filename,
            f"{info.filename} unpacks to more than {limits.zip_ratio} times its compressed "
            f"size, like a zip bomb (limit {_limits.ENVIRONMENT['zip_ratio'][0]})",
        )


_CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def check_package(filename: str, data: bytes, damaged: str) -> None:
    """Unpack an Office Open XML package (.docx, .xlsx) within the limits and
    parse its XML parts (``[Content_Types].xml``, ``*.rels``, ``*.xml`` and
    any other part whose content type is XML) with the hardened parser before
    python-docx or openpyxl parse them with their own, so that entity
    declarations are refused with a clear error (``InvalidXML``). Embedded
    images (an SVG too) are not read as XML."""
    parts = unpack(filename, data, lambda name: name.endswith((".xml", ".rels")), damaged)
    for name, blob in parts.items():
        parse_xml(blob, name)
    if _CONTENT_TYPES not in parts:
        return
    types = parse_xml(parts[_CONTENT_TYPES], _CONTENT_TYPES)
    xml_names = {
        e.get("PartName", "").lstrip("/")
        for e in types.iter(f"{_CT_NS}Override")
        if _is_xml_type(e.get("ContentType", ""))
    }
    xml_endings = {
        "." + e.get("Extension", "").lower()
        for e in types.iter(f"{_CT_NS}Default")
        if _is_xml_type(e.get("ContentType", ""))
    }
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name in parts:
                continue
            if name in xml_names or PurePosixPath(name).suffix.lower() in xml_endings:
                parse_xml(archive.read(name), name)  # its size was checked by unpack


def _is_xml_type(content_type: str) -> bool:
    content_type = content_type.split(";")[0].strip().lower()
    return content_type.endswith(("/xml", "+xml")) and not content_type.startswith("image/")
