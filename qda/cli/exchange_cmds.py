"""`python -m qda` commands: exchange (being written)."""


def register(sub) -> None:
    return None
