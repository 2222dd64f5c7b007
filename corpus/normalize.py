"""Bytes to canonical text.

The canonical text is what every offset refers to: ``\\n`` line ends, Unicode
NFC, no byte-order mark, no control characters other than ``\\n`` and ``\\t``,
and no trailing whitespace at the end of the whole text (leading whitespace
and everything else is kept exactly).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from corpus.model import ImportFailed

BINARY = "looks like a binary file, not text"

# Signatures of common binary formats that a user may rename to .txt.
_MAGIC = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"MZ\x90\x00",
    b"\xd0\xcf\x11\xe0",  # OLE2: .doc, .xls
    b"Rar!",
    b"\x1f\x8b",  # gzip
)

# Bytes that plain text in any 8-bit encoding practically never contains.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_SAMPLE = 64 * 1024

# Line and paragraph separators that are not "\n" become "\n".
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028]")
# C0 controls except \t and \n, DEL, C1 controls, and the BOM / zero-width no-break space.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufeff]")


CP1252 = "cp1252"

# A well-formed UTF-8 sequence of two to four bytes. Text really written in
# Windows-1252 practically never contains one (it would take e.g. "Ã" followed
# by "©"), so invalid UTF-8 next to one of these is damaged UTF-8, not cp1252.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def decode_bytes(data: bytes, filename: str) -> str:
    """The text of a file's bytes (see :func:`decode_text`)."""
    return decode_text(data, filename)[0]


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Decode a text file's bytes: ``(text, encoding)``.

    Order: a BOM (UTF-8, UTF-16, UTF-32) decides; UTF-16 without BOM when
    every other byte is NUL; then UTF-8. Bytes that are not UTF-8 are read as
    Windows-1252 (``encoding == "cp1252"``, so the caller can say so) only
    when they are valid cp1252 and contain no well-formed UTF-8 sequence;
    otherwise the file is refused with ``ImportFailed`` naming the line of
    the first bad byte (damaged or mixed encodings would otherwise become
    mojibake such as "cafÃ©"). Binary data is refused; a few stray NUL bytes
    in otherwise plain text are dropped.

    No statistical charset detector is consulted: charset-normalizer, tried
    here, reads English cp1252 text (our usual non-UTF-8 input) as cp1250 or
    cp775 often enough to turn "£" into "Ł" and curly quotes into letters.
    """
    if not data:
        return "", "utf-8"
    for bom, codec, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
        (codecs.BOM_UTF8, "utf-8", "UTF-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec
            except UnicodeDecodeError as err:
                where = _bad_byte(data, err.start + len(bom))
                raise ImportFailed(
                    filename, f"starts with a {name} byte-order mark but is not {name}: {where}"
                ) from None
    if data.startswith(_MAGIC):
        raise ImportFailed(filename, BINARY)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    sample = data[:_SAMPLE]
    nuls = sample.count(0)
    if nuls > 4 + len(sample) // 50:
        raise ImportFailed(filename, BINARY)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls - nuls > max(4, len(sample) // 20):
        raise ImportFailed(filename, BINARY)
    if nuls:
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    if _UTF8_MULTIBYTE.search(data):
        raise ImportFailed(
            filename,
            f"not valid UTF-8: {_bad_byte(data, utf8_error.start)} (the rest is UTF-8: "
            "damaged, or mixed encodings); save it again as UTF-8",
        )
    try:
        return data.decode(CP1252), CP1252
    except UnicodeDecodeError as err:
        raise ImportFailed(
            filename,
            f"neither UTF-8 nor Windows-1252 text: {_bad_byte(data, err.start)}; save it as UTF-8",
        ) from None


def _bad_byte(data: bytes, at: int) -> str:
    """``"byte 0x81 on line 3"``: where decoding failed."""
    line = data.count(b"\n", 0, at) + 1
    return f"byte 0x{data[at]:02x} on line {line}"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM when it is evident: most ASCII characters
    leave a NUL in every other byte, always on the same side."""
    sample = data[: _SAMPLE & ~1]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    for nul_side, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nul_side >= 0.4 * pairs and other <= 0.05 * pairs:
            try:
                text = data[: len(data) & ~1].decode(codec)
            except UnicodeDecodeError:
                return None
            head = text[:_SAMPLE]
            controls = sum(1 for c in head if c < " " and c not in "\t\n\r\x0c")
            return (text, codec) if controls <= len(head) // 20 else None
    return None


def canonicalize(text: str) -> str:
    """The canonical form of ``text`` (idempotent).

    CRLF, CR and the other line/page separators (VT, FF, NEL, U+2028) become
    ``\\n``, U+2029 becomes a blank line, control characters other than ``\\n``
    and ``\\t`` and every BOM are removed, the text is NFC-normalised and
    trailing whitespace at the very end is trimmed.
    """
    text = _NEWLINES.sub("\n", text)
    text = text.replace("\u2029", "\n\n")
    text = _CONTROLS.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.rstrip()


def text_from_bytes(data: bytes, filename: str) -> str:
    """``canonicalize(decode_bytes(data, filename))``."""
    return canonicalize(decode_bytes(data, filename))
