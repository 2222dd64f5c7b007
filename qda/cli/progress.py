"""A progress bar for long commands, on standard error.

On a terminal it redraws one line (``[#####.....]  50%  Writing 120 excerpts``)
at most ten times a second. When standard error is a file or a pipe it stays
silent, so logs and scripts see only results and errors; ``--quiet`` silences
it on a terminal too. Standard output is left alone for what the command prints.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, quiet: bool = False, stream: TextIO | None = None, width: int = 24):
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet or not bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = width
        self._message: str | None = None
        self._drawn = 0.0
        self._open = False

    def __call__(self, fraction: float, message: str) -> None:
        """Show ``fraction`` (0..1) done, now doing ``message``."""
        if self.quiet:
            return
        fraction = min(max(float(fraction), 0.0), 1.0)
        now = time.monotonic()
        if message == self._message and fraction < 1.0 and now - self._drawn < 0.1:
            return
        filled = round(self.width * fraction)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"\r[{bar}] {fraction:4.0%}  {message}"[:200]
        self.stream.write(line + "\x1b[K")
        self.stream.flush()
        self._message, self._drawn, self._open = message, now, True

    def steps(self):
        """A callback ``(i, n, name)`` for work counted in items (1-based ``i``)."""

        def step(i: int, n: int, name: str) -> None:
            if n > 1:  # one item: nothing worth a bar
                self((i - 1) / n, f"{name} ({i}/{n})")

        return step

    def close(self) -> None:
        """End the bar's line (a terminal) so the next output starts clean."""
        if self._open and not self.quiet:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
