"""Grid/group (cultural theory) positions of organisations, and movement.

An organisation's position comes from a dated classification in the
"culture" scheme when one exists at or before the date asked for; otherwise
it is derived from its coded segments: the shares of its units coded with
each of the four culture codes (codes whose ``meta`` holds ``grid`` and
``group``, subcodes rolled up) weight the four quadrant centres.

Coordinates: ``x`` is grid, ``y`` is group, both in [-1, 1]; quadrant
centres sit at +/-0.5 (high = +0.5, low = -0.5), so a classified
organisation sits at its quadrant's centre and a derived one at the weighted
mean of the centres.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.codetree import ancestor_pairs
from analysis.data import AnalysisData
from analysis.filters import Filters, prepare
from analysis.frequency import coded_passages
from analysis.groups import NONE_LABEL, group_labels

# culture -> (grid, group), in the order used to break ties between shares
CULTURES: dict[str, tuple[str, str]] = {
    "Hierarchy": ("high", "high"),
    "Egalitarianism": ("low", "high"),
    "Individualism": ("low", "low"),
    "Fatalism": ("high", "low"),
}
CENTRE = {"high": 0.5, "low": -0.5}
CULTURE_SCHEME = "culture"
SOURCE_CLASSIFICATION = "classification"
SOURCE_DERIVED = "derived from coded segments"
SHARE_COLUMNS = [f"share_{name.lower()}" for name in CULTURES]
POSITION_COLUMNS = [
    "organisation", "label", "x", "y", "culture", "source", "as_of", "segments", "size",
    *SHARE_COLUMNS,
]  # fmt: skip

_ALIASES = {
    alias: culture
    for culture, aliases in {
        "Hierarchy": ("hierarchy", "hierarchist", "hierarchical", "hierarchism"),
        "Egalitarianism": ("egalitarianism", "egalitarian", "enclave"),
        "Individualism": ("individualism", "individualist", "individualistic"),
        "Fatalism": ("fatalism", "fatalist", "fatalistic", "isolate"),
    }.items()
    for alias in aliases
}


def culture_of(value: object) -> str | None:
    """Canonical culture name for a classification value, or None."""
    if not isinstance(value, str):
        return None
    return _ALIASES.get(value.strip().casefold())


def _period_start(value: str) -> str:
    parts = value.strip()[:10].split("-")
    return "-".join([*parts, *["01"] * (3 - len(parts))])


def _period_end(value: str) -> str:
    """Last day named by "YYYY", "YYYY-MM" or a full date ("-31" is fine for
    string comparison in any month)."""
    text = value.strip()[:10]
    padding = {1: "-12-31", 2: "-31"}
    return text + padding.get(len(text.split("-")), "")


def culture_codes(codes: pd.DataFrame) -> dict[str, str]:
    """Culture per code GUID: codes whose meta names a grid/group pair, and
    their descendants."""
    direct = {}
    for code, meta in zip(codes["code"], codes["meta"], strict=True):
        if isinstance(meta, dict):
            pair = (str(meta.get("grid", "")).lower(), str(meta.get("group", "")).lower())
            for culture, quadrant in CULTURES.items():
                if pair == quadrant:
                    direct[code] = culture
    pairs = ancestor_pairs(codes)
    pairs = pairs[pairs["ancestor"].isin(direct)]
    return {c: direct[a] for c, a in zip(pairs["code"], pairs["ancestor"], strict=True)}


def _classified(data: AnalysisData, date: str | None) -> pd.DataFrame:
    rows = data.classifications[data.classifications["scheme"] == CULTURE_SCHEME]
    rows = rows.assign(culture=rows["value"].map(culture_of))
    rows = rows[rows["culture"].notna() & rows["as_of"].notna()]
    rows = rows.assign(start=rows["as_of"].map(_period_start))
    if date is not None:
        rows = rows[rows["start"] <= _period_end(date)]
    latest = rows.sort_values(["case", "start"], kind="stable").drop_duplicates("case", keep="last")
    return latest.set_index("case")[["culture", "as_of"]]


def _derived(data: AnalysisData, date: str | None) -> pd.DataFrame:
    """Per organisation: distinct culture-coded units and share per culture."""
    cultures = culture_codes(data.codes)
    codings = data.codings[data.codings["code"].isin(cultures)]
    if date is not None:
        dates = codings["document"].map(data.documents.set_index("document")["date"])
        in_time = dates.notna() & (dates.fillna("").map(_period_start) <= _period_end(date))
        codings = codings[in_time.to_numpy()]
    rows = coded_passages(data.replace(codings=codings), by="organisation")
    rows = rows[rows["group"] != NONE_LABEL]
    rows = rows.assign(culture=rows["code"].map(cultures))
    per_unit = rows.drop_duplicates(["group", "unit", "culture"])
    counts = pd.crosstab(per_unit["group"], per_unit["culture"]).reindex(
        columns=list(CULTURES), fill_value=0
    )
    shares = counts.div(counts.sum(axis=1), axis=0)
    shares.columns = SHARE_COLUMNS
    shares["segments"] = rows.drop_duplicates(["group", "unit"]).groupby("group").size()
    return shares


def gridgroup_positions(
    data: AnalysisData,
    date: str | None = None,
    size_attribute: str | None = None,
    filters: Filters | None = None,
) -> pd.DataFrame:
    """One row per organisation that can be placed, ordered by label.

    Columns: ``organisation``, ``label``, ``x`` (grid), ``y`` (group),
    ``culture``, ``source`` ("classification" or "derived from coded
    segments"), ``as_of`` (the classification's date, else NA), ``segments``
    (units coded with a culture code), ``size`` (the numeric value of
    ``size_attribute`` for the organisation, else NaN) and one
    ``share_<culture>`` column per culture (NaN where nothing was coded).

    ``date`` ("YYYY", "YYYY-MM" or "YYYY-MM-DD", inclusive): use the latest
    classification at or before it, and derive from documents dated at or
    before it (undated documents count only when no date is given). A
    derived culture is the one with the largest share (ties: Hierarchy,
    Egalitarianism, Individualism, Fatalism)."""
    prepared = prepare(data, filters)
    classified = _classified(prepared, date)
    derived = _derived(prepared, date)
    organisations = prepared.cases.loc[prepared.cases["kind"] == "organisation", "case"]
    keys = [k for k in dict.fromkeys([*organisations, *derived.index])]
    table = pd.DataFrame(index=pd.Index(keys, name="organisation", dtype="str"))
    table = table.join(classified).join(derived)
    by_class = table["culture"].notna()
    shares = table[SHARE_COLUMNS].to_numpy(dtype=float)
    grid = np.array([CENTRE[g] for g, _ in CULTURES.values()])
    group = np.array([CENTRE[g] for _, g in CULTURES.values()])
    table["x"] = shares @ grid
    table["y"] = shares @ group
    has_shares = ~np.isnan(shares).any(axis=1)
    dominant = np.where(has_shares, np.nanargmax(np.nan_to_num(shares, nan=-1.0), axis=1), 0)
    derived_culture = pd.Series(np.array(list(CULTURES))[dominant], index=table.index)
    table["culture"] = table["culture"].fillna(derived_culture.where(has_shares))
    for culture, (g, gp) in CULTURES.items():
        chosen = by_class & (table["culture"] == culture)
        table.loc[chosen, "x"] = CENTRE[g]
        table.loc[chosen, "y"] = CENTRE[gp]
    table["source"] = np.where(by_class, SOURCE_CLASSIFICATION, SOURCE_DERIVED)
    table = table[by_class | has_shares].reset_index()
    table["segments"] = table["segments"].fillna(0).astype("int64")
    table["label"] = table["organisation"].map(
        group_labels(prepared, "organisation", table["organisation"])
    )
    table["size"] = _size(prepared, table["organisation"], size_attribute)
    table = table.sort_values(["label", "organisation"], key=lambda s: s.str.casefold())
    return table[POSITION_COLUMNS].reset_index(drop=True).astype({"label": "str", "source": "str"})


def _size(data: AnalysisData, organisations: pd.Series, attribute: str | None) -> pd.Series:
    if attribute is None:
        return pd.Series(np.nan, index=organisations.index, dtype="float64")
    attrs = data.attributes[data.attributes["attribute"] == attribute]
    values = pd.to_numeric(attrs.set_index("case")["value"], errors="coerce")
    values = values[~values.index.duplicated(keep="last")]
    return organisations.map(values).astype("float64")


def gridgroup_movement(
    data: AnalysisData, date_a: str, date_b: str, filters: Filters | None = None
) -> pd.DataFrame:
    """One row per organisation placed at both dates: ``organisation``,
    ``label``, ``x_from``, ``y_from``, ``culture_from``, ``source_from``,
    ``x_to``, ``y_to``, ``culture_to``, ``source_to``, ``culture_changed``
    and ``distance`` (straight-line, in map units)."""
    keep = ["organisation", "label", "x", "y", "culture", "source"]
    before = gridgroup_positions(data, date_a, filters=filters)[keep]
    after = gridgroup_positions(data, date_b, filters=filters)[keep]
    moves = before.merge(after.drop(columns="label"), on="organisation", suffixes=("_from", "_to"))
    moves["culture_changed"] = moves["culture_from"] != moves["culture_to"]
    moves["distance"] = np.hypot(moves["x_to"] - moves["x_from"], moves["y_to"] - moves["y_from"])
    return moves
