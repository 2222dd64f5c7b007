"""Issue 16 rows: importing one huge plain-text file (50 MB; 1 MB in smoke
runs), its time and the peak memory of the process doing it.

The text is the benchmark corpus's transcripts one after another until the
size is reached, so it has speaker turns, paragraphs and sentences like a
real transcript; it is imported through the facade in a fresh process
(``benchmarks.child``), whose ``ru_maxrss`` is the row's figure.
"""

from __future__ import annotations

import json

from benchmarks.harness import Row, Timing
from benchmarks.projects import run_child_import

MEMORY_TARGET_MIB = 1024


def big_text(transcripts, size: int) -> str:
    """Transcripts joined by blank lines, cut at a paragraph once ``size`` bytes are reached."""
    parts, total, i = [], 0, 0
    while total < size:
        text = transcripts[i % len(transcripts)].text
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)


def big_text_rows(run) -> None:
    cfg = run.cfg
    text = big_text(run.corpus(), cfg.big_text_bytes)
    data = text.encode("utf-8")
    path = run.tmp / "files" / "big-text.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    manifest = run.tmp / "files" / "manifest-big-text.json"
    manifest.write_text(json.dumps([{"path": str(path), "organisation": "Big"}]), "utf-8")
    size = f"1 doc x {len(data) / 2**20:.0f} MB"
    runs = 1 if not cfg.smoke else cfg.runs
    seconds, peaks = [], []
    for r in range(runs):
        result = run_child_import(manifest, run.tmp / "big-text.sqlite")
        if result["documents"] != 1:
            raise RuntimeError(f"the big text was not imported: {result}")
        seconds.append(result["seconds"])
        peaks.append(result["peak_mib"])
        run.log(f"  run {r + 1}: {result['seconds']:.1f} s, peak {result['peak_mib']:.0f} MiB")
    run.report.add(
        Row(
            "import.bigtext",
            "Import one huge plain-text transcript (facade import_file, fresh process)",
            size,
            timing=Timing(seconds),
            note="one run: several minutes each",
        )
    )
    run.report.add(
        Row(
            "memory.import.bigtext",
            "Peak RSS importing one huge plain-text transcript",
            size,
            timing=Timing(peaks, unit="MiB"),
            target=MEMORY_TARGET_MIB,
            note="ru_maxrss of the importing process; issue 16 asks for at most 1 GB",
        )
    )
