"""Opening the zip files that .docx, .odt and .xlsx are, within the limits.

:func:`unpack` reads every member of an archive as a stream, counting the
bytes it really gets (a member's declared size may lie), and stops at the
first limit of :mod:`corpus.limits` that is passed: the number of members,
the total uncompressed size, one member's compression ratio. Nothing larger
than a limit is ever held in memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

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
            f"{info.filename} is compressed more than "
            f"{_limits.describe('zip_ratio', limits)} (a zip bomb?)",
        )
