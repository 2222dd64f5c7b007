"""Render a generated report with LibreOffice; skipped where it is not installed."""

import re
import shutil
import subprocess
from datetime import date

import pytest

from exports.word import WordOptions, write_excerpts_docx
from tests.conftest import require
from tests.exports.export_fixtures import REAL_NAMES, make_codes, make_excerpts, make_key

SOFFICE = shutil.which("soffice")


@pytest.mark.slow
def test_libreoffice_converts_the_report_to_pdf(tmp_path):
    require(SOFFICE is not None, "LibreOffice (soffice) is not installed")
    source = tmp_path / "report.docx"
    with open(source, "wb") as out:
        options = WordOptions(title="Social value", key=make_key(), date=date(2024, 3, 1))
        write_excerpts_docx(make_excerpts(), make_codes(), out, options)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    require(shutil.which("pdftotext") is not None, "pdftotext is not installed: text not checked")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for expected in (
        "Social value",
        "Grants to contracts",
        "Interviewee G",
        "Organisation 4",
        "3 excerpts from 3 documents and 3 organisations",
    ):
        assert expected in text
    assert [n for n in REAL_NAMES if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.I)] == []
