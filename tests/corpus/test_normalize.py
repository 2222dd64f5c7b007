import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.model import ImportFailed
from corpus.normalize import canonicalize, decode_bytes, decode_text


def test_utf8_plain_and_with_bom():
    assert decode_bytes("Zoë: café".encode(), "a.txt") == "Zoë: café"
    assert decode_bytes(codecs.BOM_UTF8 + "Zoë".encode(), "a.txt") == "Zoë"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + "Interviewer: Hello, Zoë\r\nP1: Hi".encode(codec)
    assert decode_bytes(data, "a.txt") == "Interviewer: Hello, Zoë\r\nP1: Hi"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec):
    data = "Interviewer: How long have you volunteered?\nP1: Ten years.".encode(codec)
    assert (
        decode_bytes(data, "a.txt") == "Interviewer: How long have you volunteered?\nP1: Ten years."
    )


def test_cp1252_fallback_keeps_smart_quotes_and_pound():
    data = "“We lost £2,000” – she said…".encode("cp1252")
    assert decode_bytes(data, "a.txt") == "“We lost £2,000” – she said…"


REPORT_PASSAGE = (
    "Interviewer: What did the cut in the council grant mean for you?\n"
    "P3: We lost about £12,000 a year – roughly a third of our income.¹ "
    "The trustees said “we’ll manage”, but the café closed on Fridays and "
    "two sessional workers went.² We now rely on volunteers for nearly everything.\n\n"
    "Interviewer: And the food bank?\n"
    "P3: Demand doubled. People we’d never seen before – working families – were "
    "coming in. The ‘temporary’ arrangement with the church hall is in its third year.³\n\n"
)


@pytest.mark.parametrize("repeat", [1, 6, 12])
def test_cp1252_report_keeps_pound_note_marks_and_quotes(repeat):
    # A statistical detector reads the longer versions as cp1250 (£ -> Ł, ¹ -> ą).
    text = REPORT_PASSAGE * repeat
    assert decode_bytes(text.encode("cp1252"), "report.txt") == text


def refusal(data: bytes, filename: str = "a.txt") -> str:
    with pytest.raises(ImportFailed) as err:
        decode_bytes(data, filename)
    return str(err.value)


def test_windows_1252_is_read_as_such_and_said_so():
    assert decode_text("“Café” – £5".encode("cp1252"), "a.txt") == ("“Café” – £5", "cp1252")
    assert decode_text("Café".encode(), "a.txt") == ("Café", "utf-8")
    assert decode_text(codecs.BOM_UTF8 + "Café".encode(), "a.txt") == ("Café", "utf-8")
    assert decode_text(codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"), "a.txt") == (
        "Café",
        "utf-16-le",
    )
    assert decode_text(codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "a.txt") == (
        "Café",
        "utf-16-be",
    )


def test_bytes_undefined_in_cp1252_are_refused_with_their_line():
    # Was latin-1 "café \x81"; 0x81 is neither UTF-8 nor Windows-1252.
    assert refusal(b"caf\xe9\n\x81 x") == (
        "a.txt: neither UTF-8 nor Windows-1252 text: byte 0x81 on line 2; save it as UTF-8"
    )


def test_damaged_utf8_is_refused_not_turned_into_mojibake():
    # Read as cp1252 this was "Zoë: cafÃ© ... Ã©t\xe9": valid UTF-8 next to a stray byte.
    data = "Zoë: café\nP1: ok\n".encode() + b"\xe9t\xe9\n"
    assert refusal(data) == (
        "a.txt: not valid UTF-8: byte 0xe9 on line 3 (the rest is UTF-8: damaged, or mixed "
        "encodings); save it again as UTF-8"
    )


def test_a_bom_that_lies_is_refused():
    assert refusal(codecs.BOM_UTF8 + b"ok\n\xff") == (
        "a.txt: starts with a UTF-8 byte-order mark but is not UTF-8: byte 0xff on line 2"
    )
    assert refusal(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le") + b"\x00\xdc") == (
        "a.txt: starts with a UTF-16 byte-order mark but is not UTF-16: byte 0x00 on line 1"
    )


def test_stray_nul_bytes_are_removed():
    data = b"Interviewer: hello\x00 there, this is ordinary text of some length.\n" * 3
    assert (
        decode_bytes(data, "a.txt")
        == "Interviewer: hello there, this is ordinary text of some length.\n" * 3
    )


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"\x00\x01\x02\x03" * 100,
        b"%PDF-1.4 renamed to txt",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
        b"PK\x03\x04 a zip archive",
        bytes([7, 8, 14, 15, 16, 17, 65]) * 50,
    ],
)
def test_binary_data_is_refused(data):
    with pytest.raises(ImportFailed) as err:
        decode_bytes(data, "junk.txt")
    assert str(err.value) == "junk.txt: looks like a binary file, not text"


def test_empty_bytes_decode_to_empty_text():
    assert decode_bytes(b"", "a.txt") == ""


def test_canonicalize_line_ends_bom_controls_and_nfc():
    raw = "\ufeffLine one\r\nLine two\rLine\u00a0three\x07\x0b\tTab\u2028e\u0301\n\n  \n"
    assert canonicalize(raw) == "Line one\nLine two\nLine\u00a0three\n\tTab\n\u00e9"


def test_canonicalize_keeps_leading_whitespace_and_inner_blank_lines():
    assert canonicalize("\n\n  Title\n\n\n  body  \n") == "\n\n  Title\n\n\n  body"


def test_paragraph_separator_becomes_blank_line():
    assert canonicalize("one\u2029two") == "one\n\ntwo"


@given(st.text())
def test_canonicalize_is_idempotent_and_clean(text):
    once = canonicalize(text)
    assert canonicalize(once) == once
    assert "\r" not in once and "\ufeff" not in once
    assert all(c in "\n\t" or ord(c) >= 32 for c in once)
    assert once == once.rstrip()
