"""Fuzzing every reader with hypothesis: whatever the bytes, a reader returns
text or raises ``ImportFailed`` with one line naming the file; never another
exception, never a hang (each example has a deadline)."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpus.model import ExtractedText, ImportFailed
from corpus.readers import SUPPORTED_EXTENSIONS, extract
from corpus.surveys import read_table
from tests.corpus.corpus_builders import make_docx, make_odt

FUZZ = settings(
    max_examples=80,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run: a failure is reproducible
)


def outcome(call, filename: str):
    """Run a reader; the result, or the one-line refusal (checked here)."""
    try:
        return call()
    except ImportFailed as err:
        message = str(err)
        assert "\n" not in message and "\r" not in message, message
        assert message.startswith(f"{filename}: ") and len(message) > len(filename) + 3, message
        return err


def check_extract(filename: str, data: bytes) -> None:
    result = outcome(lambda: extract(filename, data), filename)
    if isinstance(result, ExtractedText):
        assert result.text.strip() and result.text == result.text.rstrip()
        assert "\r" not in result.text


def flips(base: bytes):
    """``base`` with some bytes replaced, a slice cut out, or cut short."""
    n = len(base)
    return st.one_of(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 255)), min_size=1, max_size=8).map(
            lambda changes: _replaced(base, changes)
        ),
        st.tuples(st.integers(0, n), st.integers(0, n)).map(
            lambda cut: base[: min(cut)] + base[max(cut) :]
        ),
        st.integers(0, n).map(lambda end: base[:end]),
    )


def _replaced(base: bytes, changes) -> bytes:
    data = bytearray(base)
    for at, value in changes:
        data[at] = value
    return bytes(data)


def _zip_with(base: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members[name] = content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return out.getvalue()


DOCX = make_docx([[("Sarah:", True), (" We met in the hall.", False)], [("Then it grew.", False)]])
ODT = make_odt(["Interviewer: How did it start?", "Sam: In a  church hall."], heading="Notes")
with zipfile.ZipFile(io.BytesIO(DOCX)) as _archive:
    DOCUMENT_XML = _archive.read("word/document.xml")
with zipfile.ZipFile(io.BytesIO(ODT)) as _archive:
    CONTENT_XML = _archive.read("content.xml")


def _pdf() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 100 Td (Sam: we met in the hall.) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


def test_the_seed_files_are_read():
    assert extract("seed.docx", DOCX).text == "Sarah: We met in the hall.\n\nThen it grew."
    assert extract("seed.odt", ODT).text.startswith("Notes\n\nInterviewer: How did it start?")
    assert extract("seed.pdf", PDF).text == "Sam: we met in the hall."


@pytest.mark.parametrize("ext", SUPPORTED_EXTENSIONS)
@FUZZ
@given(data=st.binary(max_size=4096))
@example(data=b"")
@example(data=b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
@example(data=b"%PDF-1.7\n")
def test_any_bytes(ext, data):
    check_extract(f"fuzz{ext}", data)


@FUZZ
@given(data=st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_text_as_txt_md_vtt_srt(data):
    for ext in (".txt", ".md", ".vtt", ".srt"):
        check_extract(f"fuzz{ext}", data)


CUE_LINE = st.one_of(
    st.just("WEBVTT"),
    st.just(""),
    st.builds(
        lambda h, m, s, ms, voice, words: (
            f"{h:02d}:{m:02d}:{s:02d}.{ms:03d} --> {h:02d}:{m:02d}:{s:02d}.{ms:03d}\n"
            + (f"<v {voice}>" if voice else "")
            + words
        ),
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 999),
        st.text(max_size=8),
        st.text(max_size=40),
    ),
    st.text(max_size=40),
)


@FUZZ
@given(lines=st.lists(CUE_LINE, max_size=30))
def test_caption_like_files(lines):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    for ext in (".vtt", ".srt"):
        check_extract(f"fuzz{ext}", data)


@FUZZ
@given(data=flips(DOCX))
def test_damaged_docx(data):
    check_extract("fuzz.docx", data)


@FUZZ
@given(data=flips(DOCUMENT_XML))
def test_docx_with_damaged_xml(data):
    check_extract("fuzz.docx", _zip_with(DOCX, "word/document.xml", data))


@FUZZ
@given(data=flips(ODT))
def test_damaged_odt(data):
    check_extract("fuzz.odt", data)


@FUZZ
@given(data=flips(CONTENT_XML))
def test_odt_with_damaged_xml(data):
    check_extract("fuzz.odt", _zip_with(ODT, "content.xml", data))


@FUZZ
@given(data=flips(PDF))
def test_damaged_pdf(data):
    check_extract("fuzz.pdf", data)


@FUZZ
@given(data=st.binary(max_size=2048) | st.text(max_size=1000).map(str.encode))
def test_any_csv_or_tsv(data):
    for name in ("fuzz.csv", "fuzz.tsv"):
        outcome(lambda name=name: read_table(name, data), name)


def _xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["id", "Why did you join?"])
    workbook.active.append(["R1", "To meet people."])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


XLSX = _xlsx()


@FUZZ
@given(data=flips(XLSX) | st.binary(max_size=1024))
def test_damaged_xlsx(data):
    outcome(lambda: read_table("fuzz.xlsx", data), "fuzz.xlsx")
