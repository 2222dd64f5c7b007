"""Typed errors raised by the codebook package.

Each error carries the user's context (which file, which line, which code) so
the UI and the CLI can show the message as it is.
"""

from __future__ import annotations


class FormatError(ValueError):
    """A file could not be read: base class of every import error here.

    ``str(error)`` reads like ``"codebook.yaml line 7: empty code name"``.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        source: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.source = source
        super().__init__(message)

    def _where(self) -> list[str]:
        if self.source and self.line is not None:
            return [f"{self.source} line {self.line}"]
        if self.line is not None:
            return [f"line {self.line}"]
        if self.source:
            return [self.source]
        return []

    def __str__(self) -> str:
        where = ", ".join(self._where())
        return f"{where}: {self.message}" if where else self.message


class InvalidCodebook(FormatError):
    """A codebook breaks a rule: empty name, duplicate sibling, cycle, ...

    ``code`` is the name or path of the offending code, when known;
    ``guid`` its GUID, when known (lets a UI highlight it).
    """

    def __init__(
        self,
        message: str,
        code: str | None = None,
        line: int | None = None,
        source: str | None = None,
        *,
        guid: str | None = None,
    ) -> None:
        self.code = code
        self.guid = guid
        super().__init__(message, line=line, source=source)

    def _where(self) -> list[str]:
        where = super()._where()
        if self.code is not None:
            where.append(f"code '{self.code}'")
        return where


class InvalidXML(FormatError):
    """An XML file is malformed (reused by every XML importer)."""


class UnsafeXML(InvalidXML):
    """An XML file declares entities (entity bombs, external entities)."""


class UnknownCode(LookupError):
    """No code matches a reference (GUID, path or name)."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(f"no code matches '{ref}'")

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousCode(LookupError):
    """A name matches several codes; ``candidates`` lists their paths."""

    def __init__(self, ref: str, candidates: list[str]) -> None:
        self.ref = ref
        self.candidates = candidates
        listed = ", ".join(f"'{c}'" for c in candidates)
        super().__init__(f"'{ref}' matches several codes: {listed}; use the full path")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownBuiltin(LookupError):
    """No built-in codebook has this name; ``available`` lists the names."""

    def __init__(self, name: str, available: list[str]) -> None:
        self.name = name
        self.available = available
        super().__init__(f"no built-in codebook called '{name}'; available: {', '.join(available)}")

    def __str__(self) -> str:
        return str(self.args[0])
