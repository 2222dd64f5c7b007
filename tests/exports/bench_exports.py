"""Median timings of the large exports (a script, not a test).

Usage: python tests/exports/bench_exports.py
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from exports.tables import excerpts_frame, write_excerpts_csv, write_excerpts_xlsx  # noqa: E402
from exports.word import WordOptions, write_excerpts_docx  # noqa: E402
from tests.exports.export_fixtures import make_codes, make_excerpts, make_key  # noqa: E402


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def many(n: int):
    base = make_excerpts()
    return [base[i % len(base)] for i in range(n)]


def main() -> None:
    key, codes = make_key(), make_codes()
    ten_thousand = many(10_000)
    word = median_seconds(
        lambda: write_excerpts_docx(
            ten_thousand, codes, io.BytesIO(), WordOptions(key=key, include_context=True)
        ),
        5,
    )
    print(f"Word, 10,000 excerpts (pseudonymised, with memos and context): {word:.2f} s")
    frame = excerpts_frame(many(2_000), key)
    csv = median_seconds(lambda: write_excerpts_csv(frame, io.BytesIO()), 21)
    print(f"CSV, 2,000 excerpts: {csv * 1000:.1f} ms")
    build = median_seconds(lambda: excerpts_frame(many(2_000), key), 11)
    print(f"excerpts_frame, 2,000 excerpts (pseudonymised): {build * 1000:.1f} ms")
    xlsx = median_seconds(lambda: write_excerpts_xlsx(frame, io.BytesIO()), 5)
    print(f"XLSX, 2,000 excerpts: {xlsx * 1000:.1f} ms")


if __name__ == "__main__":
    main()
