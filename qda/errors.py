"""Errors the application core raises. Their message is shown to the user as is."""


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
