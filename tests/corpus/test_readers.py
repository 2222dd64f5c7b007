import io
import zipfile

import pytest

from corpus.model import ImportFailed, Turn
from corpus.readers import NO_TEXT_LAYER, SUPPORTED_EXTENSIONS, extract
from tests.corpus.corpus_builders import make_docx, make_odt, tiny_pdf


def spans(result):
    return [(t.speaker, result.text[t.start : t.end], t.meta) for t in result.turns]


def test_supported_extensions():
    assert SUPPORTED_EXTENSIONS == (".txt", ".md", ".docx", ".pdf", ".odt", ".vtt", ".srt")


def test_txt_is_decoded_and_canonical():
    result = extract("Notes.TXT", "\ufeffLine one\r\n\r\nLine two\r\n".encode())
    assert (result.text, result.format, result.turns) == ("Line one\n\nLine two", "txt", None)


def test_md_is_converted_to_plain_text_and_the_original_kept():
    result = extract("a.md", b"# Title\n\n**Sam** hi\n")
    assert result.text == "Title\n\nSam hi"
    assert result.original == "# Title\n\n**Sam** hi"
    assert result.meta == {"markup": "markdown"}
    plain = extract("a.md", b"Just words.\n")
    assert (plain.text, plain.original, plain.meta) == ("Just words.", None, {})


def test_docx_bold_labels_become_turns():
    data = make_docx(
        [
            [("Interview with the food bank", False)],
            [("Interviewer:", True), (" How did you start?", False)],
            [("Sarah", True), (": With a kettle.", False)],
            [("And a church hall.", False)],
            [("Interviewer", True)],
            [("Then what?", False)],
            [("Sarah:", True), (" Growth.", False)],
        ]
    )
    result = extract("interview.docx", data)
    assert result.text == (
        "Interview with the food bank\n\n"
        "Interviewer: How did you start?\n\n"
        "Sarah: With a kettle.\n\n"
        "And a church hall.\n\n"
        "Interviewer\n\n"
        "Then what?\n\n"
        "Sarah: Growth."
    )
    assert spans(result) == [
        ("Interviewer", "How did you start?", {}),
        ("Sarah", "With a kettle.\n\nAnd a church hall.", {}),
        ("Interviewer", "Then what?", {}),
        ("Sarah", "Growth.", {}),
    ]
    assert [t.label_start for t in result.turns] == [30, 63, 106, 131]


def test_docx_bold_words_inside_prose_are_not_speakers():
    data = make_docx(
        [
            [("Key findings", True)],
            [("Funding was ", False), ("really", True), (" tight: everyone said so.", False)],
            [("Important:", True), (" read this.", False)],
        ]
    )
    result = extract("report.docx", data)
    assert result.turns is None
    assert (
        result.text
        == "Key findings\n\nFunding was really tight: everyone said so.\n\nImportant: read this."
    )


def test_docx_table_rows_become_paragraphs():
    import docx

    document = docx.Document()
    document.add_paragraph("Before")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Phase", "Emotions"), ("Start-up", "Excitement")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    assert (
        extract("t.docx", out.getvalue()).text
        == "Before\n\nPhase\tEmotions\n\nStart-up\tExcitement"
    )


def test_odt_paragraphs_headings_and_spaces():
    data = make_odt(["Interviewer: Why?", "P1: Because  we care."], heading="Focus group 2")
    result = extract("group.odt", data)
    assert result.text == "Focus group 2\n\nInterviewer: Why?\n\nP1: Because  we care."
    assert (result.format, result.turns) == ("odt", None)


def test_pdf_text_layer():
    result = extract("minutes.pdf", tiny_pdf(["Interviewer: Hello (again).", "P1: Hi there."]))
    assert result.format == "pdf"
    assert result.text == "Interviewer: Hello (again).\nP1: Hi there."
    assert result.meta == {"pages": 1}


def test_pdf_without_text_layer():
    with pytest.raises(ImportFailed) as err:
        extract("scan.pdf", tiny_pdf(None))
    assert str(err.value) == f"scan.pdf: {NO_TEXT_LAYER}"


