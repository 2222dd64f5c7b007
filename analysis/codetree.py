"""Helpers on the code tree held in ``AnalysisData.codes``."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def code_labels(codes: pd.DataFrame) -> dict[str, str]:
    """Display label per code GUID: its path, prefixed with the framework
    ("culture: Hierarchy") only where two codes share a path."""
    paths = codes["path"].fillna(codes["name"]).astype(str)
    clash = paths.duplicated(keep=False)
    labels = paths.where(~clash, codes["framework"].fillna("").astype(str) + ": " + paths)
    return dict(zip(codes["code"], labels, strict=True))


def _parents(codes: pd.DataFrame) -> dict[str, str]:
    known = set(codes["code"])
    return {
        c: p
        for c, p in zip(codes["code"], codes["parent"], strict=True)
        if isinstance(p, str) and p in known
    }


def ancestor_pairs(codes: pd.DataFrame) -> pd.DataFrame:
    """Frame with one row per (code, ancestor), each code paired with itself
    too, so a merge on ``code`` rolls codings up to every ancestor."""
    parents = _parents(codes)
    rows: list[tuple[str, str]] = []
    for code in codes["code"]:
        seen = set()
        node: str | None = code
        while node is not None and node not in seen:  # guard against cycles
            rows.append((code, node))
            seen.add(node)
            node = parents.get(node)
    return pd.DataFrame(rows, columns=["code", "ancestor"]).astype("str")


def with_descendants(codes: pd.DataFrame, selected: Iterable[str]) -> set[str]:
    """The selected codes and everything below them."""
    pairs = ancestor_pairs(codes)
    chosen = set(selected)
    return chosen | set(pairs.loc[pairs["ancestor"].isin(chosen), "code"])


def ordered_codes(codes: pd.DataFrame, selected: Iterable[str] | None = None) -> list[str]:
    """Code GUIDs in codebook order; ``selected`` keeps its own order."""
    if selected is not None:
        return list(dict.fromkeys(selected))
    return list(codes["code"])
