"""Real files from ../shared (skipped on machines without it). Expected values
were checked by reading the files."""

from corpus import parse_document, preview_document
from corpus.surveys import read_survey
from tests.corpus.corpus_builders import check_invariants, shared_bytes, shared_glob


def test_report_000_quotes_attributed_to_interviewees():
    name, data = shared_glob("seeds", "000_*.txt")
    preview = preview_document(name, data)
    doc = preview.document
    assert preview.kind == "report"
    assert preview.preset == "quote_attribution"
    assert doc.meta["markup"] == "markdown"
    assert doc.speakers == {
        "Interviewee F": 3,
        "Interviewee G": 1,
        "Interviewee I": 3,
        "Interviewee K": 1,
        "Interviewee D": 1,
        "Interviewee A": 1,
        "Interviewee L": 1,
    }
    turns = doc.segments_of("turn")
    assert turns[0].speaker is None and doc.text[turns[0].start :].startswith("UNIVERSITY OF")
    quotes = [t for t in turns if t.speaker]
    assert (
        doc.text[quotes[0].start : quotes[0].end]
        == '"You have to get used to firefighting and doing a lot with a little."'
    )
    assert doc.text[quotes[-1].start : quotes[-1].end] == (
        '"I love the sport, knew the area and it helps keep kids off of the street."'
    )
    assert len(quotes) == 11 and len(turns) == 23  # the prose between them: 12 turns, no speaker
    assert all(doc.text[t.end : t.end + 2] == "\n\n" for t in quotes)
    assert preview.coverage.percent == 3.1 and preview.coverage.warning is None
    # the contact block (Tel:, E-mail:, Website:) yields no speaker
    assert not any(
        label.split()[0] in ("Tel", "E-mail", "Website", "For") for label in doc.speakers
    )
    assert len(doc.segments_of("paragraph")) == 251  # list items are paragraphs now
    check_invariants(doc.text, doc.segments)


def test_report_002_markdown_with_bracketed_attributions():
    name, data = shared_glob("seeds", "002_*.txt")
    preview = preview_document(name, data)
    doc = preview.document
    assert (preview.kind, preview.preset, doc.meta["markup"]) == (
        "report",
        "quote_attribution",
        "markdown",
    )
    # every "(Participant from ...)" of the file and the two "(VCSE participant)",
    # case and wording variants folded into one group named as first written
    assert doc.speakers == {
        "Participant from Local Authority meeting": 3,
        "VCSE participant": 9,
        "Participant from Commissioner group": 5,
    }
    assert doc.text.startswith("ENABLING SOCIAL ACTION PROGRAMME\n\nFINDINGS FROM")
    assert doc.original.startswith("\n\n# ENABLING SOCIAL ACTION PROGRAMME\n")
    assert "**" not in doc.text and "](mailto:" not in doc.text
    first = doc.segments_of("paragraph")[0]
    assert (first.start, first.end) == (0, len("ENABLING SOCIAL ACTION PROGRAMME"))
    # 130 blocks; the quotation in prose (VCSE participant) cuts its paragraph in three
    assert len(doc.segments_of("paragraph")) == 132
    assert preview.coverage.percent == 13.4
    check_invariants(doc.text, doc.segments)


def test_qualcoder_bracket_transcript():
    doc = parse_document(
        "qualcoder-transcript.txt", shared_bytes("samples", "qualcoder-transcript.txt")
    )
    assert doc.meta["speaker_preset"] == "bracket_id"
    assert doc.speakers == {"id1": 3, "id2": 2, "id3": 2}
    assert [s.speaker for s in doc.segments_of("turn")] == [
        "id1",
        "id2",
        "id3",
        "id1",
        "id3",
        "id1",
        "id2",
    ]
    last = doc.segments_of("turn")[-1]
    assert (
        doc.text[last.start : last.end]
        == "Hmm, I will ask the tutor for more help as I am really struggling."
    )
    check_invariants(doc.text, doc.segments)


def test_qualcoder_docx():
    doc = parse_document("qualcoder-ID1.docx", shared_bytes("samples", "qualcoder-ID1.docx"))
    assert doc.format == "docx" and doc.speakers == {}
    assert len(doc.segments_of("paragraph")) == 3
    assert doc.text.startswith("I really like learning new things.")
    assert "\u20ac200." in doc.text
    check_invariants(doc.text, doc.segments)


def test_qualcoder_odt():
    doc = parse_document("qualcoder-ID2.odt", shared_bytes("samples", "qualcoder-ID2.odt"))
    assert doc.format == "odt"
    assert [doc.text[s.start : s.end] for s in doc.segments_of("paragraph")] == [
        "I have not studied much before, but my father Joe Bloggs really encouraged me to study again. "
        "I know that I must get help as I have struggled understanding the lecture slides so far and "
        "searching the web did not help.",
        "I really want someone to sit down with me and explain the course material.",
        "The course cost \u20ac200.00 and I do not want to waste my money.",
    ]


def test_qualcoder_survey_csv():
    survey = read_survey(
        "qualcoder-survey456.csv", shared_bytes("samples", "qualcoder-survey456.csv")
    )
    assert survey.id_column == "Case"
    assert survey.text_columns == ["freetext"]
    assert survey.attribute_columns == ["Age", "Gender", "Interest"]
    assert [r.id for r in survey.respondents] == ["ID4", "ID5", "ID6"]
    assert survey.respondents[1].attributes == {"Age": "", "Gender": "m", "Interest": "golf"}
    assert survey.respondents[2].answers["freetext"].endswith("doing my gardening.")


def test_qualcoder_cases_csv():
    survey = read_survey(
        "qualcoder-cases123.csv", shared_bytes("samples", "qualcoder-cases123.csv")
    )
    assert (survey.id_column, survey.text_columns) == ("case", [])
    assert survey.attribute_columns == ["Age", "gender", "interest"]
    assert [(r.id, r.attributes["interest"]) for r in survey.respondents] == [
        ("ID1", "science"),
        ("ID2", "performing arts"),
        ("ID3", "politics"),
    ]
