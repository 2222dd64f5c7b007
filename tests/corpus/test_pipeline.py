import ast
import hashlib
from pathlib import Path

import pytest

from corpus import ImportFailed, parse_document, preview_document
from tests.corpus.corpus_builders import check_invariants, make_docx

TRANSCRIPT = (
    "Focus group, Huyton, 12 May\r\n"
    "\r\n"
    "Interviewer: What changed this year?\r\n"
    "SARAH: Funding. It halved.\r\n"
    "\r\n"
    "We cut two posts.\r\n"
    "Interviewer: And volunteers?\r\n"
    "SARAH: More of them, thankfully.\r\n"
)


def by_kind(doc, kind):
    return [(doc.text[s.start : s.end], s.speaker) for s in doc.segments_of(kind)]


def test_parse_document_end_to_end():
    doc = parse_document("groups/huyton-fg.txt", TRANSCRIPT.encode("utf-16"))
    assert doc.name == "huyton-fg"
    assert doc.format == "txt"
    assert doc.text == TRANSCRIPT.replace("\r\n", "\n").rstrip()
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert doc.speakers == {"Interviewer": 2, "SARAH": 2}
    assert by_kind(doc, "turn") == [
        ("Focus group, Huyton, 12 May", None),  # text before the first label: its own turn
        ("What changed this year?", "Interviewer"),
        ("Funding. It halved.\n\nWe cut two posts.", "SARAH"),
        ("And volunteers?", "Interviewer"),
        ("More of them, thankfully.", "SARAH"),
    ]
    assert by_kind(doc, "paragraph") == [
        ("Focus group, Huyton, 12 May", None),
        ("Interviewer: What changed this year?", "Interviewer"),
        ("SARAH: Funding. It halved.", "SARAH"),
        ("We cut two posts.", "SARAH"),
        ("Interviewer: And volunteers?", "Interviewer"),
        ("SARAH: More of them, thankfully.", "SARAH"),
    ]
    assert len(doc.segments_of("sentence")) == 7
    assert doc.meta == {"speaker_preset": "colon", "word_count": 26}
    check_invariants(doc.text, doc.segments)


def test_speakers_none_and_explicit():
    data = TRANSCRIPT.encode()
    plain = parse_document("a.txt", data, speakers="none")
    assert plain.speakers == {} and plain.segments_of("turn") == []
    assert len(plain.segments_of("paragraph")) == 3
    assert len(plain.segments_of("sentence")) == 7
    custom = parse_document("a.txt", data, speakers=r"(?P<speaker>SARAH):\s*")
    assert custom.speakers == {"SARAH": 2}
    assert custom.meta["speaker_preset"] == "custom"


def test_no_detectable_speakers_still_segments():
    text = "Funding was tight.\nEveryone agreed.\n\nNote: figures are rounded. Tel: 0151 000 0000."
    doc = parse_document("report.txt", text.encode("cp1252"))
    assert doc.speakers == {} and doc.segments_of("turn") == []
    assert by_kind(doc, "paragraph") == [
        ("Funding was tight.\nEveryone agreed.", None),
        ("Note: figures are rounded. Tel: 0151 000 0000.", None),
    ]
    assert by_kind(doc, "sentence") == [
        ("Funding was tight.", None),
        ("Everyone agreed.", None),
        ("Note: figures are rounded.", None),
        ("Tel: 0151 000 0000.", None),
    ]


def test_reader_turns_win_in_auto_but_not_when_explicit():
    data = make_docx(
        [
            [("Interviewer:", True), (" Why? Sam: said so.", False)],
            [("Sam", True), (": Because.", False)],
            [("Interviewer:", True), (" Ok.", False)],
            [("Sam:", True), (" Bye.", False)],
        ]
    )
    preview = preview_document("i.docx", data)
    assert preview.preset == "reader"
    assert preview.document.speakers == {"Interviewer": 2, "Sam": 2}
    assert preview_document("i.docx", data, speakers="none").document.speakers == {}
    assert preview_document("i.docx", data, speakers="colon").document.speakers == {
        "Interviewer": 2,
        "Sam": 2,
    }


def test_preview_reports_preset_and_aliases():
    text = "10.30 \u2013 Pat Avery (CVS)\nWe grew.\n\nPA \u2013 Fast.\nSARAH: Really?\nSarah: Yes."
    preview = preview_document("seminar.md", text.encode())
    assert preview.preset == "seminar"
    assert preview.document.speakers == {"Pat Avery": 2}
    assert preview.aliases == [("PA", "Pat Avery")]
    colon = preview_document("x.txt", b"SARAH: Hi.\nSarah: Yes.\nSARAH: No.\nSarah: Ok.")
    assert (colon.preset, colon.aliases) == ("colon", [("SARAH", "Sarah")])


def test_import_failure_propagates():
    with pytest.raises(ImportFailed, match=r"^x\.txt: the file is empty$"):
        parse_document("x.txt", b"")


def test_domain_package_imports_no_ui_or_sql():
    banned = {
        "streamlit",
        "sqlalchemy",
        "sqlite3",
        "psycopg",
        "psycopg2",
        "alembic",
        "qda",
        "app_pages",
    }
    root = Path(__file__).resolve().parents[2] / "corpus"
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & banned, (path.name, names)
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path.name
