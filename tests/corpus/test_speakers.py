import pytest

from corpus.model import Turn
from corpus.speakers import (
    PRESETS,
    detect,
    detect_turns,
    speaker_summary,
    suggest_aliases,
)


def spans(text, turns):
    return [(t.speaker, text[t.start : t.end]) for t in turns]


INTERVIEW = (
    "Transcript 4, recorded at the food bank\n"
    "\n"
    "Interviewer: How did it start?\n"
    "SARAH: With a kettle.\n"
    "\n"
    "And a church hall.\n"
    "Interviewer:\n"
    "Then what?\n"
    "SARAH: Growth, fast.\n"
)


def test_colon_labels_exact_spans_and_preamble_without_turn():
    detection = detect(INTERVIEW)
    assert detection.preset == "colon"
    assert detection.turns == [
        Turn(54, 71, "Interviewer"),
        Turn(79, 113, "SARAH"),
        Turn(127, 137, "Interviewer"),
        Turn(145, 158, "SARAH"),
    ]
    assert spans(INTERVIEW, detection.turns) == [
        ("Interviewer", "How did it start?"),
        ("SARAH", "With a kettle.\n\nAnd a church hall."),
        ("Interviewer", "Then what?"),
        ("SARAH", "Growth, fast."),
    ]
    assert [t.label_start for t in detection.turns] == [41, 72, 114, 138]
    assert INTERVIEW[41:54] == "Interviewer: "


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        (
            "Interviewee G: Yes.\nInterviewer: Why?\nInterviewee G: Money.",
            {"Interviewee G": 2, "Interviewer": 1},
        ),
        (
            "Participant 3: We cook.\nFacilitator: Who eats?\nParticipant 3: Anyone.",
            {"Participant 3": 2, "Facilitator": 1},
        ),
        ("P3: We cook.\nI: Who eats?", {"P3": 1, "I": 1}),
        ("I: Tell me.\nR: Well.\nI: Go on.", {"I": 2, "R": 1}),
        ("Q: What is social value?\nA: Hard to say.", {"Q": 1, "A": 1}),
        (
            "Dr Mo Ali: Fine.\nJo Smith-Jones: Good.\nDr Mo Ali: Yes.\nJo Smith-Jones: No.",
            {"Dr Mo Ali": 2, "Jo Smith-Jones": 2},
        ),
        ("ZOË: Hiya.\nÅSA: Hej.\nZOË: Bye.\nÅSA: Hej då.", {"ZOË": 2, "ÅSA": 2}),
    ],
)
def test_colon_label_variants(text, summary):
    detection = detect(text)
    assert detection.preset == "colon"
    assert speaker_summary(detection.turns) == summary


def test_ordinary_prose_is_not_mistaken_for_speakers():
    text = (
        "Contact information\n\n"
        "For Knowsley CVS:\n\n"
        "Tel: 0151 489 1222\n\n"
        "E-mail: someone@example.org\n\n"
        "Note: figures are rounded.\n\n"
        "Tel: 0151 795 3802\n\n"
        "E-mail: other@example.org\n\n"
        "Figure 2: Changes observed\n\n"
        "Website: www.example.org\n\n"
        "The following objectives frame the study:\n"
    )
    assert detect(text) == detect(text)  # deterministic
    assert detect(text).preset is None
    assert detect_turns(text) == []


def test_one_role_label_is_not_enough_in_auto_mode():
    assert (
        detect_turns("Interviewer: Jane Doe\n\nThe interview covered funding and volunteers.") == []
    )
    assert (
        len(detect_turns("Interviewer: Jane Doe\n\nThe interview covered funding.", "colon")) == 1
    )


def test_unrepeated_names_are_dropped_but_roles_kept():
    text = "Interviewer: Why?\nBob: Because.\nInterviewer: And?\nP2: Also."
    assert spans(text, detect_turns(text)) == [
        ("Interviewer", "Why?\nBob: Because."),
        ("Interviewer", "And?"),
        ("P2", "Also."),
    ]


