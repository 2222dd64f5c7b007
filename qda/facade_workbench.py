"""Project facade: workbench (being written)."""


class WorkbenchMixin:
    pass
