"""coding.progress: units and characters coded per document and coder, exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coding.progress import (
    DocumentProgress,
    Progress,
    counting_kind,
    document_progress,
    measure,
    percent,
    project_progress,
)

# a 100-character transcript: four turns and, inside them, five paragraphs
TURNS = [(10, 20), (25, 40), (45, 50), (60, 90)]
PARAGRAPHS = [(10, 20), (25, 32), (33, 40), (45, 50), (60, 90)]


def coding(start, end, coder="ana", document="d"):
    return {"document": document, "start": start, "end": end, "coder": coder}


def test_counting_kind_is_turns_when_there_are_any_else_paragraphs():
    assert counting_kind({"turn", "paragraph", "sentence"}) == "turn"
    assert counting_kind(["paragraph", "sentence"]) == "paragraph"
    assert counting_kind(["sentence"]) == "paragraph"
    assert counting_kind([]) == "paragraph"


def test_percent():
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7
    assert percent(57, 500) == 11.4
    assert percent(0, 7) == 0.0
    assert percent(7, 7) == 100.0
    assert percent(3, 0) == 0.0
    assert percent(12, 5) == 100.0  # never above 100...
    assert percent(-1, 5) == 0.0  # ...nor below 0


def test_measure_counts_units_and_the_union_of_characters():
    p = measure(TURNS, [(12, 15), (14, 18), (30, 46)], 100)
    assert p == Progress(codings=3, units=4, coded=3, length=100, coded_characters=22)
    assert (p.percent, p.characters_percent) == (75.0, 22.0)


def test_measure_of_nothing():
    p = measure([], [], 0)
    assert p == Progress(codings=0, units=0, coded=0, length=0, coded_characters=0)
    assert (p.percent, p.characters_percent) == (0.0, 0.0)


def test_measure_clips_codings_to_the_document():
    p = measure(TURNS, [(80, 130), (-5, 5)], 100)
    assert (p.coded, p.coded_characters, p.characters_percent) == (1, 25, 25.0)


def test_measure_counts_empty_codings_as_codings_but_not_as_coverage():
    p = measure(TURNS, [(15, 15)], 100)
    assert (p.codings, p.coded, p.coded_characters) == (1, 0, 0)


def test_document_progress_by_everyone_and_by_coder():
    codings = [coding(12, 15), coding(14, 18, "ben"), coding(61, 62, "ben"), coding(30, 46)]
    got = document_progress({"turn": TURNS, "paragraph": PARAGRAPHS}, codings, 100)
    assert got == DocumentProgress(
        kind="turn",
        total=Progress(codings=4, units=4, coded=4, length=100, coded_characters=23),
        coders={
            "ana": Progress(codings=2, units=4, coded=3, length=100, coded_characters=19),
            "ben": Progress(codings=2, units=4, coded=2, length=100, coded_characters=5),
        },
    )
    assert list(got.coders) == ["ana", "ben"]


def test_document_progress_counts_paragraphs_without_turns():
    got = document_progress({"paragraph": PARAGRAPHS, "turn": []}, [coding(30, 34)], 100)
    assert (got.kind, got.total.units, got.total.coded) == ("paragraph", 5, 2)


def test_document_without_segments_or_codings():
    got = document_progress({}, [], 0)
    assert got == DocumentProgress(kind="paragraph", total=Progress(0, 0, 0, 0, 0), coders={})
    assert got.total.percent == 0.0


def test_issue_11_never_above_100_percent():
    """The ways a count could outgrow its total: many coders coding the same
    turns, overlapping codings, codings across every unit, and finer segments
    (sentences) that progress must not count against the turn total."""
    codings = [coding(0, 100, coder) for coder in ("ana", "ben", "cy")]
    codings += [coding(s, s + 3) for s in range(10, 90, 2)]  # overlapping, many per turn
    segments = {
        "turn": TURNS,
        "paragraph": PARAGRAPHS,
        "sentence": [(s, s + 2) for s in range(10, 90, 3)],  # 27 sentences
    }
    got = document_progress(segments, codings, 100)
    assert (got.kind, got.total.units, got.total.coded, got.total.percent) == ("turn", 4, 4, 100.0)
    assert got.total.coded_characters == 100
    assert got.total.characters_percent == 100.0
    assert {c: (p.coded, p.percent) for c, p in got.coders.items()} == {
        "ana": (4, 100.0),
        "ben": (4, 100.0),
        "cy": (4, 100.0),
    }


def test_project_progress():
    segments = [{"document": 1, "kind": "turn", "start": s, "end": e} for s, e in TURNS] + [
        {"document": 1, "kind": "paragraph", "start": 10, "end": 90},
        {"document": 2, "kind": "paragraph", "start": 0, "end": 10},
        {"document": 2, "kind": "paragraph", "start": 12, "end": 20},
        {"document": 2, "kind": "sentence", "start": 0, "end": 4},  # not a counting kind
        {"document": 9, "kind": "turn", "start": 0, "end": 4},  # a document not asked for
    ]
    codings = [coding(15, 30, "ana", 1), coding(0, 2, "ben", 2), coding(0, 2, "ben", 7)]
    got = project_progress({2: 20, 1: 100, 3: 50}, segments, codings)
    assert list(got) == [2, 1, 3]
    assert got[1] == DocumentProgress(
        "turn",
        Progress(1, 4, 2, 100, 15),
        {"ana": Progress(1, 4, 2, 100, 15)},
    )
    assert got[2] == DocumentProgress(
        "paragraph", Progress(1, 2, 1, 20, 2), {"ben": Progress(1, 2, 1, 20, 2)}
    )
    assert got[3] == DocumentProgress("paragraph", Progress(0, 0, 0, 50, 0), {})


spans = st.tuples(st.integers(0, 50), st.integers(0, 50))


@given(
    st.lists(spans, max_size=8),
    st.lists(st.tuples(spans, st.sampled_from(["ana", "ben"])), max_size=10),
    st.integers(0, 50),
)
def test_shares_never_exceed_their_whole(units, codings, length):
    got = document_progress({"turn": units}, [coding(s, e, who) for (s, e), who in codings], length)
    for p in [got.total, *got.coders.values()]:
        assert 0 <= p.coded <= p.units and 0.0 <= p.percent <= 100.0
        assert 0 <= p.coded_characters <= p.length and 0.0 <= p.characters_percent <= 100.0
    assert all(p.coded <= got.total.coded for p in got.coders.values())
    assert sum(p.codings for p in got.coders.values()) == got.total.codings