def test_timestamp_then_name():
    text = "[00:01:23] Speaker 1: Hello there.\n[00:01:30] Speaker 2: Hi.\n[00:02:05] Speaker 1: Shall we start?"
    detection = detect(text)
    assert detection.preset == "timestamp_name"
    assert spans(text, detection.turns) == [
        ("Speaker 1", "Hello there."),
        ("Speaker 2", "Hi."),
        ("Speaker 1", "Shall we start?"),
    ]
    assert [t.meta for t in detection.turns] == [
        {"time": "00:01:23"},
        {"time": "00:01:30"},
        {"time": "00:02:05"},
    ]
    assert detection.turns[1].label_start == 35


def test_name_then_timestamp():
    text = (
        "Speaker 1 (00:01:23): Hello there.\nSpeaker 2 (00:01:30):\nHi.\nSpeaker 1 (1:02:05): Bye."
    )
    detection = detect(text)
    assert detection.preset == "name_timestamp"
    assert spans(text, detection.turns) == [
        ("Speaker 1", "Hello there."),
        ("Speaker 2", "Hi."),
        ("Speaker 1", "Bye."),
    ]
    assert [t.meta["time"] for t in detection.turns] == ["00:01:23", "00:01:30", "1:02:05"]


def test_bracket_ids_qualcoder_style():
    text = (
        "[id1] hello, I like it.\n\n[id2] I struggle.\n\n[id1] Same here [really].\n[1] a footnote"
    )
    detection = detect(text)
    assert detection.preset == "bracket_id"
    assert spans(text, detection.turns) == [
        ("id1", "hello, I like it."),
        ("id2", "I struggle."),
        ("id1", "Same here [really].\n[1] a footnote"),
    ]


def test_markdown_bold_names_with_affiliation():
    text = (
        "# Round table\n\n"
        "**Sam Lee** (Food Bank) We started in 2010.\n\n"
        "**Ana Ruiz**: And we joined later.\n\n"
        "**Sam Lee:** Right.\n\n"
        "**Ana Ruiz** (Youth Trust)\nExactly."
    )
    detection = detect(text)
    assert detection.preset == "markdown_bold"
    assert spans(text, detection.turns) == [
        ("Sam Lee", "We started in 2010."),
        ("Ana Ruiz", "And we joined later."),
        ("Sam Lee", "Right."),
        ("Ana Ruiz", "Exactly."),
    ]
    assert [t.meta for t in detection.turns] == [
        {"affiliation": "Food Bank"},
        {},
        {},
        {"affiliation": "Youth Trust"},
    ]


def test_markdown_bold_headings_are_not_speakers():
    text = "**Shared language**\n\nThere were differences.\n\n**Taking risks**\n\nLetting go of control."
    assert detect_turns(text) == []


SEMINAR = (
    "Seminar notes, 3 May\n"
    "\n"
    "10.30 \u2013 Pat Avery (Knowsley CVS)\n"
    "Funding has halved since 2010.\n"
    "\n"
    "11.15 \u2013 Dr Lee Chan (University of Hull)\n"
    "We mapped 40 groups.\n"
    "\n"
    "PA \u2013 Did the map include faith groups?\n"
    "LC \u2013 Yes, twelve of them.\n"
    "JB \u2013 What about sport?\n"
    "PA \u2013 Sport too.\n"
    "JB \u2013 Thanks.\n"
)


def test_seminar_notes_map_initials_to_names():
    detection = detect(SEMINAR)
    assert detection.preset == "seminar"
    assert spans(SEMINAR, detection.turns) == [
        ("Pat Avery", "Funding has halved since 2010."),
        ("Dr Lee Chan", "We mapped 40 groups."),
        ("Pat Avery", "Did the map include faith groups?"),
        ("Dr Lee Chan", "Yes, twelve of them."),
        ("JB", "What about sport?"),
        ("Pat Avery", "Sport too."),
        ("JB", "Thanks."),
    ]
    assert detection.turns[0].meta == {"time": "10.30", "affiliation": "Knowsley CVS"}
    assert detection.turns[2].meta == {"alias": "PA"}
    assert detection.aliases == [("PA", "Pat Avery"), ("LC", "Dr Lee Chan")]


