"""The state one benchmark run shares between rows: corpus, projects, report.

Two projects are built once per run, through the facade:

* the *small* project, mirrored in Taguette: the first ``peer_docs``
  transcripts (each import timed, giving ``import.one``), ``peer_codes`` codes
  and ``peer_codings`` codings (each ``apply_code`` timed);
* the *big* project: ``big_docs`` transcripts (the last batch-import run, or a
  fresh import when the import rows were not selected), ``big_codes`` codes,
  ``codings_per_doc`` codings per document and organisation attributes.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.config import Config, Log
from benchmarks.corpus import Transcript, make_corpus
from benchmarks.harness import Report, machine, now_iso
from benchmarks.projects import (
    PlannedCoding,
    apply_planned,
    make_codebook,
    plan_codings,
    run_child_import,
    sentence_spans,
    set_organisation_attributes,
    write_files,
)


@dataclass
class Built:
    project: object  # qda.project.Project
    transcripts: list[Transcript]
    documents: list[dict]
    code_guids: list[str]
    code_paths: list[str]
    plan: list[PlannedCoding]
    import_seconds: list[float] = field(default_factory=list)
    apply_seconds: list[float] = field(default_factory=list)


class Workspace:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.log = Log(cfg.verbose)
        self.tmp = Path(tempfile.mkdtemp(prefix="qda-bench-"))
        self.report = Report(machine=machine(), started=now_iso(), smoke=cfg.smoke)
        self._corpus: list[Transcript] | None = None
        self._parsed: dict[str, object] = {}
        self._small: Built | None = None
        self._big: Built | None = None
        self._big_import: Path | None = None

    def close(self) -> None:
        for built in (self._small, self._big):
            if built is not None:
                built.project.close()
        if self.cfg.keep:
            self.log(f"kept the work folder {self.tmp} (big project: big.sqlite)")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- corpus ----------------------------------------------------------------------------
    def corpus(self) -> list[Transcript]:
        if self._corpus is None:
            n = max(self.cfg.big_docs, self.cfg.peer_docs)
            self.log(f"generating {n} transcripts of {self.cfg.doc_bytes:,} bytes")
            self._corpus = make_corpus(n, self.cfg.doc_bytes, self.cfg.seed)
        return self._corpus

    def parsed(self, transcripts: list[Transcript]) -> list:
        """Each transcript parsed by the product's pipeline (for the floors' rows)."""
        from corpus import parse_document
        from corpus.segment import get_nlp

        nlp = get_nlp()
        for t in transcripts:
            if t.name not in self._parsed:
                self._parsed[t.name] = parse_document(t.name + ".txt", t.data, nlp=nlp)
        return [self._parsed[t.name] for t in transcripts]

    # -- the small project (mirrored in Taguette) --------------------------------------------
    def small(self) -> Built:
        if self._small is None:
            self._small = self._build_small()
        return self._small

    def _build_small(self) -> Built:
        from corpus.segment import get_nlp
        from qda.project import Project

        cfg = self.cfg
        transcripts = self.corpus()[: cfg.peer_docs]
        self.log(f"small project: {len(transcripts)} docs, {cfg.peer_codings} codings")
        project = Project.create(self.tmp / "small.sqlite", name="Benchmark (small)")
        get_nlp(project.settings.get("spacy_model"))
        project.corpus.parse("warm-up.txt", self.corpus()[-1].data)
        seconds = []
        documents = []
        for t in transcripts:
            began = time.perf_counter()
            doc = project.corpus.import_file(
                t.name + ".txt", t.data, organisation=t.organisation.name
            )
            seconds.append(time.perf_counter() - began)
            documents.append(doc)
            if project.corpus.document_text(doc["guid"]) != t.text:
                raise RuntimeError(f"{t.name}: canonical text differs from the generated text")
        codebook = make_codebook(cfg.peer_codes, cfg.seed, "Peer codebook")
        project.codebook.load_codebook(codebook)
        codes = project.codebook.codes()
        plan = plan_codings(
            sentence_spans(project, documents), len(codes), cfg.peer_codings, cfg.seed
        )
        applied: list[float] = []

        def timed(call):
            began = time.perf_counter()
            out = call()
            applied.append(time.perf_counter() - began)
            return out

        guids = [c["guid"] for c in codes]
        apply_planned(project, plan, documents, guids, timer=timed)
        return Built(
            project, transcripts, documents, guids, [c["path"] for c in codes], plan,
            seconds, applied,
        )  # fmt: skip

    # -- the big project -----------------------------------------------------------------------
    def keep_big_import(self, location: Path) -> None:
        """Keep the last batch import of ``big_docs`` transcripts for the big project."""
        kept = self.tmp / "big.sqlite"
        shutil.copyfile(location, kept)
        self._big_import = kept

    def big(self) -> Built:
        if self._big is None:
            self._big = self._build_big()
        return self._big

    def _build_big(self) -> Built:
        from qda.project import Project

        cfg = self.cfg
        transcripts = self.corpus()[: cfg.big_docs]
        if self._big_import is None:
            self.log(f"big project: importing {len(transcripts)} transcripts")
            location = self.tmp / "big.sqlite"
            run_child_import(write_files(transcripts, self.tmp / "files"), location)
            self._big_import = location
        project = Project.open(self._big_import)
        documents = project.corpus.documents()
        set_organisation_attributes(project, transcripts)
        project.codebook.load_codebook(make_codebook(cfg.big_codes, cfg.seed))
        codes = project.codebook.codes()
        plan = plan_codings(
            sentence_spans(project, documents), len(codes), cfg.big_codings, cfg.seed + 1
        )
        self.log(f"big project: applying {len(plan):,} codings through apply_code")
        guids = [c["guid"] for c in codes]
        apply_planned(project, plan, documents, guids, progress=self.log)
        self.log("big project ready")
        return Built(project, transcripts, documents, guids, [c["path"] for c in codes], plan)
