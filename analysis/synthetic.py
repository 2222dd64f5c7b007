"""Deterministic synthetic projects for benchmarks and property tests.

``synthetic_data(n_documents, n_codings, n_codes, seed)`` returns an
:class:`AnalysisData` shaped like a real VCS study: organisations with
participants, interviews and focus groups mixing organisations, turns as
counting units, a two-level code tree (the first four top-level codes carry
grid/group meta), dated culture classifications and a few duplicate passages.
The same arguments always give the same data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import AnalysisData

KINDS = np.array(["interview", "focus group", "workshop", "roundtable", "other"])
KIND_WEIGHTS = np.array([0.6, 0.2, 0.1, 0.05, 0.05])
STAKEHOLDERS = np.array(["VCSE", "Commissioner", "Local authority"])
CULTURE_META = [
    {"grid": "high", "group": "high"},
    {"grid": "low", "group": "high"},
    {"grid": "low", "group": "low"},
    {"grid": "high", "group": "low"},
]
CULTURE_VALUES = np.array(["hierarchy", "egalitarianism", "individualism", "fatalism"])
UNIT_CHARS = 600


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i:07d}" for i in range(n)]


def _codes(n_codes: int) -> pd.DataFrame:
    n_top = max(1, n_codes // 10)
    guids = _ids("code", n_codes)
    parents: list[str | None] = [None] * n_top + [guids[i % n_top] for i in range(n_codes - n_top)]
    names = [f"Theme {i}" if i < n_top else f"Subtheme {i}" for i in range(n_codes)]
    paths = [names[i] if i < n_top else f"{names[i % n_top]}/{names[i]}" for i in range(n_codes)]
    meta = [CULTURE_META[i] if i < min(4, n_top) else {} for i in range(n_codes)]
    return pd.DataFrame(
        {"code": guids, "name": names, "parent": parents, "path": paths,
         "colour": "#4477aa", "codable": True, "framework": "synthetic", "meta": meta}
    )  # fmt: skip


def synthetic_data(
    n_documents: int = 100,
    n_codings: int = 10_000,
    n_codes: int = 50,
    seed: int = 0,
    with_text: bool = False,
) -> AnalysisData:
    """A reproducible project of about ``n_codings`` codings (a few fall
    inside duplicate passages and are not counted by the analyses)."""
    rng = np.random.default_rng(seed)
    n_orgs = max(3, n_documents // 4)
    per_org = 3
    orgs = _ids("org", n_orgs)
    people = _ids("person", n_orgs * per_org)
    person_org = np.repeat(np.arange(n_orgs), per_org)
    cases = pd.DataFrame(
        {"case": orgs + people,
         "kind": ["organisation"] * n_orgs + ["participant"] * len(people),
         "name": [f"Organisation {i}" for i in range(n_orgs)]
         + [f"Person {i}" for i in range(len(people))],
         "pseudonym": [f"Org {i}" for i in range(n_orgs)]
         + [f"Interviewee {i}" for i in range(len(people))],
         "organisation": [None] * n_orgs + [orgs[i] for i in person_org]}
    )  # fmt: skip
    attributes = pd.DataFrame(
        {"case": orgs * 2, "attribute": ["stakeholder"] * n_orgs + ["staff"] * n_orgs,
         "type": ["text"] * n_orgs + ["number"] * n_orgs,
         "value": list(rng.choice(STAKEHOLDERS, n_orgs))
         + [str(v) for v in rng.integers(1, 200, n_orgs)]}
    )  # fmt: skip

    doc_ids = _ids("doc", n_documents)
    doc_org = rng.integers(0, n_orgs, n_documents)
    kinds = rng.choice(KINDS, n_documents, p=KIND_WEIGHTS)
    days = rng.integers(0, 4 * 365, n_documents)
    dates = (np.datetime64("2022-01-01") + days).astype(str)

    n_units = max(n_documents * 10, n_codings // 3)
    unit_doc = np.sort(rng.integers(0, n_documents, n_units))
    position = pd.Series(unit_doc).groupby(unit_doc).cumcount().to_numpy()
    local = rng.integers(0, per_org, n_units)
    other_org = rng.integers(0, n_orgs, n_units)
    mixed = kinds[unit_doc] != "interview"
    speaker_org = np.where(mixed, other_org, doc_org[unit_doc])
    speaker = np.array(people, dtype=object)[speaker_org * per_org + local]
    speaker[rng.random(n_units) < 0.1] = None  # interviewers and unlinked voices
    unit_words = rng.integers(20, 150, n_units)
    units = pd.DataFrame(
        {"unit": _ids("unit", n_units), "document": np.array(doc_ids)[unit_doc],
         "start": position * UNIT_CHARS, "end": (position + 1) * UNIT_CHARS,
         "participant": speaker, "words": unit_words}
    )  # fmt: skip
    doc_words = np.bincount(unit_doc, weights=unit_words, minlength=n_documents).astype(int)
    documents = pd.DataFrame(
        {"document": doc_ids, "name": [f"Transcript {i}" for i in range(n_documents)],
         "kind": kinds, "date": dates, "organisation": np.array(orgs)[doc_org],
         "words": doc_words}
    )  # fmt: skip

    codes = _codes(n_codes)
    coded_unit = rng.integers(0, n_units, n_codings)
    offset = rng.integers(0, UNIT_CHARS - 120, n_codings)
    start = units["start"].to_numpy()[coded_unit] + offset
    codings = pd.DataFrame(
        {"coding": _ids("coding", n_codings), "document": units["document"].to_numpy()[coded_unit],
         "start": start, "end": start + rng.integers(20, 120, n_codings),
         "code": codes["code"].to_numpy()[rng.integers(0, n_codes, n_codings)],
         "coder": rng.choice(np.array(["ana", "ben", "cy"]), n_codings),
         "unit": units["unit"].to_numpy()[coded_unit],
         "participant": units["participant"].to_numpy()[coded_unit]}
    )  # fmt: skip
    if with_text:
        codings["text"] = [f"synthetic excerpt {i}" for i in range(n_codings)]

    classified = rng.choice(n_orgs, n_orgs // 2, replace=False)
    classifications = pd.DataFrame(
        {"case": np.array(orgs)[classified], "scheme": "culture",
         "value": rng.choice(CULTURE_VALUES, len(classified)),
         "as_of": [f"{y}-{m:02d}" for y, m in zip(rng.integers(2021, 2026, len(classified)),
                                                     rng.integers(1, 13, len(classified)),
                                                     strict=True)]}
    )  # fmt: skip
    dup_units = rng.choice(n_units, max(1, n_documents // 20), replace=False)
    duplicates = units.iloc[dup_units][["document", "start", "end"]].reset_index(drop=True)
    return AnalysisData(
        codings=codings, units=units, documents=documents, cases=cases, attributes=attributes,
        codes=codes, classifications=classifications, duplicates=duplicates,
    )  # fmt: skip
