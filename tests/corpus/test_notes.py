"""Seminar/meeting notes: speakers scored from several patterns, agenda lines,
initials, unknown speakers; no text outside every turn; edits; affiliations."""

from corpus import preview_document
from corpus.model import Turn
from corpus.review import SpeakerEdits, apply_edits, cover_text
from corpus.speakers import detect
from tests.corpus.corpus_builders import check_invariants

# Written for these tests: a Word export to Markdown of seminar notes.
NOTES_MD = (
    "# Community Seminar\n\n"
    "Notes taken by the organisers.\n\n"
    "10.25 \u2013 **Pat Adams** (*Knowsley CVS*) welcomes everyone and sets out the day.\n\n"
    "10.40 \u2013 **Jo Green** (*Food Trust*) describes the pantry.\n\n"
    "PA \u2013 How many volunteers?\n\n"
    "Jo Green (Food Trust)\u2013 About forty. It varies. **PA** \u2013 And funding?\n\n"
    "?? \u2013 Could the slides be shared?\n\n"
    "Questions\n\n"
    "JG \u2013 The slides will go round.\n\n"
    "Lunch\n\n"
    "Panel Session\n\n"
    "Task \u2013 list three local assets.\n\n"
    "?? \u2013 Parks.\n"
)

EXPECTED = [
    (None, "Community Seminar\n\nNotes taken by the organisers."),
    ("Pat Adams", "welcomes everyone and sets out the day."),
    ("Jo Green", "describes the pantry."),
    ("Pat Adams", "How many volunteers?"),
    ("Jo Green", "About forty. It varies."),
    ("Pat Adams", "And funding?"),
    ("??", "Could the slides be shared?"),
    (None, "Questions"),
    ("Jo Green", "The slides will go round."),
    (None, "Lunch"),
    (None, "Panel Session"),
    (None, "Task \u2013 list three local assets."),
    ("??", "Parks."),
]


def turns_of(doc):
    return [(t.speaker, doc.text[t.start : t.end]) for t in doc.segments_of("turn")]


def test_markdown_notes_give_exact_turns_speakers_and_affiliations():
    preview = preview_document("seminar.md", NOTES_MD.encode())
    doc = preview.document
    assert doc.meta["markup"] == "markdown" and doc.original == NOTES_MD.rstrip()
    assert preview.preset == "seminar" and preview.kind == "seminar"
    assert turns_of(doc) == EXPECTED
    assert doc.speakers == {"Pat Adams": 3, "Jo Green": 3, "??": 2}
    assert preview.aliases == [("PA", "Pat Adams"), ("JG", "Jo Green")]
    assert preview.affiliations == {"Pat Adams": "Knowsley CVS", "Jo Green": "Food Trust"}
    first = doc.segments_of("turn")[1]
    assert (first.start, first.end) == (84, 123)
    assert doc.text[51:84] == "10.25 \u2013 Pat Adams (Knowsley CVS) "
    # the speaker change inside a paragraph cuts the paragraph there
    paragraphs = [doc.text[p.start : p.end] for p in doc.segments_of("paragraph")]
    assert "Jo Green (Food Trust)\u2013 About forty. It varies." in paragraphs
    assert "PA \u2013 And funding?" in paragraphs
    check_invariants(doc.text, doc.segments)


def test_no_character_is_outside_every_turn():
    doc = preview_document("seminar.md", NOTES_MD.encode()).document
    turns = doc.segments_of("turn")
    outside = doc.text[: turns[0].start] + "".join(
        doc.text[a.end : b.start] for a, b in zip(turns, turns[1:], strict=False)
    )
    # only labels and whitespace lie between turns
    assert outside.split() == [
        "10.25", "\u2013", "Pat", "Adams", "(Knowsley", "CVS)",
        "10.40", "\u2013", "Jo", "Green", "(Food", "Trust)",
        "PA", "\u2013", "Jo", "Green", "(Food", "Trust)\u2013", "PA", "\u2013", "??", "\u2013",
        "JG", "\u2013", "??", "\u2013",
    ]  # fmt: skip


def test_emphasis_markers_are_stripped_from_labels_with_exact_offsets():
    # the same notes read as plain text: the markers stay in the text
    text = NOTES_MD.rstrip()
    detection = detect(text)
    assert detection.preset == "seminar"
    pat = detection.turns[0]
    assert pat.speaker == "Pat Adams" and pat.meta == {
        "time": "10.25",
        "affiliation": "Knowsley CVS",
    }
    assert text[pat.label_start : pat.start] == "10.25 \u2013 **Pat Adams** (*Knowsley CVS*) "
    inline = [t for t in detection.turns if t.meta.get("alias") == "PA"][1]
    assert text[inline.label_start : inline.end] == "**PA** \u2013 And funding?"


