"""Integer encodings of the big frames, worked out once per AnalysisData.

Counting a million codings by string keys spends its time hashing strings.
Here each coding and unit gets small integers instead: the row of its code in
``data.codes``, its unit, its document and its (document, participant) pair,
the only thing attribution to a group depends on. The encoding is kept on
the AnalysisData object (frames are never modified in place, and
``replace`` makes a new object), so every analysis of the same data reuses it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import AnalysisData
from analysis.groups import _keys_per_row, distinct_ids

_CACHE = "_encoded"


@dataclass(frozen=True)
class Pairs:
    """Distinct (document, participant) pairs of a frame: ``row`` gives each
    row's pair; ``sample`` holds one (document, participant) row per pair."""

    row: np.ndarray
    sample: pd.DataFrame


@dataclass(frozen=True)
class Encoded:
    code: np.ndarray  # row in data.codes of each coding's code, -1 if unknown
    unit: np.ndarray  # unit id of each coding (0..n_units-1)
    n_units: int
    document: np.ndarray  # document id of each coding
    n_documents: int
    coding_pairs: Pairs
    unit_pairs: Pairs


def _pairs(frame: pd.DataFrame) -> tuple[Pairs, np.ndarray, int]:
    documents, document_keys = pd.factorize(frame["document"], use_na_sentinel=True)
    speakers, speaker_keys = pd.factorize(frame["participant"], use_na_sentinel=True)
    pair = documents.astype(np.int64) * (len(speaker_keys) + 1) + (speakers + 1)
    inverse, first_row = distinct_ids(pair)
    sample = frame.iloc[first_row][["document", "participant"]].reset_index(drop=True)
    return Pairs(inverse, sample), documents, len(document_keys)


def encode(data: AnalysisData) -> Encoded:
    """The integer encoding of ``data`` (computed on first use, then kept)."""
    cached = data.__dict__.get(_CACHE)
    if cached is not None:
        return cached
    codings = data.codings
    code_ids, code_keys = pd.factorize(codings["code"])
    position = pd.Index(data.codes["code"]).get_indexer(pd.Index(code_keys, dtype="str"))
    code = np.where(code_ids >= 0, np.append(position, -1)[code_ids], -1).astype(np.int64)
    unit, unit_keys = pd.factorize(codings["unit"], use_na_sentinel=True)
    n_units = len(unit_keys)
    unit = np.where(unit < 0, n_units, unit).astype(np.int64)  # NA units: one extra id
    coding_pairs, documents, n_documents = _pairs(codings)
    unit_pairs, _, _ = _pairs(data.units)
    encoded = Encoded(
        code=code,
        unit=unit,
        n_units=n_units + 1,
        document=documents.astype(np.int64),
        n_documents=max(n_documents, 1),
        coding_pairs=coding_pairs,
        unit_pairs=unit_pairs,
    )
    object.__setattr__(data, _CACHE, encoded)
    return encoded


def group_ids(data: AnalysisData, by: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Group id of each coding and of each unit, and the group keys the ids
    index (one shared numbering, "(none)" included where it occurs)."""
    enc = encode(data)
    coding_keys = _keys_per_row(enc.coding_pairs.sample, data, by).to_numpy(dtype=object)
    unit_keys = _keys_per_row(enc.unit_pairs.sample, data, by).to_numpy(dtype=object)
    ids, keys = pd.factorize(np.concatenate([coding_keys, unit_keys]))
    per_coding_pair = ids[: len(coding_keys)]
    per_unit_pair = ids[len(coding_keys) :]
    return (
        per_coding_pair[enc.coding_pairs.row] if len(enc.coding_pairs.row) else np.array([], int),
        per_unit_pair[enc.unit_pairs.row] if len(enc.unit_pairs.row) else np.array([], int),
        [str(k) for k in keys],
    )
