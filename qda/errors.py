"""Errors the application core raises. Their message is shown to the user as is."""

from corpus.limits import BadLimit
from corpus.model import ImportFailed


class QDAError(Exception):
    """Base class: ``str(err)`` is one line a researcher can act on."""


class ProjectError(QDAError):
    pass


class UnknownSchemaVersion(ProjectError):
    pass


class NotFound(QDAError):
    pass


class Ambiguous(QDAError):
    pass


class InvalidInput(QDAError):
    pass


class AccessDenied(QDAError):
    """The signed-in user's role may not do this (see :mod:`qda.roles`)."""


class SignInFailed(QDAError):
    """Wrong name or password, a locked account or an expired session."""


class Busy(ProjectError):
    """Other writers held the project longer than a write may wait."""


class Conflict(QDAError):
    """An undo or redo that later changes stand in the way of."""


# What the command line and the app show as one line instead of a traceback:
# the core's errors, the readers' (a file that cannot be imported) and a
# QDA_LIMIT_* environment variable that is not a number.
USER_ERRORS: tuple[type[Exception], ...] = (QDAError, ImportFailed, BadLimit)


def os_error_line(err: OSError) -> str:
    """``"notes.csv: no such file or directory"``: an ``OSError`` as one line."""
    reason = (err.strerror or str(err)).strip()
    reason = reason[:1].lower() + reason[1:]
    return f"{err.filename}: {reason}" if err.filename else reason
