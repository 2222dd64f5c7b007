"""A large synthetic project for timing the coding workbench (not a test module).

``build_big_project(location)`` writes ~1,000 interview documents with speaker
turns and paragraphs, a small codebook and ~50,000 codings by three coders
straight through the storage layer (a real import of 1,000 files would take
minutes), plus one 300,000-character transcript imported through the facade.

Run ``python -m tests.workbench_bigproject [PATH]`` to build it and print the
workbench figures (apply/remove median, retrieval, window, Code page reruns).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert

from qda.project import Project
from qda.storage import documents as docs_q
from qda.storage import schema
from qda.storage.cases import ensure_organisation
from qda.storage.changelog import now
from qda.storage.codings import ensure_coder

WORDS = (
    "funding volunteers trustees grant contract community hall food bank tenants council "
    "bid report targets partnership trust money time people help church network board"
).split()
SPEAKERS = ("Interviewer", "Respondent")


def _turn(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def synthetic_transcript(rng: random.Random, turns: int, words: int = 40) -> tuple[str, list]:
    """Text ``Speaker: ...`` turns separated by blank lines, with turn spans."""
    parts, spans, pos = [], [], 0
    for i in range(turns):
        label = SPEAKERS[i % 2]
        body = _turn(rng, words)
        prefix = f"{label}: "
        spans.append((label, pos + len(prefix), pos + len(prefix) + len(body)))
        parts.append(prefix + body)
        pos += len(prefix) + len(body) + 2
    return "\n\n".join(parts), spans


def build_big_project(
    location: str | Path, documents: int = 1000, codings: int = 50_000, seed: int = 7
) -> Project:
    rng = random.Random(seed)
    project = Project.create(location, name="Big workbench project")
    codes = []
    for parent in ("Motivations", "Funding", "Relationships", "Phases", "Culture"):
        project.codebook.add_code(parent)
        for j in range(8):
            codes.append(
                project.codebook.find_code(
                    project.codebook.add_code(f"{parent} {j}", parent=parent)
                )
            )
    code_ids: list[int] = []
    with project.work.write() as conn:
        code_ids = list(
            conn.execute(schema.codes.select().with_only_columns(schema.codes.c.id)).scalars()
        )
        coder_ids = [ensure_coder(conn, n) for n in ("ana", "ben", "cai")]
        org_ids = [ensure_organisation(conn, f"Organisation {i}") for i in range(60)]
        per_doc = codings // documents
        stamp = now()
        for d in range(documents):
            text, spans = synthetic_transcript(rng, turns=60)
            doc_id = docs_q.insert_document(
                conn,
                {
                    "name": f"Interview {d:04d}",
                    "source_name": f"interview_{d:04d}.txt",
                    "format": "txt",
                    "kind": "interview",
                    "date": f"20{15 + d % 10}-0{1 + d % 9}-1{d % 10}",
                    "organisation_id": org_ids[d % len(org_ids)],
                    "text": text,
                    "sha256": uuid.uuid4().hex + uuid.uuid4().hex,
                    "words": len(text.split()),
                    "meta": {},
                },
            )
            speaker_ids = docs_q.insert_speakers(conn, doc_id, list(SPEAKERS), {})
            rows = []
            for kind in ("turn", "paragraph"):
                for n, (label, a, b) in enumerate(spans, 1):
                    start = a if kind == "turn" else a - len(label) - 2
                    rows.append(
                        {
                            "guid": str(uuid.uuid4()),
                            "kind": kind,
                            "start": start,
                            "end": b,
                            "speaker_id": speaker_ids[label],
                            "ordinal": n,
                            "meta": None,
                        }
                    )
            docs_q.insert_segments(conn, doc_id, rows)
            batch = []
            for _ in range(per_doc):
                _, a, b = rng.choice(spans)
                start = rng.randrange(a, b - 5)
                batch.append(
                    {
                        "guid": str(uuid.uuid4()),
                        "document_id": doc_id,
                        "start": start,
                        "end": min(b, start + rng.randrange(5, 200)),
                        "segment_id": None,
                        "code_id": rng.choice(code_ids),
                        "coder_id": rng.choice(coder_ids),
                        "memo": None,
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                )
            conn.execute(insert(schema.codings), batch)
    long_text, _ = synthetic_transcript(rng, turns=1500, words=33)
    project.corpus.import_file(
        "long.txt", long_text.encode(), organisation="Organisation 0", speakers="colon"
    )
    return project


def _median_ms(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def measure(location: str | Path) -> dict[str, float]:
    from qda.services.workbench import RetrievalQuery

    project = Project.open(location)
    out: dict[str, float] = {}
    doc = project.corpus.documents()[500]["guid"]
    segs = project.corpus.segments(doc, "turn")
    code = project.codebook.codes()[1]["guid"]
    applied: list[str] = []
    out["apply_ms"] = _median_ms(
        lambda: applied.append(
            project.coding.apply_code(code, "dee", segment=segs[len(applied) % len(segs)]["guid"])
        ),
        50,
    )
    out["remove_ms"] = _median_ms(lambda: project.coding.remove_coding(applied.pop(), "dee"), 50)
    long = project.corpus.document("long")
    out["long_chars"] = long["chars"]
    out["window_last_page_ms"] = _median_ms(
        lambda: project.coding.document_view("long", "turn", long["turns"] - 40, 40), 20
    )
    codes = [c["guid"] for c in project.codebook.codes() if c["codable"]]
    for name, query in {
        "retrieve_one_code_ms": RetrievalQuery(codes=codes[:1]),
        "retrieve_and_ms": RetrievalQuery(codes=codes[:2], mode="and"),
        "retrieve_not_ms": RetrievalQuery(codes=codes[:3], exclude=codes[3:5]),
        "retrieve_org_ms": RetrievalQuery(organisations=["Organisation 3"]),
    }.items():
        out[name] = _median_ms(lambda q=query: project.coding.retrieve(q), 5)
    t = time.perf_counter()
    everything = project.coding.retrieve(RetrievalQuery())
    out["retrieve_all_ms"] = (time.perf_counter() - t) * 1000
    out["retrieve_all_excerpts"] = len(everything)
    out["document_progress_ms"] = _median_ms(project.coding.document_progress, 3)
    out.update(_apptest(location, project))
    project.close()
    return out


def _apptest(location, project) -> dict[str, float]:
    import os

    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parents[1]
    os.environ["QDA_PROJECT"] = str(location)
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/code.py")
    at.run()
    out = {}
    pick = next(s for s in at.selectbox if s.label == "Document")
    t = time.perf_counter()
    pick.select(project.corpus.document("long")["guid"]).run()
    out["open_long_transcript_ms"] = (time.perf_counter() - t) * 1000
    code = next(c["guid"] for c in project.codebook.codes() if c["codable"])
    times = []
    for i in range(5):
        next(s for s in at.selectbox if s.label == "Apply to turn").set_value(i).run()
        t = time.perf_counter()
        at.button(key=f"apply_{code}").click().run()
        times.append((time.perf_counter() - t) * 1000)
        assert not at.exception, at.exception
    out["code_page_rerun_after_apply_ms"] = statistics.median(times)
    return out


if __name__ == "__main__":
    default = Path(tempfile.gettempdir()) / "qda-big-workbench.sqlite"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    if not target.exists():
        t0 = time.perf_counter()
        build_big_project(target).close()
        print(f"built {target} in {time.perf_counter() - t0:.1f} s")
    for key, value in measure(target).items():
        print(f"{key:34s} {value:10.1f}")