VTT = """WEBVTT

NOTE recorded on Teams

1
00:00:01.000 --> 00:00:04.000
<v Sam Lee>We started in 2010.</v>

2
00:00:04.500 --> 00:00:06.000
<v Sam Lee>With a kettle &amp; a hall.

00:00:06.500 --> 00:00:08.250 align:start
<v.loud Ana>Really?</v>

01:09.000 --> 01:10.000
I mean, <i>really</i>?

00:01:11.000 --> 00:01:12.000
<v Sam Lee>Yes.
"""


def test_vtt_voices_become_turns_with_times():
    result = extract("call.vtt", VTT.encode())
    assert result.text == (
        "Sam Lee: We started in 2010. With a kettle & a hall.\n\n"
        "Ana: Really? I mean, really?\n\n"
        "Sam Lee: Yes."
    )
    assert spans(result) == [
        (
            "Sam Lee",
            "We started in 2010. With a kettle & a hall.",
            {"time": "00:00:01.000", "end_time": "00:00:06.000"},
        ),
        ("Ana", "Really? I mean, really?", {"time": "00:00:06.500", "end_time": "00:01:10.000"}),
        ("Sam Lee", "Yes.", {"time": "00:01:11.000", "end_time": "00:01:12.000"}),
    ]
    assert result.turns[1] == Turn(59, 82, "Ana")
    assert result.turns[1].label_start == 54


SRT = """1
00:00:01,000 --> 00:00:02,500
INTERVIEWER: How long
have you volunteered?

2
00:00:02,600 --> 00:00:04,000
P1: Ten years.

3
00:00:09,000 --> 00:00:10,000
INTERVIEWER: Why?
"""


def test_srt_without_voices_keeps_cue_lines_and_times():
    result = extract("talk.srt", SRT.replace("\n", "\r\n").encode("cp1252"))
    assert (
        result.text
        == "INTERVIEWER: How long have you volunteered?\nP1: Ten years.\n\nINTERVIEWER: Why?"
    )
    assert result.turns is None
    assert result.meta["cues"] == [
        {"start": 0, "end": 43, "time": "00:00:01.000", "end_time": "00:00:02.500"},
        {"start": 44, "end": 58, "time": "00:00:02.600", "end_time": "00:00:04.000"},
        {"start": 60, "end": 77, "time": "00:00:09.000", "end_time": "00:00:10.000"},
    ]


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        (
            "a.rtf",
            b"{\\rtf1 hi}",
            "unsupported file type '.rtf'; use one of .txt, .md, .docx, .pdf, .odt, .vtt, .srt",
        ),
        (
            "noext",
            b"hi",
            "unsupported file type '(none)'; use one of .txt, .md, .docx, .pdf, .odt, .vtt, .srt",
        ),
        ("a.txt", b"", "the file is empty"),
        ("a.txt", b" \r\n\t\r\n", "the file contains no text"),
        ("a.txt", bytes(range(256)) * 8, "looks like a binary file, not text"),
        (
            "a.docx",
            b"PK\x03\x04 not really a zip",
            "not a valid .docx file (damaged, or not a Word document)",
        ),
        (
            "a.docx",
            b"plain text named docx",
            "not a valid .docx file (damaged, or not a Word document)",
        ),
        ("a.odt", b"garbage", "not a valid .odt file (damaged, or not an OpenDocument text)"),
        ("a.pdf", b"%PDF-1.4\ngarbage", "not a valid PDF file (damaged or incomplete)"),
        (
            "a.vtt",
            b"WEBVTT\n\nno cues here",
            "no caption cues found (expected lines like 00:00:01.000 --> 00:00:04.000)",
        ),
    ],
)
def test_bad_input_fails_with_one_line_reason(filename, data, reason):
    with pytest.raises(ImportFailed) as err:
        extract(filename, data)
    assert (err.value.filename, err.value.reason) == (filename, reason)
    assert "\n" not in str(err.value)


def test_docx_zip_without_word_part():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ImportFailed, match="not a valid .docx file"):
        extract("a.docx", out.getvalue())


def test_odt_zip_without_content():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(ImportFailed, match="not a valid .odt file"):
        extract("a.odt", out.getvalue())


def test_odt_xml_bomb_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", bomb)
    with pytest.raises(ImportFailed, match="the .odt content cannot be read"):
        extract("a.odt", out.getvalue())
