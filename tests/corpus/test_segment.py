import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.model import Segment, Turn
from corpus.normalize import canonicalize
from corpus.segment import get_nlp, segment_text
from corpus.speakers import detect_turns
from corpus.words import word_count
from tests.corpus.corpus_builders import check_invariants


def by_kind(text, segments, kind):
    return [(text[s.start : s.end], s.speaker) for s in segments if s.kind == kind]


def test_paragraphs_and_sentences_without_turns():
    text = "  First one. Second one!\n\n\n  Third?\n \nFourth line\nstill fourth."
    segments = segment_text(text, None)
    assert [s for s in segments if s.kind == "paragraph"] == [
        Segment("paragraph", 2, 24),
        Segment("paragraph", 29, 35),
        Segment("paragraph", 38, 63),
    ]
    assert by_kind(text, segments, "sentence") == [
        ("First one.", None),
        ("Second one!", None),
        ("Third?", None),
        ("Fourth line\nstill fourth.", None),
    ]
    assert by_kind(text, segments, "turn") == []


def test_paragraphs_split_at_turns_and_keep_the_label():
    text = "Preamble line.\nInterviewer: Why? Tell me.\nP1: Because.\n\nMore from P1.\nInterviewer: Ok."
    turns = detect_turns(text)
    segments = segment_text(text, turns)
    assert by_kind(text, segments, "turn") == [
        ("Why? Tell me.", "Interviewer"),
        ("Because.\n\nMore from P1.", "P1"),
        ("Ok.", "Interviewer"),
    ]
    assert by_kind(text, segments, "paragraph") == [
        ("Preamble line.", None),
        ("Interviewer: Why? Tell me.", "Interviewer"),
        ("P1: Because.", "P1"),
        ("More from P1.", "P1"),
        ("Interviewer: Ok.", "Interviewer"),
    ]
    assert by_kind(text, segments, "sentence") == [
        ("Preamble line.", None),
        ("Interviewer: Why?", "Interviewer"),
        ("Tell me.", "Interviewer"),
        ("P1: Because.", "P1"),
        ("More from P1.", "P1"),
        ("Interviewer: Ok.", "Interviewer"),
    ]
    check_invariants(text, segments)


def test_turn_meta_is_copied_to_turn_segments():
    text = "Hello there. General Kenobi."
    segments = segment_text(text, [Turn(0, 28, "Ben", {"time": "00:00:01.000"})])
    assert segments[0] == Segment("turn", 0, 28, "Ben")
    assert segments[0].meta == {"time": "00:00:01.000"}
    assert [s.kind for s in segments] == ["turn", "paragraph", "sentence", "sentence"]


def test_untrimmed_overlapping_turns_are_cleaned():
    text = "A: one two\nB: three"
    segments = segment_text(text, [Turn(2, 11, "A"), Turn(8, 19, "B")])
    assert by_kind(text, segments, "turn") == [("one two", "A"), ("B: three", "B")]
    check_invariants(text, segments)


def test_quote_turns_leave_the_narrative_without_speaker():
    text = "Intro.\n\n\u201cA quote.\u201d\n\nInterviewee F\n\nAfter.\n\n\u201cAnother.\u201d\n\nInterviewee F"
    segments = segment_text(text, detect_turns(text))
    assert by_kind(text, segments, "paragraph") == [
        ("Intro.", None),
        ("\u201cA quote.\u201d", "Interviewee F"),
        ("Interviewee F", None),
        ("After.", None),
        ("\u201cAnother.\u201d", "Interviewee F"),
        ("Interviewee F", None),
    ]


def test_empty_and_whitespace_text():
    assert segment_text("", None) == []
    assert segment_text(" \n\t\n ", []) == []


def test_word_count():
    assert word_count("It's a well-known fact: £2,000 for 3.5 groups \u2014 isn\u2019t it?") == 10
    assert word_count("") == 0


def test_get_nlp_is_cached_and_falls_back_for_missing_models():
    assert get_nlp() is get_nlp(None)
    assert get_nlp("blank") is get_nlp()
    assert get_nlp("de").lang == "de"
    with pytest.warns(UserWarning, match="not installed"):
        nlp = get_nlp("xx_no_such_model_sm")
    assert nlp.pipe_names == ["sentencizer"]


def test_long_paragraph_is_fed_to_spacy_in_pieces():
    text = ("word " * 60_000).strip() + "."
    segments = segment_text(text, None)
    assert len([s for s in segments if s.kind == "paragraph"]) == 1
    sentences = [s for s in segments if s.kind == "sentence"]
    assert [(s.start, s.end) for s in sentences] == [
        (0, 99999),
        (100000, 199994),
        (199995, 299989),
        (299990, 300000),
    ]
    check_invariants(text, segments)


@pytest.mark.slow
def test_five_megabytes_complete():
    block = "Interviewer: How is funding? Tell me more.\nP1: Hard. We bid every month.\n\n"
    text = canonicalize(block * (5_000_000 // len(block)))
    started = time.perf_counter()
    turns = detect_turns(text)
    segments = segment_text(text, turns)
    elapsed = time.perf_counter() - started
    assert len(turns) == 2 * (5_000_000 // len(block))
    assert len([s for s in segments if s.kind == "sentence"]) == 2 * len(turns)
    assert elapsed < 120  # a generous bound that only a quadratic blow-up would reach


LABELISH = st.sampled_from(
    [
        "Interviewer: ",
        "P1: ",
        "SARAH: ",
        "[id1] ",
        "**Sam** ",
        "\u201cQuote.\u201d\n\nInterviewee F\n",
        "Tel: ",
    ]
)
TEXTISH = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=30),
        st.sampled_from(["\n", "\n\n", "\r\n", "\r", " ", "\t", ". ", "e\u0301", "\u00a0\n", "?!"]),
        LABELISH,
    ),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTISH)
def test_invariants_on_arbitrary_text(raw):
    for text in (raw, canonicalize(raw)):
        turns = detect_turns(text)
        segments = segment_text(text, turns)
        check_invariants(text, segments)
        turn_spans = [(s.start, s.end) for s in segments if s.kind == "turn"]
        assert turn_spans == [(t.start, t.end) for t in turns]


@settings(max_examples=100, deadline=None)
@given(st.text(), st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60)), max_size=5))
def test_invariants_with_arbitrary_turns(text, raw_turns):
    turns = [Turn(min(a, b), max(a, b), "S") for a, b in raw_turns]
    check_invariants(text, segment_text(text, turns))


@settings(max_examples=200, deadline=None)
@given(TEXTISH)
def test_fast_sentence_rule_matches_spacy_sentencizer(text):
    from corpus.segment import _sentence_bounds

    nlp = get_nlp()
    expected = [sent.start_char for sent in nlp(text).sents] or [0]
    assert _sentence_bounds(nlp, [text]) == [expected]


def test_fast_segment_constructor_builds_ordinary_segments():
    from corpus.segment import _segment

    fast = _segment("sentence", 3, 9, "Ana", {"k": 1})
    slow = Segment("sentence", 3, 9, "Ana", {"k": 1})
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    with pytest.raises(AttributeError):
        fast.start = 4
