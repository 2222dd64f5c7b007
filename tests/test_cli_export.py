"""`python -m qda export ...`: every sub-command, exact output, names hidden by default."""

from __future__ import annotations

import pytest

from qda.cli import main
from qda.project import Project
from tests.exports.docx_text import csv_cells, docx_texts, leaks

TRANSCRIPT = (
    "Interviewer: How did it start?\n\nSarah: Sarah Jones here. In a church hall.\n\n"
    "Interviewer: And now?\n\nSarah: Contracts, targets and reports.\n"
)


@pytest.fixture
def proj(tmp_path):
    path = tmp_path / "study.sqlite"
    p = Project.create(path, name="Study")
    p.cases.add_participant(
        "Sarah Jones", pseudonym="Interviewee A", organisation="Hope Street Trust"
    )
    p.cases.update_case("Hope Street Trust", pseudonym="Organisation 1")
    doc = p.corpus.import_file(
        "sarah.txt",
        TRANSCRIPT.encode(),
        name="Interview 1",
        organisation="Hope Street Trust",
        aliases={"Sarah": "Sarah Jones", "Interviewer": None},
    )
    p.codebook.add_code("Origins")
    start = TRANSCRIPT.index("Sarah Jones here.")
    end = start + len("Sarah Jones here. In a church hall.")
    p.coding.apply_code("Origins", "ana", document=doc["guid"], start=start, end=end)
    p.close()
    return str(path)


def test_docx_pseudonymised_and_with_names(proj, tmp_path, capsys):
    out = tmp_path / "r.docx"
    assert main(["export", "docx", proj, str(out), "--codes", "Origins"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}: 1 excerpts, ")
    texts = docx_texts(out.read_bytes())
    assert "Interviewee A here. In a church hall." in texts
    assert leaks(texts, ["Sarah", "Jones", "Hope Street Trust"]) == []
    assert main(["export", "docx", proj, str(out), "--no-pseudonyms", "--by", "document"]) == 0
    assert "REAL NAMES (not pseudonymised)" in capsys.readouterr().out
    assert "Sarah Jones here. In a church hall." in docx_texts(out.read_bytes())


def test_workshop_annotated_excerpts_matrix_key(proj, tmp_path, capsys):
    assert main(["export", "workshop", proj, str(tmp_path / "w.docx")]) == 0
    assert "Raised by 1 of 1 organisations" in docx_texts((tmp_path / "w.docx").read_bytes())
    assert main(["export", "annotated", proj, "Interview 1", str(tmp_path / "a.docx")]) == 0
    assert "1 comments" in capsys.readouterr().out
    assert main(["export", "excerpts", proj, str(tmp_path / "e.csv")]) == 0
    rows = csv_cells((tmp_path / "e.csv").read_bytes())
    assert rows[1][:10] == [
        "Origins",
        "Interview 1",
        "interview",
        "",
        "Interviewee A",
        "Organisation 1",
        "ana",
        "39",
        "74",
        "Interviewee A here. In a church hall.",
    ]
    assert main(["export", "matrix", proj, str(tmp_path / "m.xlsx")]) == 0
    assert (tmp_path / "m.xlsx").read_bytes()[:2] == b"PK"
    assert main(["export", "key", proj, str(tmp_path / "key.csv")]) == 0
    assert "keep it apart" in capsys.readouterr().out
    assert csv_cells((tmp_path / "key.csv").read_bytes())[1:] == [
        ["Hope Street Trust", "Organisation 1", "organisation", "yes", "Hope Street", "register"],
        ["Sarah Jones", "Interviewee A", "person", "yes", "Sarah; Jones", "register"],
    ]


def test_errors_are_one_line_and_leave_no_file(proj, tmp_path, capsys):
    assert main(["export", "excerpts", proj, str(tmp_path / "e.txt")]) == 1
    assert (
        capsys.readouterr().err == f"error: {tmp_path / 'e.txt'}: give a .csv or .xlsx file name\n"
    )
    assert main(["export", "annotated", proj, "Nope", str(tmp_path / "a.docx")]) == 1
    assert capsys.readouterr().err == "error: no document 'Nope'\n"
    assert main(["export", "docx", proj, str(tmp_path / "r.docx"), "--codes", "Nope"]) == 1
    assert capsys.readouterr().err == "error: no code 'Nope'\n"
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("study.sqlite")] == []


def _qdpx_text(path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist())


def test_qdpx_is_pseudonymised_unless_real_names(proj, tmp_path, capsys):
    out = tmp_path / "s.qdpx"
    assert main(["export", "qdpx", proj, str(out), "--crlf"]) == 0
    assert capsys.readouterr().out == f"wrote {out} (pseudonymised)\n"
    written = _qdpx_text(out)
    assert "Interviewee A here. In a church hall." in written
    assert "Sarah" not in written and "Hope Street" not in written
    real = tmp_path / "real.qdpx"
    assert main(["export", "qdpx", proj, str(real), "--real-names"]) == 0
    assert capsys.readouterr().out == (
        f"wrote {real} (REAL NAMES: keep it within the research team)\n"
    )
    assert "Sarah Jones here. In a church hall." in _qdpx_text(real)


def test_qdpx_help_says_which(capsys):
    with pytest.raises(SystemExit):
        main(["export", "qdpx", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "pseudonymised unless --real-names" in text
    assert "--real-names write real names" in text
