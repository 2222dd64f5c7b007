"""Export rows: Word excerpts report (10,000 excerpts) and CSV (2,000 excerpts)."""

from __future__ import annotations

import csv
import io

from benchmarks.floors import plain_docx
from benchmarks.harness import Row, measure


def _word_codes(ws) -> list[str]:
    """Leaf codes of the big project holding about ``word_excerpts`` codings."""
    cfg, big = ws.cfg, ws.big()
    per_code = cfg.big_codings // cfg.big_codes
    leaves = [g for g, p in zip(big.code_guids, big.code_paths, strict=True) if "/" in p]
    return leaves[: max(1, round(cfg.word_excerpts / per_code))]


def _docx_paragraphs(excerpts, codes) -> list[tuple[str, str | None]]:
    """The same paragraphs the report writes, as plain (text, style) pairs."""
    by_code: dict[str, list] = {}
    for e in excerpts:
        by_code.setdefault(e.code, []).append(e)
    out: list[tuple[str, str | None]] = []
    for code in codes:
        found = by_code.get(code.guid, [])
        if not found:
            continue
        out.append((code.path, "Heading 2"))
        for e in found:
            out.append((e.text.strip(), "Quote"))
            out.append((f"\u2014 {e.participant_pseudonym or ''} \u00b7 {e.document_name}", None))
    return out


def word_rows(ws) -> None:
    from exports.model import export_codes
    from exports.word import WordOptions, write_excerpts_docx

    cfg, project = ws.cfg, ws.big().project
    wanted = _word_codes(ws)
    excerpts = project.exports.excerpts(codes=wanted)
    tree = export_codes(project.codebook.model().codes)
    selected = set(wanted)
    codes = [c for c in tree if c.guid in selected]
    key = project.exports.pseudonym_key()
    options = WordOptions(subtitle="Benchmark", key=key, codes=selected, skip_empty_codes=True)
    size = f"{len(excerpts):,} excerpts, {len(wanted)} codes"
    paragraphs = _docx_paragraphs(excerpts, codes)
    # python-docx's add_paragraph is quadratic (each call scans the body): three runs
    floor = measure(lambda: plain_docx(paragraphs), min(3, cfg.runs), warmup=0)
    ws.log(f"word export of {len(excerpts):,} excerpts")
    domain = measure(
        lambda: write_excerpts_docx(excerpts, tree, io.BytesIO(), options), cfg.runs, warmup=0
    )
    ws.report.add(
        Row("exports.word.domain", "Word report: exports.word.write_excerpts_docx (pseudonymised)",
            size, timing=domain, floor=floor, floor_name="python-docx add_paragraph",
            target=10.0)
    )  # fmt: skip
    facade = measure(
        lambda: project.exports.export_docx(io.BytesIO(), codes=wanted), cfg.runs, warmup=0
    )
    ws.report.add(
        Row("exports.word.facade", "Word report end to end (exports.export_docx)", size,
            timing=facade, floor=floor, floor_name="python-docx add_paragraph",
            target=10.0)
    )  # fmt: skip
    ws.report.add(
        Row("floor.docx", "Floor: python-docx writing the same paragraphs",
            f"{len(paragraphs):,} paragraphs", timing=floor)
    )  # fmt: skip


def _plain_csv(excerpts) -> int:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "document", "speaker", "start", "end", "text"])
    for e in excerpts:
        writer.writerow([e.code_path, e.document_name, e.speaker, e.start, e.end, e.text])
    return len(out.getvalue().encode("utf-8"))


def csv_rows(ws) -> None:
    """CSV of the small project's codings: the same highlights Taguette exports."""
    from exports.tables import excerpts_frame, write_excerpts_csv

    cfg, project = ws.cfg, ws.small().project
    size = f"{cfg.peer_codings:,} excerpts, {cfg.peer_docs} docs"
    excerpts = project.exports.excerpts()
    if len(excerpts) != cfg.peer_codings:
        raise RuntimeError(f"{len(excerpts)} excerpts, expected {cfg.peer_codings}")
    floor = measure(lambda: _plain_csv(excerpts), cfg.runs)
    key = project.exports.pseudonym_key()
    domain = measure(
        lambda: write_excerpts_csv(excerpts_frame(excerpts, key), io.BytesIO()), cfg.runs
    )
    facade = measure(lambda: project.exports.export_excerpts(io.BytesIO(), "csv"), cfg.runs)
    ws.report.add(
        Row("exports.csv", "CSV of excerpts end to end (facade export_excerpts)", size,
            timing=facade, floor=floor, floor_name="csv.writer of the same rows",
            target=0.100, peer_target=5.0)
    )  # fmt: skip
    ws.report.add(
        Row("exports.csv.domain", "CSV: exports.tables excerpts_frame + write_excerpts_csv",
            size, timing=domain, floor=floor, floor_name="csv.writer of the same rows")
    )  # fmt: skip
