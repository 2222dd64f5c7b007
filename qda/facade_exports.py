"""Project facade: exports (being written)."""


class ExportsMixin:
    pass
