"""Reports: detected, imported by paragraph, quotations attributed."""

from corpus import preview_document
from corpus.kinds import looks_like_report, speakers_for
from corpus.quotes import find_quotes, fold_group
from tests.corpus.corpus_builders import check_invariants

PROSE = (
    "The programme brought together councils and voluntary groups over two years, and the "
    "evaluation drew on interviews, observation and the minutes of partnership meetings. "
    "What follows summarises the themes that recurred across all of the sites we visited, "
    "with the words of the people who took part wherever they allowed us to quote them."
)

# Written for these tests: a report with headings, prose and three kinds of attribution.
REPORT = (
    "Evaluation of the Community Fund\n\n"
    "1. Introduction\n\n"
    f"{PROSE}\n\n"
    "2. Findings\n\n"
    "2.1 Funding\n\n"
    f"{PROSE}\n\n"
    "\u201cWe do a lot with very little.\u201d\n\n"
    "Interviewee F\n\n"
    "*\u201cThe forms take longer than the work.\u201d (Participant from VCSE)*\n\n"
    "Some were blunter: \u201cnobody reads them\u201d (participants from the VCSE) and moved on.\n\n"
    "\u201cThe council listens now (Participant from Local Authority)\u201d\n\n"
    "Hull CVS (Dana Reyes) said \u2018the hub saved us\u2019 in March.\n\n"
    "Sam Ortiz (Youth Trust) noted that volunteers stay longer. Others disagreed.\n\n"
    "3. Conclusions\n\n"
    f"{PROSE}\n"
)


def quotes_of(doc):
    return [(t.speaker, doc.text[t.start : t.end]) for t in doc.segments_of("turn") if t.speaker]


def test_report_is_detected_and_quotes_are_attributed():
    preview = preview_document("evaluation.txt", REPORT.encode())
    doc = preview.document
    assert (preview.kind, preview.preset) == ("report", "quote_attribution")
    assert quotes_of(doc) == [
        ("Interviewee F", "\u201cWe do a lot with very little.\u201d"),
        (
            "Participant from VCSE",
            "*\u201cThe forms take longer than the work.\u201d (Participant from VCSE)*",
        ),
        ("Participant from VCSE", "\u201cnobody reads them\u201d (participants from the VCSE)"),
        (
            "Participant from Local Authority",
            "\u201cThe council listens now (Participant from Local Authority)\u201d",
        ),
        ("Dana Reyes", "\u2018the hub saved us\u2019"),
        ("Sam Ortiz", "volunteers stay longer."),
    ]
    assert doc.speakers == {
        "Interviewee F": 1,
        "Participant from VCSE": 2,
        "Participant from Local Authority": 1,
        "Dana Reyes": 1,
        "Sam Ortiz": 1,
    }
    assert preview.affiliations == {"Dana Reyes": "Hull CVS", "Sam Ortiz": "Youth Trust"}
    assert preview.coverage.warning is None  # a report is expected to be mostly prose
    turns = doc.segments_of("turn")
    assert turns[0].speaker is None and doc.text[turns[0].start :].startswith("Evaluation of")
    # 15 blocks; a quotation inside a paragraph cuts it in three (a paragraph
    # never spans two turns): "Some were blunter: | “nobody…” (…) | and moved on."
    paragraphs = [doc.text[p.start : p.end] for p in doc.segments_of("paragraph")]
    assert len(paragraphs) == 21
    assert paragraphs[9:12] == [
        "Some were blunter:",
        "\u201cnobody reads them\u201d (participants from the VCSE)",
        "and moved on.",
    ]
    check_invariants(doc.text, doc.segments)


def test_a_transcript_is_not_a_report_and_kind_defaults():
    transcript = (
        "Interviewer: How did it start?\nSam: In a hall.\nInterviewer: And now?\nSam: Contracts."
    )
    preview = preview_document("sam.txt", transcript.encode())
    assert (preview.kind, preview.preset) == ("interview", "colon")
    assert looks_like_report(REPORT, []) and not looks_like_report(transcript, [])
    assert speakers_for("report", "auto") == "quote_attribution"
    assert speakers_for("report", "none") == "none"
    assert speakers_for("interview", "auto") == "auto"
    assert speakers_for(None, "auto") == "auto"
    forced = preview_document("sam.txt", transcript.encode(), kind="report")
    assert forced.document.speakers == {} and forced.kind == "report"


def test_group_variants_fold_to_the_first_spelling():
    assert fold_group("Participants from the VCSE") == fold_group("participant from VCSE")
    assert fold_group("VCSE Participant") == fold_group("participant from VCSE")
    assert fold_group("Participant from Commissioner Group") == "commissioner group participant"
    text = (
        "\u201cOne.\u201d (Participant from Commissioner group)\n\n"
        "\u201cTwo.\u201d (participant from commissioner Group)\n"
    )
    assert [lb.speaker for lb in find_quotes(text)] == ["Participant from Commissioner group"] * 2


def test_a_role_anywhere_in_the_brackets_attributes():
    text = "\u201cWe share kit.\u201d (VCSE participant)\n\n\u201cNo.\u201d (local authority officer)\n"
    assert [(lb.speaker, text[lb.start : lb.end]) for lb in find_quotes(text)] == [
        ("VCSE participant", "\u201cWe share kit.\u201d (VCSE participant)"),
        ("local authority officer", "\u201cNo.\u201d (local authority officer)"),
    ]


def test_brackets_that_are_not_attributions_are_ignored():
    text = (
        "\u201cThe Act (2012) changed things.\u201d (see page 4)\n\nAnd \u201cso\u201d (2013) on."
    )
    assert find_quotes(text) == []
