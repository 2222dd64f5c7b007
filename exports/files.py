"""Writing an export to its destination all at once.

An export is produced in memory first; only a complete file is moved into
place (a temporary file in the same folder, then an atomic rename), so a
failure half way leaves nothing behind and never clobbers an older export.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

Destination = str | os.PathLike | BinaryIO


def _read_umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


#: Exports get the permissions an ordinary new file gets (mkstemp would give 0600).
FILE_MODE = 0o666 & ~_read_umask()


def deliver(out: Destination, produce: Callable[[BinaryIO], None]) -> int:
    """Run ``produce`` into memory, then write the bytes to ``out``; returns the size.

    ``out`` is a path (written atomically) or a binary file object (written
    only once ``produce`` has finished).
    """
    buffer = io.BytesIO()
    produce(buffer)
    data = buffer.getvalue()
    if isinstance(out, str | os.PathLike):
        write_atomically(Path(out), data)
    else:
        out.write(data)
    return len(data)


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` to ``path`` via a temporary file in the same folder and a rename."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        os.chmod(temporary, FILE_MODE)
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
