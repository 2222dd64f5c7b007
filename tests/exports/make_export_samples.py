"""Write one sample of each Word export and render them to PNG pages for a look.

Usage: python tests/exports/make_export_samples.py [OUTDIR]
(needs LibreOffice ``soffice`` and poppler ``pdftoppm`` on PATH for the PNGs).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from corpus.segment import segment_text  # noqa: E402
from corpus.speakers import detect_turns  # noqa: E402
from exports.annotated import write_annotated_docx  # noqa: E402
from exports.word import WordOptions, write_excerpts_docx  # noqa: E402
from exports.workshop import Theme, WorkshopOptions, write_workshop_pack  # noqa: E402
from tests.exports.export_fixtures import (  # noqa: E402
    TRANSCRIPT,
    bar_chart_png,
    make_codes,
    make_excerpts,
    make_key,
    transcript_codings,
)


def main(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    key, codes, excerpts = make_key(), make_codes(), make_excerpts()
    chart = bar_chart_png([3, 1, 2, 5])
    options = WordOptions(
        title="Social value in the VCS",
        subtitle="Interim analysis, wave 1",
        key=key,
        include_context=True,
        charts=[("Excerpts per theme", chart)],
        codebook_appendix=True,
        date=date(2024, 3, 1),
    )
    with open(outdir / "sample_excerpts.docx", "wb") as out:
        write_excerpts_docx(excerpts, codes, out, options)
    grants = [e for e in excerpts if e.code == "c-grants"]
    themes = [
        Theme("c-grants", "Grants to contracts", codes[1].definition, 3, 19, grants, chart),
        Theme("c-bonding", "Bonding", codes[4].definition, 2, 19, excerpts[4:]),
    ]
    pack = WorkshopOptions(title="Workshop: emerging themes", key=key, date=date(2024, 3, 1))
    with open(outdir / "sample_workshop.docx", "wb") as out:
        write_workshop_pack(themes, out, pack)
    segments = segment_text(TRANSCRIPT, detect_turns(TRANSCRIPT))  # as stored at import
    with open(outdir / "sample_annotated.docx", "wb") as out:
        write_annotated_docx(
            "Interview with Sarah Jones",
            TRANSCRIPT,
            transcript_codings(),
            out,
            key,
            paragraphs=[(s.start, s.end) for s in segments if s.kind == "paragraph"],
            turns=[(s.start, s.end, s.speaker) for s in segments if s.kind == "turn"],
        )

    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftoppm"):
        print("soffice or pdftoppm missing: wrote .docx only")
        return
    with tempfile.TemporaryDirectory() as profile:
        for name in ("sample_excerpts", "sample_workshop", "sample_annotated"):
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    str(outdir / f"{name}.docx"),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", str(outdir / f"{name}.pdf"), str(outdir / name)],
                check=True,
            )
    print("\n".join(sorted(str(p) for p in outdir.glob("*.png"))))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "qda-samples")
