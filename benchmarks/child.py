"""Work run in a fresh process, so its peak memory (RSS) is its own.

``python -m benchmarks.child import MANIFEST LOCATION`` imports the files
listed in a JSON manifest (``[{"path", "organisation"}, ...]``) into a new
project at LOCATION through the facade, one ``import_file`` per file as the
app's Corpus page does, and prints one JSON line: ``seconds`` (the import loop
only; the spaCy pipeline is loaded before the clock starts), ``documents``,
``failed``, ``baseline_mib`` (RSS before the loop) and ``peak_mib``
(``ru_maxrss`` at the end).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def rss_mib() -> float:
    """The current resident set size of this process in MiB (Linux)."""
    try:
        with open("/proc/self/status", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mib()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def import_batch(manifest: Path, location: str) -> dict:
    from corpus.model import ImportFailed
    from corpus.segment import get_nlp
    from qda.project import Project

    items = json.loads(manifest.read_text(encoding="utf-8"))
    project = Project.create(location, name="Benchmark")
    get_nlp(project.settings.get("spacy_model"))
    baseline = rss_mib()
    failed = 0
    began = time.perf_counter()
    for item in items:
        path = Path(item["path"])
        try:
            project.corpus.import_file(
                path.name, path.read_bytes(), organisation=item["organisation"]
            )
        except ImportFailed:
            failed += 1
    seconds = time.perf_counter() - began
    documents = project.counts()["documents"]
    project.close()
    return {
        "seconds": seconds,
        "documents": documents,
        "failed": failed,
        "baseline_mib": baseline,
        "peak_mib": peak_mib(),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "import":
        print("usage: python -m benchmarks.child import MANIFEST LOCATION", file=sys.stderr)
        return 2
    print(json.dumps(import_batch(Path(argv[1]), argv[2])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