def test_name_comma_organisation_and_unknown_speakers():
    text = (
        "Sam Lee, Youth Trust \u2013 We run two clubs.\n"
        "Ana Ruiz, Food Bank \u2013 We feed sixty families.\n"
        "? \u2013 Who pays for the hall?\n"
        "Sam Lee \u2013 The parish.\n"
    )
    preview = preview_document("meeting.txt", text.encode())
    assert turns_of(preview.document) == [
        ("Sam Lee", "We run two clubs."),
        ("Ana Ruiz", "We feed sixty families."),
        ("?", "Who pays for the hall?"),
        ("Sam Lee", "The parish."),
    ]
    assert preview.affiliations == {"Sam Lee": "Youth Trust", "Ana Ruiz": "Food Bank"}
    assert preview.coverage.percent == 97.8  # the line ends between turns are outside


def test_prose_with_dashes_and_headings_has_no_speakers():
    text = (
        "Funding \u2013 the main theme \u2013 came up often.\n\n"
        "Questions\n\n"
        "The Council \u2013 as ever \u2013 was absent.\n\n"
        "Lunch\n"
    )
    assert detect(text).turns == []


def test_edits_rename_merge_undo_alias_and_not_a_speaker():
    data = NOTES_MD.encode()
    edits = SpeakerEdits(
        rename={"??": "Audience", "Jo Green": "Joanne Green"},
        not_speakers=frozenset({"Audience"}),
        keep_as_written=frozenset({"PA"}),
    )
    preview = preview_document("seminar.md", data, edits=edits)
    doc = preview.document
    assert doc.speakers == {"Pat Adams": 1, "Joanne Green": 3, "PA": 2}
    assert turns_of(doc)[4:8] == [
        ("Joanne Green", "About forty. It varies."),
        ("PA", "And funding?\n\n?? \u2013 Could the slides be shared?"),
        (None, "Questions"),
        ("Joanne Green", "The slides will go round."),
    ]
    assert preview.aliases == [("JG", "Joanne Green")]
    paragraphs_only = preview_document("seminar.md", data, edits=SpeakerEdits(paragraphs_only=True))
    assert paragraphs_only.document.speakers == {}
    assert paragraphs_only.document.segments_of("turn") == []
    check_invariants(doc.text, doc.segments)


def test_cover_text_and_apply_edits_on_plain_turns():
    text = "Intro.\n\nA: one\n\nmiddle\n\nB: two\n\ntail"
    turns = [Turn(11, 14, "A", {}, 8), Turn(27, 30, "B", {}, 24)]
    assert [(t.speaker, text[t.start : t.end]) for t in cover_text(text, turns)] == [
        (None, "Intro."),
        ("A", "one"),
        (None, "middle"),
        ("B", "two"),
        (None, "tail"),
    ]
    assert cover_text(text, [Turn(0, 6, None)]) == []
    merged = apply_edits(turns, SpeakerEdits(not_speakers=frozenset({"B"})))
    assert merged == [Turn(11, 30, "A", {}, 8)]
    first = apply_edits(turns, SpeakerEdits(not_speakers=frozenset({"A"})))
    assert first == [Turn(8, 14, None), Turn(27, 30, "B", {}, 24)]


def test_minutes_with_an_attendee_list_are_a_report_or_warned_as_meeting_notes():
    prose = "A long paragraph of minutes that belongs to no speaker at all. " * 10
    text = (
        "Attendees\n\nPat Adams \u2013 chair\n\nJo Green \u2013 notes\n\n"
        "Pat Adams \u2013 welcome.\n\nJo Green \u2013 thanks.\n\n"
        f"Findings\n\n{prose}\n\nNext steps\n\n{prose}\n"
    )
    report = preview_document("minutes.txt", text.encode())
    assert (report.kind, report.preset, report.document.speakers) == (
        "report",
        "quote_attribution",
        {},
    )
    assert report.document.segments_of("turn") == []  # paragraphs only
    preview = preview_document("minutes.txt", text.encode(), kind="meeting")
    doc = preview.document
    assert doc.speakers == {"Pat Adams": 2, "Jo Green": 2}
    assert [t.speaker for t in doc.segments_of("turn")] == [
        None, "Pat Adams", "Jo Green", "Pat Adams", "Jo Green", None, None
    ]  # fmt: skip
    assert preview.coverage.percent == 5.2
    assert preview.coverage.warning == (
        "only 5.2% of the text is in speaker turns: check the labels, "
        "or import as paragraphs only (or as a report)"
    )
    assert preview.coverage.speakers["Pat Adams"].first_lines == ["chair", "welcome."]
    assert preview.coverage.unattributed_turns == 3


