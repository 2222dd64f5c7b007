"""`python -m qda` commands: export (being written)."""


def register(sub) -> None:
    return None
