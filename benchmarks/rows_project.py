"""Rows on the projects: coding, retrieval, the codebook, QDPX exchange."""

from __future__ import annotations

import io
import random
import time

from benchmarks.harness import Row, Timing, measure
from benchmarks.projects import make_codebook


def _sizes(ws) -> str:
    cfg = ws.cfg
    return f"{cfg.big_docs} docs, {cfg.big_codings:,} codings, {cfg.big_codes} codes"


def coding_rows(ws) -> None:
    """Apply then remove codings on the big project, each call timed alone."""
    cfg, big = ws.cfg, ws.big()
    small = ws.small()
    ws.report.add(
        Row(
            "coding.apply.small",
            "Apply a code (facade apply_code), project mirrored in Taguette",
            f"{cfg.peer_docs} docs, {cfg.peer_codings:,} codings",
            timing=Timing(small.apply_seconds),
            note="one sample per coding applied while building the project",
        )
    )
    rng = random.Random(f"apply-{cfg.seed}")
    project = big.project
    applied, removed, guids = [], [], []
    for _ in range(cfg.coding_samples):
        doc = rng.choice(big.documents)
        segs = project.corpus.segments(doc["guid"], kind="sentence")
        seg = rng.choice(segs)
        code = rng.choice(big.code_guids)
        began = time.perf_counter()
        guids.append(project.coding.apply_code(code, "cy", segment=seg["guid"]))
        applied.append(time.perf_counter() - began)
    for guid in guids:
        began = time.perf_counter()
        project.coding.remove_coding(guid, coder="cy")
        removed.append(time.perf_counter() - began)
    ws.report.add(
        Row("coding.apply", "Apply a code to a sentence (facade apply_code)", _sizes(ws),
            timing=Timing(applied), target=0.005)
    )  # fmt: skip
    ws.report.add(
        Row("coding.remove", "Remove a coding (facade remove_coding)", _sizes(ws),
            timing=Timing(removed), target=0.005)
    )  # fmt: skip


def retrieve_rows(ws) -> None:
    cfg, big = ws.cfg, ws.big()
    project = big.project
    per_code = cfg.big_codings // cfg.big_codes
    leaves = [g for g, p in zip(big.code_guids, big.code_paths, strict=True) if "/" in p]
    from qda.services.workbench import RetrievalQuery

    codes = iter(leaves * (cfg.runs + 1))

    def one() -> object:
        found = project.coding.retrieve(RetrievalQuery(codes=[next(codes)]))
        if len(found) not in (per_code, per_code + 1):
            raise RuntimeError(f"retrieve found {len(found)} excerpts, expected {per_code}")
        return found

    timing = measure(one, cfg.runs)
    title = "Retrieve for a code (coding.retrieve, text and context)"
    ws.report.add(Row("retrieve.code", title, f"{_sizes(ws)}; ~{per_code:,} hits", timing=timing))


def codebook_rows(ws) -> None:
    """A codebook of ``codebook_codes`` codes: load from QDC, list, export."""
    from codebooks import qdc
    from qda.project import Project

    cfg = ws.cfg
    data = io.BytesIO()
    qdc.write_qdc(make_codebook(cfg.codebook_codes, cfg.seed, "Big codebook"), data)
    payload = data.getvalue()
    loads, lists, exports = [], [], []
    for r in range(cfg.runs + 1):
        project = Project.create(ws.tmp / f"codebook-{r}.sqlite", name="Codebook benchmark")
        try:
            began = time.perf_counter()
            n = project.codebook.import_codebook("codebook.qdc", payload)
            loaded = time.perf_counter()
            codes = project.codebook.codes()
            listed = time.perf_counter()
            out = io.BytesIO()
            project.codebook.export_codebook("qdc", out)
            ended = time.perf_counter()
        finally:
            project.close()
        if n != cfg.codebook_codes or len(codes) != n:
            raise RuntimeError(f"codebook: loaded {n}, listed {len(codes)}")
        if r:  # the first round warms up
            loads.append(loaded - began)
            lists.append(listed - loaded)
            exports.append(ended - listed)
    size = f"{cfg.codebook_codes:,} codes (QDC, {len(payload) / 1000:.0f} KB)"
    for name, title, samples in (
        ("codebook.load", "Codebook: load a QDC file (facade import_codebook)", loads),
        ("codebook.codes", "Codebook: list codes with paths and counts (codes())", lists),
        ("codebook.export", "Codebook: export as QDC (export_codebook)", exports),
    ):
        ws.report.add(Row(name, title, size, timing=Timing(samples)))


#: seconds of timed runs after which no further QDPX run starts (see measure()),
#: once QDPX_MIN_RUNS have run (a median needs three)
QDPX_BUDGET = 120.0
QDPX_MIN_RUNS = 3


def _qdpx_pair(ws, built, label: str, size: str) -> None:
    """Export the project, then import the file into new projects. The first
    export and the first import are untimed warm-ups that count SQL statements."""
    from benchmarks.rows_bulk import (
        close_project,
        count_statements,
        create_project,
        export_qdpx,
        import_qdpx,
        project_counts,
    )

    cfg, project = ws.cfg, built.project
    budget = None if ws.cfg.smoke else QDPX_BUDGET
    written: list[bytes] = []

    def export() -> None:
        out = io.BytesIO()
        export_qdpx(project, out)
        written[:] = [out.getvalue()]

    export_statements, _ = count_statements(project, export)
    exports = measure(export, cfg.runs, warmup=0, budget=budget, min_runs=QDPX_MIN_RUNS)
    data = written[0]
    expected = project_counts(project)["codings"]
    imports: list[float] = []
    import_statements = -1
    for r in range(cfg.runs + 1):  # run 0: the counted warm-up
        if budget is not None and len(imports) >= QDPX_MIN_RUNS and sum(imports) > budget:
            break
        fresh = create_project(ws.tmp / f"qdpx-{label}-{r}.sqlite", name="QDPX import")
        try:
            if r == 0:
                import_statements, _ = count_statements(
                    fresh, lambda f=fresh: import_qdpx(f, f"{label}.qdpx", data)
                )
            else:
                began = time.perf_counter()
                import_qdpx(fresh, f"{label}.qdpx", data)
                imports.append(time.perf_counter() - began)
            counts = project_counts(fresh)
        finally:
            close_project(fresh)
        if counts["codings"] != expected:
            raise RuntimeError(f"QDPX import: {counts['codings']} of {expected} codings came back")
    size += f"; {len(data) / 1e6:.1f} MB file"
    note = ""
    if exports.runs < cfg.runs or len(imports) < cfg.runs:
        note = f"runs stopped after a {QDPX_BUDGET:.0f} s budget (at least {QDPX_MIN_RUNS} runs)"
    ws.report.add(Row(f"exchange.qdpx_export.{label}", "QDPX export (export_qdpx)", size,
                      timing=exports, note=note, statements=export_statements))  # fmt: skip
    ws.report.add(Row(f"exchange.qdpx_import.{label}", "QDPX import into a new project (import_qdpx)",
                      size, timing=Timing(imports), note=note, statements=import_statements))  # fmt: skip


def exchange_rows(ws) -> None:
    """QDPX export and import on the small and the big project. On its own at
    1,000 documents: ``python -m benchmarks --rows exchange --sizes 1000``."""
    cfg = ws.cfg
    small = f"{cfg.peer_docs} docs, {cfg.peer_codings:,} codings, {cfg.peer_codes} codes"
    _qdpx_pair(ws, ws.small(), "small", small)
    _qdpx_pair(ws, ws.big(), "big", _sizes(ws))
