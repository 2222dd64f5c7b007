"""The coding workbench through the facade: windows, next uncoded, progress, retrieval."""

from __future__ import annotations

import pytest

from coding.units import coded_units
from qda.errors import InvalidInput, NotFound
from qda.services.workbench import SEGMENT_KINDS, RetrievalQuery

PANTRY = (
    "Interviewer: How did it start?\n\n"
    "Sarah: In a church hall. We had no money.\n\n"
    "Interviewer: And now?\n\n"
    "Sarah: Contracts, targets and reports. We feel squeezed.\n"
)
CLUB = "Dev: Volunteers run everything.\n\nMo: Funding is the worry. Bids every month.\n"


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def study(project):
    """Two documents, three codes (two under a folder), six codings by two coders."""
    project.cases.add_participant(
        "Sarah Jones", pseudonym="Interviewee A", organisation="Food Bank"
    )
    project.corpus.import_file(
        "pantry.txt",
        PANTRY.encode(),
        organisation="Food Bank",
        date="2024-01-23",
        aliases={"Sarah": "Sarah Jones"},
    )
    project.corpus.import_file(
        "club.txt",
        CLUB.encode(),
        organisation="Football Club",
        kind="focus group",
        date="2023-05",
        speakers="colon",
    )
    project.codebook.add_code("Themes", codable=False)
    project.codebook.add_code("Funding", parent="Themes", colour="#ff0000")
    project.codebook.add_code("Stress", parent="Themes", colour="#00ff00")
    project.codebook.add_code("Volunteers", colour="#0000ff")
    club_turns = project.corpus.segments("club", "turn")
    ids = {
        "c1": project.coding.apply_code("Funding", "ana", document="pantry", start=57, end=73),
        "c2": project.coding.apply_code("Stress", "ben", document="pantry", start=39, end=56),
        "c3": project.coding.apply_code("Funding", "ana", document="pantry", start=105, end=136),
        "c4": project.coding.apply_code("Stress", "ana", document="pantry", start=128, end=154),
        "c5": project.coding.apply_code(
            "Funding", "ben", segment=club_turns[1]["guid"], memo="bids"
        ),
        "c6": project.coding.apply_code("Volunteers", "ana", segment=club_turns[0]["guid"]),
    }
    return project, ids


def test_fixture_offsets_are_what_the_tests_assume(study):
    project, _ = study
    text = project.corpus.document_text("pantry")
    assert span(text, "We had no money.") == (57, 73)
    assert span(text, "In a church hall.") == (39, 56)
    assert span(text, "Contracts, targets and reports.") == (105, 136)
    assert span(text, "reports. We feel squeezed.") == (128, 154)
    assert [(s["start"], s["end"]) for s in project.corpus.segments("pantry", "turn")] == [
        (13, 30),
        (39, 73),
        (88, 96),
        (105, 154),
    ]
    assert [s["speaker"] for s in project.corpus.segments("club", "turn")] == ["Dev", "Mo"]


def names(excerpts, ids):
    back = {v: k for k, v in ids.items()}
    return sorted(back[e["guid"]] for e in excerpts)


def test_window_holds_exact_segments_and_overlapping_codings(study):
    project, ids = study
    long = project.coding.apply_code("Volunteers", "ben", document="pantry", start=20, end=45)
    view = project.coding.document_view("pantry", "turn", start_index=1, count=2)
    assert (view["name"], view["kind"], view["start_index"], view["total"]) == (
        "pantry",
        "turn",
        1,
        4,
    )
    assert [
        (s["index"], s["start"], s["end"], s["speaker"], s["display_speaker"], s["text"])
        for s in view["segments"]
    ] == [
        (1, 39, 73, "Sarah", "Interviewee A", "In a church hall. We had no money."),
        (2, 88, 96, "Interviewer", "Interviewer", "And now?"),
    ]
    assert [
        (c["guid"], c["start"], c["end"], c["code_path"], c["colour"], c["coder"])
        for c in view["codings"]
    ] == [
        (long, 20, 45, "Volunteers", "#0000ff", "ben"),
        (ids["c2"], 39, 56, "Themes/Stress", "#00ff00", "ben"),
        (ids["c1"], 57, 73, "Themes/Funding", "#ff0000", "ana"),
    ]


def test_window_uses_names_when_pseudonyms_are_off_and_clamps_the_start(study):
    project, _ = study
    project.update_settings(show_pseudonyms=False)
    view = project.coding.document_view("pantry", "turn", start_index=99, count=40)
    assert view["start_index"] == 3
    assert [(s["index"], s["display_speaker"]) for s in view["segments"]] == [(3, "Sarah Jones")]
    assert [c["coder"] for c in view["codings"]] == ["ana", "ana"]


def test_window_rejects_unknown_kind_and_document(study):
    project, _ = study
    with pytest.raises(InvalidInput, match="segment kind 'line'"):
        project.coding.document_view("pantry", "line")
    with pytest.raises(NotFound, match="no document 'nope'"):
        project.coding.document_view("nope")


