"""What a run measures (full or smoke sizes) and where it keeps its files."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "BENCHMARKS.md"

#: Row groups ``--rows`` can select.
GROUPS = (
    "import",  # one 60 KB transcript, batches of 10/100/1,000, peak memory of the largest
    "coding",  # apply/remove a coding on the big project
    "codepage",  # AppTest rerun of the Code page
    "retrieve",  # Retrieve for a code
    "analysis",  # frequency and co-occurrence, on the project and on synthetic data
    "exports",  # Word and CSV exports
    "exchange",  # QDPX export and import
    "codebook",  # a 2,000-code codebook: load, codes(), export
    "bulk",  # issue 11: CLI start, attribute and survey imports, with their SQL statements
    "bigtext",  # issue 16: time and peak memory of importing one 50 MB text
    "app",  # peak memory of `streamlit run` serving the big project
    "peer",  # Taguette 1.5.2 on the same corpus
    "stress",  # issue 16: 8 processes x 1,000 codings plus undos, on SQLite and PostgreSQL
    "suggest",  # issue 15: model training, suggestions for one transcript, themes, rules
)
#: groups a smoke run leaves out: they need a browser or the network
SMOKE_SKIPPED = frozenset({"app", "peer"})
#: groups a smoke run runs only when ``--rows`` names them (the smoke test
#: checks the exact set of rows a plain ``--smoke`` run gives)
SMOKE_OPT_IN = frozenset({"bulk", "stress", "suggest", "bigtext"})


@dataclass
class Config:
    smoke: bool = False
    runs: int = 5
    batch_runs: int | None = None  # runs of the batch imports (fresh processes); None: runs
    doc_sizes: list[int] = field(default_factory=lambda: [10, 100, 1000])
    coding_sizes: list[int] = field(default_factory=lambda: [10_000, 100_000, 1_000_000])
    doc_bytes: int = 60_000
    codings_per_doc: int = 50  # the big project: 1,000 docs -> 50,000 codings
    big_codes: int = 50
    peer_docs: int = 10  # the project mirrored in Taguette
    peer_codes: int = 20
    peer_codings: int = 2_000
    coding_samples: int = 50  # timed apply/remove calls on the big project
    word_excerpts: int = 10_000
    codebook_codes: int = 2_000
    analysis_codes: int = 100
    bulk_cases: int = 1_000  # rows of the attribute table (10 attribute columns)
    bulk_respondents: int = 1_000  # respondents of the survey table
    stress_procs: int = 8  # writers at once (rows_stress)
    stress_codings: int = 1_000  # codings each writer makes
    suggest_segments: int = 100_000  # passages the suggestion model is trained on
    suggest_codes: int = 10  # codes it learns
    big_text_bytes: int = 50 * 2**20  # the one huge plain-text file (bigtext rows)
    groups: set[str] = field(default_factory=lambda: set(GROUPS))
    output: Path = REPORT
    seed: int = 0
    verbose: bool = True
    keep: bool = False  # keep the work folder (projects, files) for profiling

    @classmethod
    def smoke_sizes(cls, output: Path) -> Config:
        """Tiny sizes, two runs, no Taguette and no browser: seconds, not minutes."""
        return cls(
            smoke=True,
            runs=2,
            batch_runs=1,
            doc_sizes=[3],
            coding_sizes=[1_000, 3_000],
            doc_bytes=6_000,
            codings_per_doc=30,
            big_codes=12,
            peer_docs=2,
            peer_codes=5,
            peer_codings=60,
            coding_samples=5,
            word_excerpts=40,
            codebook_codes=40,
            analysis_codes=20,
            bulk_cases=20,
            bulk_respondents=20,
            stress_procs=2,
            stress_codings=20,
            suggest_segments=2_000,
            suggest_codes=4,
            big_text_bytes=2**20,
            groups=set(GROUPS) - SMOKE_SKIPPED - SMOKE_OPT_IN,
            output=output,
            verbose=False,
        )

    @property
    def big_docs(self) -> int:
        return max(self.doc_sizes)

    @property
    def big_codings(self) -> int:
        return self.big_docs * self.codings_per_doc

    def wants(self, group: str) -> bool:
        return group in self.groups


class Log:
    """Progress on stderr, with the time since the run began."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.began = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.verbose:
            print(f"[{time.perf_counter() - self.began:7.1f}s] {message}", file=sys.stderr)
