"""Import rows: one 60 KB transcript, batches of 10/100/1,000, and their floors."""

from __future__ import annotations

import time

from benchmarks.floors import BareTable, segment_rows, sentencizer, split_sentences
from benchmarks.harness import Row, Timing
from benchmarks.projects import run_child_import, write_files


def _kb(n_bytes: int) -> str:
    return f"{n_bytes / 1000:.0f} KB"


def floor_one(run, texts: list[str], parsed: list) -> tuple[Timing, Timing, Timing]:
    """Per document: spaCy alone, the bare insert alone, and both together."""
    nlp = sentencizer()
    split_sentences(nlp, texts[:1])  # warm up
    spacy_s, insert_s, both_s = [], [], []
    for i, (text, doc) in enumerate(zip(texts, parsed, strict=True)):
        table = BareTable(run.tmp / f"floor-one-{i}.sqlite")
        rows = segment_rows(doc.segments, 1)
        began = time.perf_counter()
        split_sentences(nlp, [text])
        middle = time.perf_counter()
        table.insert(rows)
        ended = time.perf_counter()
        table.close()
        spacy_s.append(middle - began)
        insert_s.append(ended - middle)
        both_s.append(ended - began)
    return Timing(spacy_s), Timing(insert_s), Timing(both_s)


def floor_batch(run, texts: list[str], parsed: list, runs: int) -> Timing:
    """spaCy over every text plus one bare insert transaction per document."""
    nlp = sentencizer()
    split_sentences(nlp, texts[:1])
    samples = []
    for r in range(runs):
        table = BareTable(run.tmp / f"floor-batch-{len(texts)}-{r}.sqlite")
        rows = [segment_rows(doc.segments, i + 1) for i, doc in enumerate(parsed)]
        began = time.perf_counter()
        for text, doc_rows in zip(texts, rows, strict=True):
            split_sentences(nlp, [text])
            table.insert(doc_rows)
        samples.append(time.perf_counter() - began)
        table.close()
    return Timing(samples)


def one_transcript_rows(run) -> None:
    """``import.one``: the small (peer) project's imports, one sample per transcript."""
    cfg, small = run.cfg, run.small()
    texts = [t.text for t in small.transcripts]
    spacy_t, insert_t, both_t = floor_one(run, texts, run.parsed(small.transcripts))
    size = _kb(cfg.doc_bytes)
    run.report.add(
        Row(
            "import.one",
            "Import + segment + store one transcript (facade import_file)",
            f"1 doc x {size}",
            timing=Timing(small.import_seconds),
            floor=both_t,
            floor_name="spaCy sentencizer + bare insert",
            target=0.050,
            peer_target=5.0,
            note="one sample per transcript; into the project mirrored in Taguette",
        )
    )
    run.report.add(
        Row("floor.spacy", "Floor: spaCy blank + sentencizer, same text", f"1 doc x {size}",
            timing=spacy_t)
    )  # fmt: skip
    run.report.add(
        Row("floor.insert", "Floor: bare SQLAlchemy executemany of the same segment rows",
            f"1 doc x {size}", timing=insert_t)
    )  # fmt: skip


def batch_rows(run) -> None:
    """``import.batch.N``: N transcripts into a new project, each run in a fresh
    process (which also gives the peak memory of importing N transcripts)."""
    cfg = run.cfg
    corpus = run.corpus()
    for n in cfg.doc_sizes:
        transcripts = corpus[:n]
        manifest = write_files(transcripts, run.tmp / "files")
        runs = cfg.batch_runs or cfg.runs
        run.log(f"import batch of {n}: {runs} runs in fresh processes")
        seconds, peaks = [], []
        for r in range(runs):
            location = run.tmp / f"batch-{n}.sqlite"
            result = run_child_import(manifest, location)
            if result["documents"] != n:
                raise RuntimeError(f"batch of {n}: {result['documents']} documents imported")
            seconds.append(result["seconds"])
            peaks.append(result["peak_mib"])
            run.log(f"  run {r + 1}: {result['seconds']:.2f} s, peak {result['peak_mib']:.0f} MiB")
            if n == cfg.big_docs:
                run.keep_big_import(location)
        run.log(f"  floor for {n}")
        texts = [t.text for t in transcripts]
        floor = floor_batch(run, texts, run.parsed(transcripts), runs)
        size = f"{n} docs x {_kb(cfg.doc_bytes)}"
        run.report.add(
            Row(
                f"import.batch.{n}",
                f"Import {n} transcripts (fresh process, one import_file each)",
                size,
                timing=Timing(seconds),
                floor=floor,
                floor_name="spaCy sentencizer + bare insert",
                target=60.0 if n == 1000 else None,
            )
        )
        run.report.add(
            Row(
                f"memory.import.{n}",
                f"Peak RSS importing {n} transcripts",
                size,
                timing=Timing(peaks, unit="MiB"),
                note="ru_maxrss of the importing process",
            )
        )