def test_next_uncoded_walks_the_uncoded_turns(study):
    project, _ = study
    assert project.coding.next_uncoded("pantry", "turn", -1)["index"] == 0
    found = project.coding.next_uncoded("pantry", "turn", 0)
    assert (found["index"], found["start"]) == (2, 88)
    assert project.coding.next_uncoded("pantry", "turn", 2) is None
    assert project.coding.next_uncoded("pantry", "turn", 2, coder="ben")["index"] == 3
    assert project.coding.next_uncoded("club", "turn", -1) is None
    assert project.coding.next_uncoded("club", "turn", -1, coder="nobody")["index"] == 0


def test_segment_index_of_a_position(study):
    project, _ = study
    assert project.coding.segment_index("pantry", "turn", 105) == 3
    assert project.coding.segment_index("pantry", "turn", 100) == 2
    assert project.coding.segment_index("pantry", "turn", 0) == 0


def test_document_and_coder_progress(study):
    project, _ = study
    rows = {
        r["name"]: (r["unit"], r["segments"], r["coded"], r["codings"], r["coders"])
        for r in project.coding.document_progress()
    }
    assert rows == {
        "pantry": (
            "turn",
            4,
            2,
            4,
            {
                "ana": {"coded": 2, "codings": 3, "coded_characters": 16 + 49},
                "ben": {"coded": 1, "codings": 1, "coded_characters": 17},
            },
        ),
        "club": (
            "turn",
            2,
            2,
            2,
            {
                "ana": {"coded": 1, "codings": 1, "coded_characters": 26},
                "ben": {"coded": 1, "codings": 1, "coded_characters": 39},
            },
        ),
    }
    characters = {
        r["name"]: (r["percent"], r["length"], r["coded_characters"], r["characters_percent"])
        for r in project.coding.document_progress()
    }
    pantry, club = (len(project.corpus.document_text(n)) for n in ("pantry", "club"))
    assert characters == {
        # c3 and c4 overlap on "reports.": its characters count once
        "pantry": (50.0, pantry, 17 + 16 + 49, round(100 * 82 / pantry, 1)),
        "club": (100.0, club, 65, round(100 * 65 / club, 1)),
    }
    coders = {
        r["coder"]: (r["codings"], r["documents"], r["codes"], r["coded_segments"])
        for r in project.coding.coder_progress()
    }
    assert coders == {"ana": (4, 2, 3, 3), "ben": (2, 2, 2, 2)}


def test_a_spanning_coding_counts_every_turn_it_touches(study):
    project, _ = study
    project.coding.apply_code("Volunteers", "ben", document="pantry", start=20, end=90)
    pantry = next(r for r in project.coding.document_progress() if r["name"] == "pantry")
    assert (pantry["coded"], pantry["coders"]["ben"]["coded"]) == (4, 3)


def test_progress_never_exceeds_the_whole(study):
    """Issue 11: three coders over the whole of a document, overlapping
    codings, and sentence segments finer than its turns still make 100%."""
    project, _ = study
    pantry = len(project.corpus.document_text("pantry"))
    assert len(project.corpus.segments("pantry", "sentence")) > 4
    for coder in ("ana", "ben", "cy"):
        project.coding.apply_code("Volunteers", coder, document="pantry", start=0, end=pantry)
    for start in range(13, 150, 7):
        end = min(start + 12, pantry)
        project.coding.apply_code("Stress", "cy", document="pantry", start=start, end=end)
    row = next(r for r in project.coding.document_progress() if r["name"] == "pantry")
    assert (row["unit"], row["segments"], row["coded"], row["percent"]) == ("turn", 4, 4, 100.0)
    assert (row["coded_characters"], row["characters_percent"]) == (pantry, 100.0)
    assert {name: c["coded"] for name, c in row["coders"].items()} == {"ana": 4, "ben": 4, "cy": 4}
    everyone = {r["coder"]: r["coded_segments"] for r in project.coding.coder_progress()}
    assert everyone == {"ana": 4 + 1, "ben": 4 + 1, "cy": 4}


