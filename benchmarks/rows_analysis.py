"""Analysis rows: frequency by organisation and co-occurrence.

On the big project (``project.analysis.data()`` when the facade provides it)
and on ``analysis.synthetic`` data at 10^4, 10^5 and 10^6 codings.
"""

from __future__ import annotations

from benchmarks.harness import Row, measure


def project_rows(ws) -> None:
    from analysis.cooccurrence import cooccurrence
    from analysis.frequency import frequency

    cfg = ws.cfg
    size = f"{cfg.big_docs} docs, {cfg.big_codings:,} codings, {cfg.big_codes} codes"
    project = ws.big().project
    timing = measure(project.analysis.data, cfg.runs)
    data = project.analysis.data()
    if len(data.codings) != cfg.big_codings:
        raise RuntimeError(f"analysis_data has {len(data.codings)} codings")
    ws.report.add(
        Row("analysis.project.data", "Analysis data from the project (analysis_data())", size,
            timing=timing)
    )  # fmt: skip
    ws.report.add(
        Row("analysis.project.frequency", "Frequency by organisation on the project's data",
            size, timing=measure(lambda: frequency(data), cfg.runs))
    )  # fmt: skip
    ws.report.add(
        Row("analysis.project.cooccurrence", "Co-occurrence (segment) on the project's data",
            size, timing=measure(lambda: cooccurrence(data, "segment"), cfg.runs))
    )  # fmt: skip


def synthetic_rows(ws) -> None:
    from analysis.cooccurrence import cooccurrence
    from analysis.frequency import frequency
    from analysis.synthetic import synthetic_data

    cfg = ws.cfg
    largest = max(cfg.coding_sizes)
    for n in cfg.coding_sizes:
        ws.log(f"synthetic analysis data: {n:,} codings")
        data = synthetic_data(cfg.big_docs, n, cfg.analysis_codes, cfg.seed)
        size = f"{n:,} codings, {cfg.analysis_codes} codes, {cfg.big_docs} docs"
        big = n == largest and n >= 1_000_000
        ws.report.add(
            Row(f"analysis.frequency.{n}", "Frequency by organisation (analysis.frequency)", size,
                timing=measure(lambda data=data: frequency(data), cfg.runs),
                target=1.0 if big else None)
        )  # fmt: skip
        ws.report.add(
            Row(f"analysis.cooccurrence.{n}", "Co-occurrence, segment mode (analysis.cooccurrence)",
                size, timing=measure(lambda data=data: cooccurrence(data, "segment"), cfg.runs),
                target=3.0 if big else None)
        )  # fmt: skip
