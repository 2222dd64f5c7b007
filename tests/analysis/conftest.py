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


CULTURE_CODES = [
    {"code": "H", "name": "Hierarchy", "path": "Hierarchy", "framework": "gridgroup",
     "meta": {"grid": "high", "group": "high"}},
    {"code": "E", "name": "Egalitarianism", "path": "Egalitarianism", "framework": "gridgroup",
     "meta": {"grid": "low", "group": "high"}},
    {"code": "EC", "name": "Clique", "parent": "E", "path": "Egalitarianism/Clique",
     "framework": "gridgroup"},
    {"code": "I", "name": "Individualism", "path": "Individualism", "framework": "gridgroup",
     "meta": {"grid": "low", "group": "low"}},
    {"code": "X", "name": "Fatalism", "path": "Fatalism", "framework": "gridgroup",
     "meta": {"grid": "high", "group": "low"}},
]  # fmt: skip


def build_culture() -> AnalysisData:
    """O1 is classified (egalitarianism as of 2023-05, individualism as of
    2025-01-10). O2 has no classification: D3 (2024-01-01) has W1 coded
    Clique (under Egalitarianism); D4 (2025-06-15) has V1-V3 coded Hierarchy
    and V4 Fatalism, V1 coded Hierarchy twice. O3 has neither: not placed.

    Up to 2024-06-01 O2 = Egalitarianism 1/1 -> (-0.5, 0.5); cumulative up
    to 2025-12-31: H 3, E 1, F 1 of 5 -> x = (1.5 - 0.5 + 0.5)/5 = 0.3,
    y = (1.5 + 0.5 - 0.5)/5 = 0.3, culture Hierarchy."""
    documents = [
        *DOCUMENTS,
        {"document": "D3", "name": "Early interview", "kind": "interview",
         "date": "2024-01-01", "organisation": "O2", "words": 10},
        {"document": "D4", "name": "Late interview", "kind": "interview",
         "date": "2025-06-15", "organisation": "O2", "words": 40},
    ]  # fmt: skip
    units = [
        {"unit": "W1", "document": "D3", "start": 0, "end": 50, "participant": "P2", "words": 10},
        *[
            {"unit": f"V{i}", "document": "D4", "start": 50 * (i - 1), "end": 50 * i,
             "participant": "P2", "words": 10}
            for i in range(1, 5)
        ],
    ]  # fmt: skip
    rows = [
        ("g1", "D3", 0, 20, "EC", "ana", "W1", "P2"),
        ("g2", "D4", 0, 20, "H", "ana", "V1", "P2"),
        ("g3", "D4", 25, 45, "H", "ana", "V1", "P2"),
        ("g4", "D4", 50, 70, "H", "ana", "V2", "P2"),
        ("g5", "D4", 100, 120, "H", "ana", "V3", "P2"),
        ("g6", "D4", 150, 170, "X", "ana", "V4", "P2"),
    ]
    return make_analysis_data(
        codings=coding_dicts(rows),
        units=units,
        documents=documents,
        cases=CASES,
        attributes=[
            {"case": "O1", "attribute": "staff", "type": "number", "value": "12"},
            {"case": "O2", "attribute": "staff", "type": "number", "value": "4"},
        ],
        codes=CULTURE_CODES,
        classifications=[
            {"case": "O1", "scheme": "culture", "value": "egalitarianism", "as_of": "2023-05"},
            {"case": "O1", "scheme": "culture", "value": "individualism", "as_of": "2025-01-10"},
            {"case": "O2", "scheme": "phase", "value": "growth", "as_of": "2024-01"},
        ],  # fmt: skip
    )


PHASES = ("Pre-start-up", "Start-up", "Growth", "Maturity")