@pytest.mark.parametrize("kind", SEGMENT_KINDS)
def test_next_uncoded_skips_exactly_the_units_progress_counts_as_coded(study, kind):
    project, _ = study
    project.coding.apply_code("Volunteers", "ben", document="pantry", start=20, end=90)
    for doc in ("pantry", "club"):
        units = [(s["start"], s["end"]) for s in project.corpus.segments(doc, kind)]
        for coder in (None, "ana", "ben", "nobody"):
            walked, after = [], -1
            while (found := project.coding.next_uncoded(doc, kind, after, coder)) is not None:
                walked.append(after := found["index"])
            codings = project.coding.codings(document=doc, coder=coder)
            coded = coded_units(units, [(c["start"], c["end"]) for c in codings])
            assert walked == [i for i in range(len(units)) if i not in coded], (doc, coder)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (RetrievalQuery(codes=["Funding", "Stress"]), ["c1", "c2", "c3", "c4", "c5"]),
        (RetrievalQuery(codes=["Funding", "Stress"], mode="and"), ["c1", "c2", "c3", "c4"]),
        (RetrievalQuery(codes=["Funding"], exclude=["Stress"]), ["c5"]),
        (RetrievalQuery(codes=["Funding", "Stress"], mode="and", coders=["ana"]), ["c3", "c4"]),
        (RetrievalQuery(codes=["Funding", "Volunteers"], mode="and"), []),
        (RetrievalQuery(codes=["Funding", "Stress", "Volunteers"], mode="and"), []),
        (RetrievalQuery(exclude=["Funding"]), ["c6"]),
        (RetrievalQuery(codes=["Themes"], include_subcodes=True), ["c1", "c2", "c3", "c4", "c5"]),
        (RetrievalQuery(codes=["Themes"]), []),
        (RetrievalQuery(organisations=["Football Club"]), ["c5", "c6"]),
        (RetrievalQuery(kinds=["focus group"]), ["c5", "c6"]),
        (RetrievalQuery(speakers=["Interviewee A"]), ["c1", "c2", "c3", "c4"]),
        (RetrievalQuery(speakers=["Mo"]), ["c5"]),
        (RetrievalQuery(speakers=["nobody"]), []),
        (RetrievalQuery(coders=["ben"]), ["c2", "c5"]),
        (RetrievalQuery(date_from="2024"), ["c1", "c2", "c3", "c4"]),
        (RetrievalQuery(date_to="2023-12"), ["c5", "c6"]),
        (RetrievalQuery(date_from="2023-05-10", date_to="2023-05-20"), ["c5", "c6"]),
        (RetrievalQuery(documents=["club"], codes=["Funding"]), ["c5"]),
    ],
)
def test_retrieve_combines_codes_and_filters(study, query, expected):
    project, ids = study
    assert names(project.coding.retrieve(query), ids) == expected


def test_retrieve_by_case_attributes(study):
    project, ids = study
    project.cases.set_attribute("Football Club", "sector", "sport")
    project.cases.set_attribute("Sarah Jones", "paid", "yes")
    assert names(project.coding.retrieve(RetrievalQuery(attributes={"sector": "Sport"})), ids) == [
        "c5",
        "c6",
    ]
    assert names(project.coding.retrieve(RetrievalQuery(attributes={"paid": "yes"})), ids) == [
        "c1",
        "c2",
        "c3",
        "c4",
    ]
    both = RetrievalQuery(attributes={"paid": "yes", "sector": "sport"})
    assert project.coding.retrieve(both) == []


def test_excerpt_fields(study):
    project, ids = study
    [excerpt] = project.coding.retrieve(RetrievalQuery(codes=["Funding"], speakers=["Mo"]))
    club = project.corpus.document("club")
    turn = project.corpus.segments("club", "turn")[1]
    assert excerpt == {
        "guid": ids["c5"],
        "document": club["guid"],
        "document_name": "club",
        "document_kind": "focus group",
        "date": "2023-05",
        "organisation": "[organisation]",  # pseudonyms on, and the club has none yet
        "start": turn["start"],
        "end": turn["end"],
        "text": "Funding is the worry. Bids every month.",
        "context": "Funding is the worry. Bids every month.",
        "context_start": turn["start"],
        "context_end": turn["end"],
        "segment": turn["guid"],
        "segment_kind": "turn",
        "segment_index": 1,
        "speaker": "Mo",
        "code": project.codebook.find_code("Funding")["guid"],
        "code_name": "Funding",
        "code_path": "Themes/Funding",
        "colour": "#ff0000",
        "coder": "ben",
        "memo": "bids",
    }
    [c1] = project.coding.retrieve(
        RetrievalQuery(codes=["Funding"], coders=["ana"], date_from="2024")
    )[:1]
    assert (c1["text"], c1["context"], c1["speaker"]) == (
        "We had no money.",
        "In a church hall. We had no money.",
        "Interviewee A",
    )


def test_retrieve_rejects_a_bad_mode_and_unknown_code(study):
    project, _ = study
    with pytest.raises(InvalidInput, match="query mode 'xor'"):
        project.coding.retrieve(RetrievalQuery(codes=["Funding"], mode="xor"))
    with pytest.raises(NotFound, match="no code 'Nope'"):
        project.coding.retrieve(RetrievalQuery(codes=["Nope"]))


def test_paragraph_context_when_a_document_has_no_turns(project):
    text = "First paragraph about money.\n\nSecond paragraph about people."
    project.corpus.import_file("notes.txt", text.encode(), kind="workshop", speakers="none")
    project.codebook.add_code("Money")
    project.coding.apply_code("Money", "ana", document="notes", start=22, end=27)
    [excerpt] = project.coding.retrieve(RetrievalQuery(codes=["Money"]))
    assert (excerpt["text"], excerpt["context"], excerpt["speaker"]) == (
        "money",
        "First paragraph about money.",
        None,
    )
    [row] = project.coding.document_progress()
    assert (row["unit"], row["segments"], row["coded"]) == ("paragraph", 2, 1)
