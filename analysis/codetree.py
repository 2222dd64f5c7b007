"""Helpers on the code tree held in ``AnalysisData.codes``."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from codebooks import tree


def code_labels(codes: pd.DataFrame) -> dict[str, str]:
    """Display label per code GUID: its path, prefixed with the framework
    ("culture: Hierarchy") only where two codes share a path."""
    paths = codes["path"].fillna(codes["name"]).astype(str)
    clash = paths.duplicated(keep=False)
    labels = paths.where(~clash, codes["framework"].fillna("").astype(str) + ": " + paths)
    return dict(zip(codes["code"], labels, strict=True))


def _parents(codes: pd.DataFrame) -> dict[str, str | None]:
    """``{code: parent}``, in frame order; a parent that is missing (NA) or not
    one of the codes counts as the top."""
    known = set(codes["code"])
    return {
        c: p if isinstance(p, str) and p in known else None
        for c, p in zip(codes["code"], codes["parent"], strict=True)
    }


def ancestor_pairs(codes: pd.DataFrame) -> pd.DataFrame:
    """Frame with one row per (code, ancestor), each code paired with itself
    too, so a merge on ``code`` rolls codings up to every ancestor."""
    parents = _parents(codes)
    rows = [
        (code, node) for code in codes["code"] for node in [code, *tree.ancestor_ids(parents, code)]
    ]
    return pd.DataFrame(rows, columns=["code", "ancestor"]).astype("str")


def with_descendants(codes: pd.DataFrame, selected: Iterable[str]) -> set[str]:
    """The selected codes and everything below them."""
    return set(tree.with_descendants(_parents(codes), selected))


def ordered_codes(codes: pd.DataFrame, selected: Iterable[str] | None = None) -> list[str]:
    """Code GUIDs in codebook order; ``selected`` keeps its own order."""
    if selected is not None:
        return list(dict.fromkeys(selected))
    return list(codes["code"])
