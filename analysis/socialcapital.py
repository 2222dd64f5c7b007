"""Bonding and bridging social capital (Putnam) per organisation.

The two codes are found by name ("Bonding", "Bridging", any case) among the
codes of the social-capital framework (framework name "socialcapital",
spaces, hyphens and case ignored); their subcodes (present, weakening/lost;
positive example, absent/deficit) are rolled up, so a unit coded with two
Bonding subcodes counts once.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.codetree import with_descendants
from analysis.data import AnalysisData
from analysis.filters import Filters, prepare
from analysis.frequency import coded_passages
from analysis.groups import NONE_LABEL, group_keys, group_labels

FRAMEWORK = "socialcapital"
TIES = ("bonding", "bridging")


def _framework_key(name: object) -> str:
    return re.sub(r"[^a-z]", "", str(name).casefold()) if isinstance(name, str) else ""


def tie_codes(codes: pd.DataFrame) -> dict[str, set[str]]:
    """Code GUIDs (with descendants) standing for each tie."""
    in_frame = codes[codes["framework"].map(_framework_key) == FRAMEWORK]
    names = in_frame["name"].str.strip().str.casefold()
    return {tie: with_descendants(codes, in_frame.loc[names == tie, "code"]) for tie in TIES}


def bonding_bridging(
    data: AnalysisData, by: str = "organisation", filters: Filters | None = None
) -> pd.DataFrame:
    """One row per group (organisations by default), ordered by label:
    ``group``, ``label``, ``bonding`` and ``bridging`` (segments coded with
    the tie or its subcodes), ``bonding_codings``, ``bridging_codings`` and
    ``bonding_share`` (bonding / (bonding + bridging) segments, NaN when
    both are 0). Groups with units but no such codings show zeros."""
    prepared = prepare(data, filters)
    ties = tie_codes(prepared.codes)
    rows = coded_passages(prepared, by=by)
    keys = [*group_keys(prepared.units, prepared, by).unique(), *rows["group"].unique()]
    labels = group_labels(prepared, by, keys)
    groups = sorted(set(keys), key=lambda k: (k == NONE_LABEL, labels[k].casefold(), k))
    table = pd.DataFrame({"group": pd.Series(groups, dtype="str")})
    table["label"] = table["group"].map(labels).astype("str")
    for tie in TIES:
        tied = rows[rows["code"].isin(ties[tie])]
        segments = tied.drop_duplicates(["group", "unit"])["group"].value_counts()
        table[tie] = table["group"].map(segments).fillna(0).astype("int64")
        codings = tied.drop_duplicates("coding")["group"].value_counts()
        table[f"{tie}_codings"] = table["group"].map(codings).fillna(0).astype("int64")
    both = table["bonding"] + table["bridging"]
    table["bonding_share"] = (table["bonding"] / both.where(both > 0)).astype("float64")
    return table[
        ["group", "label", "bonding", "bridging", "bonding_codings", "bridging_codings",
         "bonding_share"]
    ]  # fmt: skip