QUOTES = (
    "Funding was the main theme.\n"
    "\n"
    "\u201cWe do a lot with a little.\u201d\n"
    "\n"
    "Interviewee F\n"
    "\n"
    "Others agreed.\n"
    "\n"
    '"Weekly reports, monthly reports."\n'
    "\n"
    "\u00a0\n"
    "Interviewee G\n"
    "\n"
    "\u201cA quote with no attribution.\u201d\n"
    "\n"
    "Contact information\n"
)


def test_quote_followed_by_attribution_line():
    detection = detect(QUOTES)
    assert detection.preset == "quote_attribution"
    assert detection.turns == [Turn(29, 57, "Interviewee F"), Turn(90, 124, "Interviewee G")]
    assert spans(QUOTES, detection.turns) == [
        ("Interviewee F", "\u201cWe do a lot with a little.\u201d"),
        ("Interviewee G", '"Weekly reports, monthly reports."'),
    ]


def test_custom_regex_with_speaker_and_time_groups():
    text = "Dan says: hello\nnot a label says: no\nEve says: hi\n  Dan says: indented"
    turns = detect_turns(text, r"(?P<speaker>[A-Z][a-z]+) says:\s*")
    assert spans(text, turns) == [
        ("Dan", "hello\nnot a label says: no"),
        ("Eve", "hi\n  Dan says: indented"),
    ]
    timed = detect_turns(
        "<01:02> Kim | ok\n<01:09> Lou | fine", r"<(?P<time>[\d:]+)> (?P<speaker>\w+) \| "
    )
    assert [(t.speaker, t.meta) for t in timed] == [
        ("Kim", {"time": "01:02"}),
        ("Lou", {"time": "01:09"}),
    ]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(?P<speaker>[A-Z", "invalid speaker pattern"),
        (r"[A-Z]+:", "needs a named group"),
        ("custom", "needs a regex"),
    ],
)
def test_bad_custom_patterns_raise_value_error(pattern, message):
    with pytest.raises(ValueError, match=message):
        detect_turns("A: b", pattern)


def test_none_and_explicit_preset():
    assert detect_turns(INTERVIEW, "none") == []
    assert detect(INTERVIEW, "none").preset is None
    assert detect_turns(INTERVIEW, "bracket_id") == []
    assert len(detect_turns(INTERVIEW, "colon")) == 4


def test_label_without_text_gives_no_turn():
    text = "Interviewer:\nSARAH: Yes.\nInterviewer: Good.\nSARAH:"
    assert spans(text, detect_turns(text)) == [("SARAH", "Yes."), ("Interviewer", "Good.")]


def test_every_preset_is_described():
    assert list(PRESETS) == [
        "timestamp_name",
        "name_timestamp",
        "bracket_id",
        "markdown_bold",
        "seminar",
        "quote_attribution",
        "colon",
        "custom",
    ]
    for name, preset in PRESETS.items():
        assert preset.name == name and preset.description and preset.example
        if preset.finder is not None:
            text = f"{preset.example}\n\nWords here.\n\n{preset.example}\n\nMore words."
            assert len(detect(text, name).turns) == 2, name


def test_speaker_summary_counts_in_first_seen_order():
    turns = [Turn(0, 1, "B"), Turn(2, 3, "A"), Turn(4, 5, None), Turn(6, 7, "B")]
    assert speaker_summary(turns) == {"B": 2, "A": 1}
    assert list(speaker_summary(turns)) == ["B", "A"]


def test_suggest_aliases():
    labels = [
        "Interviewer",
        "SARAH",
        "Sarah",
        "PA",
        "Pat Avery",
        "P3",
        "Participant 3",
        "I",
        "Jo",
        "Jo Smith",
        "Bob",
    ]
    assert suggest_aliases(labels) == [
        ("SARAH", "Sarah"),
        ("PA", "Pat Avery"),
        ("P3", "Participant 3"),
        ("I", "Interviewer"),
        ("Jo", "Jo Smith"),
    ]


def test_suggest_aliases_resolves_chains_and_skips_ambiguous():
    assert suggest_aliases(["SARAH", "Sarah", "Sarah Jones"]) == [
        ("SARAH", "Sarah Jones"),
        ("Sarah", "Sarah Jones"),
    ]
    assert suggest_aliases(["PA", "Pat Avery", "Paul Adams"]) == []
    assert suggest_aliases([]) == []
