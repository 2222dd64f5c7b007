"""Project facade: analysis (being written)."""


class AnalysisMixin:
    pass