def phase_codes() -> list[dict]:
    codes = []
    for order, phase in enumerate(PHASES, start=1):
        pid = f"ph{order}"
        codes.append({"code": pid, "name": phase, "path": phase, "codable": False,
                      "framework": "continuum", "meta": {"phase_order": order}})  # fmt: skip
        for facet in ("Emotions", "Focus", "Assets"):
            codes.append(
                {"code": f"{pid}-{facet.lower()}", "name": facet, "parent": pid,
                 "path": f"{phase}/{facet}", "codable": False, "framework": "continuum",
                 "meta": {"facet": facet.lower()}}
            )  # fmt: skip
    leaves = [
        ("fatigue", "ph3-emotions", "Growth/Emotions/Fatigue"),
        ("confidence", "ph3-emotions", "Growth/Emotions/Confidence"),
        ("partners", "ph3-assets", "Growth/Assets/Partnerships"),
        ("streams", "ph2-focus", "Start-up/Focus/Funding streams"),
    ]
    for code, parent, path in leaves:
        codes.append({"code": code, "name": path.rsplit("/", 1)[1], "parent": parent,
                      "path": path, "framework": "continuum"})  # fmt: skip
    return codes


PHASE_CODINGS = [
    ("p1", "D1", 10, 40, "fatigue", "ana", "U1", "P1"),
    ("p2", "D1", 110, 150, "confidence", "ana", "U2", "P1"),
    ("p3", "D1", 120, 160, "partners", "ana", "U2", "P1"),
    ("p4", "D2", 10, 50, "streams", "ana", "U4", "P2"),
    ("p5", "D2", 90, 130, "confidence", "ana", "U5", "P3"),
]
PHASE_TEXTS = {
    "p1": "We were exhausted by the bids",
    "p2": "Confident at last",
    "p3": "Partnerships carried us",
    "p4": "Hunting for funding",
    "p5": "We felt confident, really confident",
}


def build_phases(text: bool = True) -> AnalysisData:
    codings = coding_dicts(PHASE_CODINGS, text=False)
    if text:
        for record in codings:
            record["text"] = PHASE_TEXTS[record["coding"]]
    return build_base(codings=codings, codes=phase_codes(), duplicates=[])


SOCIAL_CODES = [
    {"code": "B", "name": "Bonding", "path": "Bonding", "framework": "Social capital"},
    {"code": "B1", "name": "Present", "parent": "B", "path": "Bonding/Present",
     "framework": "Social capital"},
    {"code": "B2", "name": "Weakening or lost", "parent": "B", "path": "Bonding/Weakening",
     "framework": "Social capital"},
    {"code": "R", "name": "Bridging", "path": "Bridging", "framework": "Social capital"},
    {"code": "R1", "name": "Absent or deficit", "parent": "R", "path": "Bridging/Absent",
     "framework": "Social capital"},
    {"code": "T", "name": "Bonding", "path": "Other/Bonding", "framework": "themes"},
]  # fmt: skip

SOCIAL_CODINGS = [
    ("s1", "D1", 10, 40, "B1", "ana", "U1", "P1"),  # O1 bonding U1
    ("s2", "D1", 50, 60, "B2", "ana", "U1", "P1"),  # O1 bonding U1 again: one segment
    ("s3", "D1", 110, 150, "B", "ana", "U2", "P1"),  # O1 bonding U2
    ("s4", "D1", 210, 250, "R1", "ben", "U3", None),  # O1 bridging U3
    ("s5", "D2", 10, 50, "R", "ana", "U4", "P2"),  # O2 bridging U4
    ("s6", "D2", 90, 130, "T", "ana", "U5", "P3"),  # another framework's "Bonding": ignored
]


def build_social() -> AnalysisData:
    return build_base(codings=coding_dicts(SOCIAL_CODINGS), codes=SOCIAL_CODES, duplicates=[])


@pytest.fixture
def make_base():
    """``make_base(**tables)``: the base project with some tables replaced."""
    return build_base


@pytest.fixture
def culture() -> AnalysisData:
    return build_culture()


@pytest.fixture
def make_phases():
    """``make_phases(text=True)``: the phase project, with or without text."""
    return build_phases


@pytest.fixture
def social() -> AnalysisData:
    return build_social()
