"""Opening a ``.qdpx`` zip from an untrusted source.

Refused: member paths that are absolute or climb out (``../``), more
members than any project needs, and zip bombs (a member or the whole
archive expanding far beyond sense, or at a ratio no text compresses to).
Members are read with a hard cap, so a lying size header does not help.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from exports.qdpx_model import Problem, QdpxError

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 4 * 2**30  # media may be large; we only ever read text members
MAX_MEMBER_BYTES = 256 * 2**20  # project.qde or one plain text
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 2**20
_DRIVE = re.compile(r"^[A-Za-z]:")


class SafeZip:
    """The members of a checked archive; :meth:`read` enforces the size caps."""

    def __init__(self, archive: zipfile.ZipFile, source: str) -> None:
        self._zip = archive
        self.source = source
        self._infos = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        self._folded = {name.casefold(): name for name in self._infos}

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def find(self, name: str) -> str | None:
        """The member called ``name`` (exactly, else ignoring case)."""
        name = name.replace("\\", "/").lstrip("/")
        if name in self._infos:
            return name
        return self._folded.get(name.casefold())

    def read(self, name: str) -> bytes:
        info = self._infos[name]
        with self._zip.open(info) as member:
            data = member.read(MAX_MEMBER_BYTES + 1)
        if len(data) > MAX_MEMBER_BYTES:
            raise QdpxError(
                f"{name} is larger than {MAX_MEMBER_BYTES // 2**20} MB (refused as a zip bomb)",
                self.source,
            )
        return data


def member_problems(archive: zipfile.ZipFile) -> list[Problem]:
    """Every unsafe member path and every size limit the archive breaks."""
    problems: list[Problem] = []
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        problems.append(
            Problem("archive", f"{len(infos)} members (more than {MAX_MEMBERS}): refused")
        )
    total = 0
    for info in infos:
        name = info.filename
        clean = name.replace("\\", "/")
        parts = clean.split("/")
        if clean.startswith("/") or _DRIVE.match(clean) or ".." in parts:
            problems.append(Problem(name, "unsafe path (absolute or ../): refused"))
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            problems.append(
                Problem(name, f"expands {ratio}:1 to {info.file_size} bytes (zip bomb): refused")
            )
    if total > MAX_TOTAL_BYTES:
        problems.append(
            Problem(
                "archive",
                f"expands to {total} bytes (more than {MAX_TOTAL_BYTES // 2**30} GB): refused",
            )
        )
    return problems


def open_zip(fp: IO[bytes], source: str) -> tuple[zipfile.ZipFile, list[Problem]]:
    """The archive and its problems; a file that is not a zip raises QdpxError."""
    try:
        archive = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise QdpxError(f"not a .qdpx (zip) file: {err}", source) from None
    return archive, member_problems(archive)


def open_safe(fp: IO[bytes], source: str) -> SafeZip:
    """Open and check an archive; the first problem found raises QdpxError."""
    archive, problems = open_zip(fp, source)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise QdpxError(f"{first}{more}", source)
    return SafeZip(archive, source)


def source_member(path: str | None, archive: SafeZip) -> tuple[str | None, str]:
    """The zip member a ``plainTextPath``/``richTextPath`` names, and why not.

    ``internal://x.txt`` lives in ``sources/``; a bare relative path (as
    QualCoder writes) is looked for in ``sources/`` and then at the root;
    ``relative://`` and ``absolute://`` point outside the archive."""
    if not path:
        return None, "no path given"
    if path.startswith(("relative://", "absolute://", "file://")) or _DRIVE.match(path):
        return None, f"{path} points outside the .qdpx file"
    bare = path.removeprefix("internal://")
    candidates = [f"sources/{bare}"]
    if not path.startswith("internal://"):
        candidates.append(bare)
    for candidate in candidates:
        found = archive.find(candidate)
        if found is not None:
            return found, ""
    return None, f"{candidates[0]} is missing from the .qdpx file"
