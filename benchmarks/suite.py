"""Running the selected rows in order and writing the report."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    peer,
    rows_analysis,
    rows_app,
    rows_bulk,
    rows_exports,
    rows_import,
    rows_inputs,
    rows_project,
    rows_stress,
    rows_suggest,
)
from benchmarks.config import Config
from benchmarks.harness import Report, Row, load_average
from benchmarks.report import markdown, text_table
from benchmarks.workspace import Workspace

#: (group, step name, function) in the order they run. The small project is
#: built by the first step that needs it, the big project likewise.
STEPS: list[tuple[str, str, Callable[[Workspace], None]]] = [
    ("import", "import.one", rows_import.one_transcript_rows),
    ("import", "import.batch", rows_import.batch_rows),
    ("coding", "coding", rows_project.coding_rows),
    ("codepage", "codepage", rows_app.code_page_rows),
    ("retrieve", "retrieve", rows_project.retrieve_rows),
    ("analysis", "analysis.project", rows_analysis.project_rows),
    ("analysis", "analysis.synthetic", rows_analysis.synthetic_rows),
    ("exports", "exports.word", rows_exports.word_rows),
    ("exports", "exports.csv", rows_exports.csv_rows),
    ("exchange", "exchange", rows_project.exchange_rows),
    ("codebook", "codebook", rows_project.codebook_rows),
    ("bulk", "bulk.cli", rows_bulk.cli_rows),
    ("bulk", "bulk.attributes", rows_bulk.attribute_rows),
    ("bulk", "bulk.survey", rows_bulk.survey_rows),
    ("stress", "stress", rows_stress.stress_rows),
    ("suggest", "suggest", rows_suggest.suggest_rows),
    ("bigtext", "bigtext", rows_inputs.big_text_rows),
    ("app", "memory.app", rows_app.app_memory_rows),
    ("peer", "peer", peer.peer_rows),
]


def run(cfg: Config, command: str = "python -m benchmarks") -> Report:
    """Run every selected step; a step that fails becomes a row saying why."""
    ws = Workspace(cfg)
    began = time.perf_counter()
    try:
        for group, name, step in STEPS:
            if not cfg.wants(group):
                continue
            ws.log(f"== {name}")
            try:
                step(ws)
            except Exception as err:  # noqa: BLE001 - one failing row must not stop the run
                if cfg.smoke:
                    raise
                ws.log(traceback.format_exc())
                ws.report.add(
                    Row(f"{name}.error", f"{name} failed", "—",
                        note=f"failed: {type(err).__name__}: {err}")
                )  # fmt: skip
        ws.report.seconds = time.perf_counter() - began
        ws.report.machine["load average at end (1/5/15 min)"] = load_average()
        write(ws.report, cfg.output, command)
    finally:
        ws.close()
    return ws.report


#: hand-written sections of the report (headings as written) that a rerun keeps:
#: they are carried over from the old file and put after the generated text
KEPT_SECTIONS = ("## Issue 11: before and after",)


def kept_sections(text: str) -> str:
    """The :data:`KEPT_SECTIONS` of a report, each up to the next ``## `` heading."""
    kept: list[str] = []
    keeping = False
    for line in text.splitlines():
        if line.startswith("## "):
            keeping = line.strip() in KEPT_SECTIONS
        if keeping:
            kept.append(line)
    return "\n".join(kept).strip()


def write(report: Report, output: Path, command: str) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    text = markdown(report, command)
    carried = kept_sections(output.read_text(encoding="utf-8")) if output.exists() else ""
    if carried:
        text = text.rstrip("\n") + "\n\n" + carried + "\n"
    output.write_text(text, encoding="utf-8")
    print(text_table(report))
    print(f"\nwritten to {output}")
