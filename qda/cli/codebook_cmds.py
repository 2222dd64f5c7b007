"""`python -m qda` commands: codebook (being written)."""


def register(sub) -> None:
    return None
