"""A tiny hand-checkable project.

Organisations O1 ("Org A"), O2 ("Org B"), O3 ("Org C"); participants P1 (O1),
P2 (O2), P3 (O3). D1 is an interview hosted by O1 (2024-03-01): units U1, U2
spoken by P1, U3 by the unlinked interviewer. D2 is a focus group hosted by O2
(2025-06-15) mixing organisations: U4 P2, U5 P3, U6 an unlinked speaker, U7 P1.

Codes: F "Funding" with children F1 "Funding/Grants", F2 "Funding/Contracts";
N "Networks". c12 lies inside the duplicate passage D2 235-265.

    coding doc  span     code unit speaker -> counts for
    c1     D1   10-40    F1   U1   P1      O1
    c2     D1   20-60    F2   U1   P1      O1
    c3     D1   50-90    F    U1   P1      O1   (coder ben)
    c4     D1   110-150  N    U2   P1      O1
    c5     D1   150-190  F1   U2   P1      O1
    c6     D1   210-250  N    U3   -       O1   (document's organisation; ben)
    c7     D2   10-50    F1   U4   P2      O2
    c8     D2   30-70    N    U4   P2      O2
    c9     D2   90-150   F2   U5   P3      O3
    c10    D2   170-210  N    U6   -       O2   (document's organisation; ben)
    c11    D2   230-280  F2   U7   P1      O1   (speaker's organisation, not host)
    c12    D2   240-260  N    U7   P1      -    (duplicate: excluded)

Group words: O1 = U1 50 + U2 50 + U3 20 + U7 40 = 160 (4 units);
O2 = U4 40 + U6 30 = 70 (2 units); O3 = U5 40 (1 unit).
"""

from __future__ import annotations

import pytest

from analysis.data import AnalysisData, make_analysis_data

CODING_ROWS = [
    ("c1", "D1", 10, 40, "F1", "ana", "U1", "P1"),
    ("c2", "D1", 20, 60, "F2", "ana", "U1", "P1"),
    ("c3", "D1", 50, 90, "F", "ben", "U1", "P1"),
    ("c4", "D1", 110, 150, "N", "ana", "U2", "P1"),
    ("c5", "D1", 150, 190, "F1", "ana", "U2", "P1"),
    ("c6", "D1", 210, 250, "N", "ben", "U3", None),
    ("c7", "D2", 10, 50, "F1", "ana", "U4", "P2"),
    ("c8", "D2", 30, 70, "N", "ana", "U4", "P2"),
    ("c9", "D2", 90, 150, "F2", "ana", "U5", "P3"),
    ("c10", "D2", 170, 210, "N", "ben", "U6", None),
    ("c11", "D2", 230, 280, "F2", "ana", "U7", "P1"),
    ("c12", "D2", 240, 260, "N", "ana", "U7", "P1"),
]
CODING_KEYS = ("coding", "document", "start", "end", "code", "coder", "unit", "participant")

UNIT_ROWS = [
    ("U1", "D1", 0, 100, "P1", 50),
    ("U2", "D1", 100, 200, "P1", 50),
    ("U3", "D1", 200, 260, None, 20),
    ("U4", "D2", 0, 80, "P2", 40),
    ("U5", "D2", 80, 160, "P3", 40),
    ("U6", "D2", 160, 220, None, 30),
    ("U7", "D2", 220, 300, "P1", 40),
]
UNIT_KEYS = ("unit", "document", "start", "end", "participant", "words")

DOCUMENTS = [
    {"document": "D1", "name": "Interview 1", "kind": "interview", "date": "2024-03-01",
     "organisation": "O1", "words": 120},
    {"document": "D2", "name": "Focus group", "kind": "focus group", "date": "2025-06-15",
     "organisation": "O2", "words": 150},
]  # fmt: skip

CASES = [
    {"case": "O1", "kind": "organisation", "name": "Riverside Trust", "pseudonym": "Org A"},
    {"case": "O2", "kind": "organisation", "name": "Hilltop CIC", "pseudonym": "Org B"},
    {"case": "O3", "kind": "organisation", "name": "Valley Network", "pseudonym": "Org C"},
    {"case": "P1", "kind": "participant", "name": "Ann", "pseudonym": "Interviewee A",
     "organisation": "O1"},
    {"case": "P2", "kind": "participant", "name": "Bob", "pseudonym": "Interviewee B",
     "organisation": "O2"},
    {"case": "P3", "kind": "participant", "name": "Cy", "pseudonym": "Interviewee C",
     "organisation": "O3"},
]  # fmt: skip

ATTRIBUTES = [
    {"case": "O1", "attribute": "stakeholder", "value": "VCSE"},
    {"case": "O2", "attribute": "stakeholder", "value": "Local authority"},
    {"case": "P3", "attribute": "stakeholder", "value": "Commissioner"},
    {"case": "O1", "attribute": "region", "value": "North"},
]

THEME_CODES = [
    {"code": "F", "name": "Funding", "path": "Funding", "framework": "themes"},
    {"code": "F1", "name": "Grants", "parent": "F", "path": "Funding/Grants",
     "framework": "themes"},
    {"code": "F2", "name": "Contracts", "parent": "F", "path": "Funding/Contracts",
     "framework": "themes"},
    {"code": "N", "name": "Networks", "path": "Networks", "framework": "themes"},
]  # fmt: skip


def coding_dicts(rows=CODING_ROWS, text: bool = True) -> list[dict]:
    out = []
    for row in rows:
        record = dict(zip(CODING_KEYS, row, strict=True))
        if text:
            record["text"] = f"excerpt {row[0]}"
        out.append(record)
    return out


def build_base(**overrides) -> AnalysisData:
    tables = {
        "codings": coding_dicts(),
        "units": [dict(zip(UNIT_KEYS, row, strict=True)) for row in UNIT_ROWS],
        "documents": DOCUMENTS,
        "cases": CASES,
        "attributes": ATTRIBUTES,
        "codes": THEME_CODES,
        "duplicates": [{"document": "D2", "start": 235, "end": 265}],
    }
    tables.update(overrides)
    return make_analysis_data(**tables)


@pytest.fixture
def base() -> AnalysisData:
    return build_base()
