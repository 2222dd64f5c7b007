"""The benchmark harness in smoke mode: tiny sizes, in-process, no network.

Keeps ``make bench`` from rotting: every row the suite knows comes out with a
numeric median (or says which colleague's code it is waiting for), the report
lands where it was asked to, and never in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import math
import time

import pytest

from benchmarks.__main__ import config_from, parse_args
from benchmarks.config import REPORT
from benchmarks.corpus import make_corpus, utf8_offsets
from benchmarks.harness import Row, Timing, measure
from benchmarks.projects import make_codebook, plan_codings
from benchmarks.suite import run
from tests.conftest import ROOT

SMOKE_ROWS = {
    "import.one", "floor.spacy", "floor.insert", "import.batch.3", "memory.import.3",
    "coding.apply.small", "coding.apply", "coding.remove", "codepage.rerun", "retrieve.code",
    "analysis.project.data", "analysis.project.frequency", "analysis.project.cooccurrence",
    "analysis.frequency.1000", "analysis.cooccurrence.1000",
    "analysis.frequency.3000", "analysis.cooccurrence.3000",
    "exports.word.domain", "exports.word.facade", "floor.docx", "exports.csv",
    "exports.csv.domain", "exchange.qdpx_export.small", "exchange.qdpx_import.small",
    "exchange.qdpx_export.big", "exchange.qdpx_import.big",
    "codebook.load", "codebook.codes", "codebook.export",
}  # fmt: skip
#: rows that wait for a colleague's file: (row, the file it needs)
WAITING = {"codepage.rerun": ROOT / "app_pages" / "code.py"}


@pytest.mark.slow
def test_smoke_run_reports_every_row_with_a_median(tmp_path):
    output = tmp_path / "bench.md"
    cfg = config_from(parse_args(["--smoke", "--output", str(output), "--quiet"]))
    assert cfg.output != REPORT and "peer" not in cfg.groups and "app" not in cfg.groups
    report = run(cfg, "python -m benchmarks --smoke")

    names = [r.name for r in report.rows]
    assert set(names) == SMOKE_ROWS and len(names) == len(SMOKE_ROWS)
    for row in report.rows:
        if row.name in WAITING and not WAITING[row.name].exists():
            assert row.timing is None and row.note.startswith("not available yet")
            continue
        assert row.timing is not None, f"{row.name}: {row.note}"
        assert row.timing.runs >= 1 and math.isfinite(row.median) and row.median > 0, row.name
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks") and "## How to reproduce" in text
    assert all(f"| {name} |" in text for name in SMOKE_ROWS)


def test_timing_statistics_and_ratios():
    t = Timing([0.4, 0.1, 0.3, 0.2, 0.5])
    assert (t.median, t.low, t.high, t.runs) == (0.3, 0.1, 0.5, 5)
    assert t.quartiles() == pytest.approx((0.2, 0.4))
    assert Timing([2.0, 1.0]).quartiles() == (1.0, 2.0)
    row = Row("x", "x", "1", timing=Timing([0.02] * 3), floor=Timing([0.01] * 3),
              peer=Timing([0.2] * 3), target=0.05, peer_target=5.0)  # fmt: skip
    assert row.floor_ratio == pytest.approx(2.0)
    assert row.peer_ratio == pytest.approx(0.1) and row.speedup == pytest.approx(10.0)
    assert row.met is True
    row.peer = Timing([0.05] * 3)  # only 2.5x faster than the peer
    assert row.met is False
    assert Row("y", "y", "1").met is None
    calls = []
    budgeted = measure(lambda: calls.append(time.sleep(0.02)), runs=5, warmup=0, budget=0.03)
    assert budgeted.runs == 2 and len(calls) == 2


def test_corpus_is_deterministic_and_offsets_are_utf8_bytes():
    a, b = make_corpus(3, 5_000, seed=1), make_corpus(3, 5_000, seed=1)
    assert [t.text for t in a] == [t.text for t in b]
    assert a[0].text != make_corpus(3, 5_000, seed=2)[0].text
    assert all(5_000 <= len(t.data) < 8_500 for t in a)
    t = a[0]
    assert t.text.startswith("Interviewer: ") and "\n\n" in t.text
    # offsets count UTF-8 bytes of the blocks joined without separators
    start = t.text.index("\n\n") + 2
    end = start + 4
    first, last = utf8_offsets(t, start, end)
    joined = "".join(t.blocks()).encode("utf-8")
    assert joined[first:last].decode("utf-8") == t.text[start:end]
    accented = next(x for x in make_corpus(40, 3_000) if "’" in x.text)
    s = accented.text.index("’")
    block = accented.text.rfind("\n\n", 0, s) + 2
    first, last = utf8_offsets(accented, block, s + 1)
    assert (
        "".join(accented.blocks()).encode("utf-8")[first:last].decode()
        == (accented.text[block : s + 1])
    )


def test_codebook_and_codings_plan_are_exact():
    book = make_codebook(45)
    assert len(book.codes) == 45 and len({c.guid for c in book.codes}) == 45
    tops = [c for c in book.codes if c.parent is None]
    assert len(tops) == 3
    assert make_codebook(45).codes[7].guid == book.codes[7].guid
    sentences = [[(f"s{d}-{i}", i * 10, i * 10 + 8) for i in range(20)] for d in range(3)]
    plan = plan_codings(sentences, n_codes=7, n_codings=100)
    assert len(plan) == 100
    assert len({(p.segment, p.code, p.coder) for p in plan}) == 100
    assert [sum(p.code == k for p in plan) for k in range(7)] == [15, 15] + [14] * 5
    with pytest.raises(ValueError, match="do not fit"):
        plan_codings(sentences, 7, 3 * 20 * 2 + 1)


BULK_ROWS = {
    "bulk.cli.info", "bulk.cli.docs", "bulk.cli.codings", "floor.python",
    "bulk.attributes.new", "bulk.attributes.cases", "bulk.attributes.again", "bulk.survey",
}  # fmt: skip


@pytest.mark.slow
def test_smoke_bulk_rows_report_medians_and_statement_counts(tmp_path):
    """The issue 11 rows (opt-in in smoke mode: they start the CLI in fresh processes)."""
    output = tmp_path / "bulk.md"
    cfg = config_from(parse_args(["--smoke", "--rows", "bulk", "--output", str(output), "--quiet"]))
    report = run(cfg, "python -m benchmarks --smoke --rows bulk")
    assert {r.name for r in report.rows} == BULK_ROWS
    for row in report.rows:
        assert row.timing is not None and row.median > 0, f"{row.name}: {row.note}"
    counted = {r.name: r.statements for r in report.rows if r.statements is not None}
    # bulk writes: a handful of statements, whatever the number of rows
    assert set(counted) == {n for n in BULK_ROWS if n.startswith(("bulk.attr", "bulk.survey"))}
    assert all(0 < n <= 30 for n in counted.values()), counted


@pytest.mark.slow
def test_smoke_suggest_rows(tmp_path):
    """``--rows suggest``: training, one transcript's suggestions, themes, rules."""
    output = tmp_path / "bench.md"
    cfg = config_from(
        parse_args(["--smoke", "--rows", "suggest", "--output", str(output), "--quiet"])
    )
    report = run(cfg, "python -m benchmarks --smoke --rows suggest")
    rows = {r.name: r for r in report.rows}
    assert set(rows) == {"suggest.train", "suggest.one", "suggest.themes", "suggest.rules"}
    for row in rows.values():
        assert row.timing is not None and row.median > 0, f"{row.name}: {row.note}"
    assert "cross-validated F1: " in rows["suggest.train"].note
    assert "Funding" in rows["suggest.train"].note


def test_smoke_bigtext_rows_report_time_and_peak_memory(tmp_path):
    """The issue 16 rows (opt-in in smoke mode: 1 MB instead of 50 MB)."""
    output = tmp_path / "bigtext.md"
    argv = ["--smoke", "--rows", "bigtext", "--output", str(output), "--quiet"]
    report = run(config_from(parse_args(argv)), "python -m benchmarks --smoke --rows bigtext")
    assert {r.name for r in report.rows} == {"import.bigtext", "memory.import.bigtext"}
    rows = {r.name: r for r in report.rows}
    assert [r.sizes for r in report.rows] == ["1 doc x 1 MB", "1 doc x 1 MB"]
    assert rows["import.bigtext"].median > 0 and rows["import.bigtext"].timing.runs == 2
    assert 50 < rows["memory.import.bigtext"].median < 1024
