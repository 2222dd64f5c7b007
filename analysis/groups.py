"""Attribution: which group (organisation, stakeholder type, year...) a coding
or a counting unit counts for.

The rule for organisations: a passage counts for the organisation of the
participant who spoke it. Where no participant is linked (or the participant
has no organisation), it counts for the document's organisation. So a coding
in a focus group hosted by one organisation counts for the speaker's own
organisation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import AnalysisData

NONE_LABEL = "(none)"

# groupings that are not case attributes; they win over an attribute of the same name
BUILT_IN_GROUPINGS = ("organisation", "participant", "document", "document kind", "year")


class UnknownGrouping(ValueError):
    """``by`` names neither a built-in grouping nor a case attribute."""

    def __init__(self, by: str, attributes: list[str] | None = None):
        self.by = by
        known = f" (case attributes: {', '.join(attributes)})" if attributes else ""
        super().__init__(
            f"cannot group by {by!r}: not one of {', '.join(BUILT_IN_GROUPINGS)} "
            f"and no case has an attribute of that name{known}"
        )


def distinct_ids(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(inverse, first_row)``: an id per value (0, 1, ... in order of first
    appearance) and the first row holding each id. Hash-based, where
    ``np.unique(..., return_inverse=True)`` is many times slower."""
    inverse, uniques = pd.factorize(values)
    first_row = np.empty(len(uniques), dtype=np.int64)
    first_row[inverse[::-1]] = np.arange(len(values) - 1, -1, -1, dtype=np.int64)
    return inverse.astype(np.int64), first_row


def _participant_organisations(data: AnalysisData) -> pd.Series:
    people = data.cases[data.cases["kind"] == "participant"]
    return pd.Series(people["organisation"].to_numpy(), index=people["case"].to_numpy())


def _document_column(data: AnalysisData, column: str) -> pd.Series:
    docs = data.documents
    return pd.Series(docs[column].to_numpy(), index=docs["document"].to_numpy())


def _organisation_of(frame: pd.DataFrame, data: AnalysisData) -> pd.Series:
    """Organisation case GUID per row of a frame with document and participant."""
    speaker_org = frame["participant"].map(_participant_organisations(data))
    document_org = frame["document"].map(_document_column(data, "organisation"))
    return speaker_org.fillna(document_org).astype("str")


def group_keys(frame: pd.DataFrame, data: AnalysisData, by: str = "organisation") -> pd.Series:
    """Group key per row of ``frame`` (codings or units: any frame with
    ``document`` and ``participant`` columns). Missing keys are "(none)".

    The key depends only on (document, participant), so it is worked out
    once per distinct pair and spread back to the rows."""
    documents, document_keys = pd.factorize(frame["document"], use_na_sentinel=True)
    speakers, speaker_keys = pd.factorize(frame["participant"], use_na_sentinel=True)
    pair = documents.astype(np.int64) * (len(speaker_keys) + 1) + (speakers + 1)
    inverse, first_row = distinct_ids(pair)
    sample = frame.iloc[first_row][["document", "participant"]].reset_index(drop=True)
    keys = _keys_per_row(sample, data, by).to_numpy()
    return pd.Series(keys[inverse], index=frame.index, dtype="str", name=by)


def _keys_per_row(frame: pd.DataFrame, data: AnalysisData, by: str) -> pd.Series:
    if by == "organisation":
        keys = _organisation_of(frame, data)
    elif by == "participant":
        keys = frame["participant"]
    elif by == "document":
        keys = frame["document"]
    elif by == "document kind":
        keys = frame["document"].map(_document_column(data, "kind"))
    elif by == "year":
        keys = frame["document"].map(_document_column(data, "date")).str[:4]
    else:
        keys = _attribute_of(frame, data, by)
    return keys.fillna(NONE_LABEL).astype("str").rename(by)


def _attribute_of(frame: pd.DataFrame, data: AnalysisData, attribute: str) -> pd.Series:
    """Participant's value, else their organisation's, else the document's
    organisation's."""
    attrs = data.attributes[data.attributes["attribute"] == attribute]
    if attrs.empty and attribute not in set(data.attributes["attribute"]):
        raise UnknownGrouping(attribute, sorted(set(data.attributes["attribute"])))
    values = attrs.drop_duplicates("case", keep="last")
    values = pd.Series(values["value"].to_numpy(), index=values["case"].to_numpy())
    own = frame["participant"].map(values)
    via_speaker_org = frame["participant"].map(_participant_organisations(data)).map(values)
    via_document_org = frame["document"].map(_document_column(data, "organisation")).map(values)
    return own.fillna(via_speaker_org).fillna(via_document_org)


def assign_groups(data: AnalysisData, by: str = "organisation") -> pd.Series:
    """The group each coding counts for, aligned with ``data.codings``.

    ``by``: "organisation" (case GUID), "participant" (case GUID), "document"
    (GUID), "document kind", "year" (of the document's date) or the name of a
    case attribute. Missing values are "(none)"."""
    return group_keys(data.codings, data, by)


def assign_unit_groups(data: AnalysisData, by: str = "organisation") -> pd.Series:
    """The group each counting unit counts for, aligned with ``data.units``."""
    return group_keys(data.units, data, by)


def group_labels(data: AnalysisData, by: str, keys: pd.Series | list[str]) -> dict[str, str]:
    """Display label per group key. Cases show their pseudonym (their name
    only where no pseudonym is recorded); documents show their name."""
    keys = list(dict.fromkeys(keys))
    if by in ("organisation", "participant"):
        cases = data.cases
        has_pseudonym = cases["pseudonym"].fillna("").str.strip() != ""
        shown = cases["pseudonym"].where(has_pseudonym, cases["name"])
        names = dict(zip(cases["case"], shown, strict=True))
    elif by == "document":
        names = dict(zip(data.documents["document"], data.documents["name"], strict=True))
    else:
        names = {}
    labels = {}
    for key in keys:
        label = names.get(key)
        labels[key] = label if isinstance(label, str) and label else key
    return labels