def test_auto_skips_only_presets_that_could_find_nothing():
    from corpus.speakers import _NEEDS, PRESETS, _keep, _run, build_turns
    from tests.corpus.test_quotes import REPORT
    from tests.corpus.test_speakers import INTERVIEW, QUOTES, SEMINAR

    texts = [NOTES_MD, NOTES_MD.replace("**", ""), REPORT, INTERVIEW, QUOTES, SEMINAR]
    texts += [
        "[00:01] Sam: hi\n[00:02] Ana: yo",
        "Sam (00:01): hi\nAna (00:02): yo",
        "[id1] a\n[id2] b",
    ]
    for name in _NEEDS:
        preset = PRESETS[name]
        for text in texts:
            full = build_turns(text, _keep(name, preset.finder(text), True))
            assert _run(text, preset, True) == full, (name, text[:30])
            if not _NEEDS[name](text):
                assert full == []


def test_surnames_that_are_agenda_words_stay_names():
    text = "Jo Day \u2013 We met.\nSam Close \u2013 Yes.\nJo Day \u2013 Again.\nSam Close \u2013 Fine.\nLunch\n"
    assert [(t.speaker, text[t.start : t.end]) for t in detect(text).turns] == [
        ("Jo Day", "We met."),
        ("Sam Close", "Yes."),
        ("Jo Day", "Again."),
        ("Sam Close", "Fine."),
        (None, "Lunch"),
    ]


def test_a_job_title_before_the_organisation_is_kept_apart():
    text = "10.00 \u2013 Pat Adams (Chief Executive Officer, Knowsley CVS) \u2013 Hello.\nPA \u2013 Bye.\n"
    turns = detect(text).turns
    assert turns[0].meta == {
        "time": "10.00",
        "affiliation": "Knowsley CVS",
        "role": "Chief Executive Officer",
    }
    assert preview_document("n.txt", text.encode()).affiliations == {"Pat Adams": "Knowsley CVS"}


def test_the_same_notes_from_docx_and_html():
    from tests.corpus.corpus_builders import make_docx

    lines = NOTES_MD.replace("**", "").replace("*", "").split("\n\n")
    lines = [line.removeprefix("# ").strip() for line in lines if line.strip()]
    docx = make_docx([[(line, False)] for line in lines])
    html = "<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>"
    for name, data in (("notes.docx", docx), ("notes.html.txt", html.encode())):
        preview = preview_document(name, data)
        doc = preview.document
        assert turns_of(doc) == EXPECTED, name
        assert preview.affiliations == {"Pat Adams": "Knowsley CVS", "Jo Green": "Food Trust"}
        check_invariants(doc.text, doc.segments)


def test_word_exports_with_no_break_spaces():
    text = (
        "10.25\u00a0\u2013 Pat Adams (Knowsley CVS) welcomes everyone.\n"
        "PA\u00a0\u2013\u00a0Funding first.\n"
        "Jo\u00a0Green\u00a0(Food Trust)\u2013 Agreed. JG\u00a0\u2013 And more.\n"
        "Jo Green \u2013 Thanks.\n"
    )
    assert [(t.speaker, text[t.start : t.end]) for t in detect(text).turns] == [
        ("Pat Adams", "welcomes everyone."),
        ("Pat Adams", "Funding first."),
        ("Jo Green", "Agreed."),
        ("Jo Green", "And more."),
        ("Jo Green", "Thanks."),
    ]


def test_sentence_openers_before_a_comma_are_not_speakers():
    text = (
        "However, Knowsley CVS \u2013 as ever \u2013 was there.\n"
        "However, Food Trust \u2013 again.\n"
        "Overall, Hull CVS \u2013 fine.\n"
    )
    assert detect(text).turns == []


def test_a_known_name_with_a_colon_is_a_turn_of_the_notes_too():
    text = (
        "10.25 \u2013 Pat Adams (Knowsley CVS) welcomes everyone.\n"
        "Jo Green \u2013 Thanks.\n"
        "Pat Adams: First point.\n"
        "JG: Second point.\n"
        "Jo Green \u2013 Agreed.\n"
        "Note: the room was cold.\n"
    )
    detection = detect(text)
    assert detection.preset == "seminar"
    assert [(t.speaker, text[t.start : t.end]) for t in detection.turns] == [
        ("Pat Adams", "welcomes everyone."),
        ("Jo Green", "Thanks."),
        ("Pat Adams", "First point."),
        ("Jo Green", "Second point."),
        ("Jo Green", "Agreed.\nNote: the room was cold."),
    ]
