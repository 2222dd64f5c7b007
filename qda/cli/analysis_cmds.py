"""`python -m qda` commands: analysis (being written)."""


def register(sub) -> None:
    return None
