"""Project facade: exchange (being written)."""


class ExchangeMixin:
    pass
