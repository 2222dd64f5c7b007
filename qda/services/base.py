"""What every service has: its project and the project's shared unit of work."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qda.project import Project


# What long operations report: the fraction done (0..1) and what is being done.
Progress = Callable[[float, str], None] | None


def tell(progress: Progress, fraction: float, message: str) -> None:
    """Report to ``progress`` when there is one."""
    if progress is not None:
        progress(fraction, message)


class Service:
    def __init__(self, project: Project):
        self._project = project
        self._work = project.work

    def _read(self):
        return self._work.read()

    def _write(self):
        return self._work.write()

    def _recorded(self, action: str, summary: str, coder: str | None = None):
        return self._work.recorded(action, summary, coder)

    @property
    def settings(self) -> dict:
        return self._project.settings
