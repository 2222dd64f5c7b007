"""Median timings of exports through the Project facade (a script, not a test).

Builds a SQLite project with 10,000 codings over 20 interviews (participants,
organisations, pseudonyms), then times the Word report of all of them and the
CSV of 2,000 (one coder's codings of 4 interviews).

Usage: python tests/exports/bench_facade_exports.py [FOLDER]
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from qda.project import Project  # noqa: E402
from qda.storage import schema  # noqa: E402

TURN = (
    "{who}: When the grant ended {first}'s team had to bid against the big providers, "
    "and we lost two contracts that year. Number {n}.\n\n"
    "Interviewer: What happened next?\n\n"
)


def build(folder: Path) -> Project:
    project = Project.create(folder / "bench.sqlite", name="Bench")
    for code in ("Funding", "Bonding", "Bridging", "Linking", "Hierarchy"):
        project.codebook.add_code(code, definition=f"Talk about {code.lower()}.")
    codes = [c["guid"] for c in project.codebook.codes()]
    with project.work.read() as conn:
        code_ids = dict(conn.execute(schema.codes.select().with_only_columns(
            schema.codes.c.guid, schema.codes.c.id)).all())  # fmt: skip
    rows = []
    for d in range(20):
        person, org = f"Person{d} Surname{d}", f"Organisation Trust {d}"
        project.cases.add_organisation(org, pseudonym=f"Organisation {d}")
        project.cases.add_participant(person, pseudonym=f"Interviewee {d}", organisation=org)
        text = "".join(TURN.format(who=f"Person{d}", first=f"Person{d}", n=n) for n in range(250))
        doc = project.corpus.import_file(
            f"i{d}.txt",
            text.encode(),
            organisation=org,
            speakers="colon",
            aliases={f"Person{d}": person, "Interviewer": None},
        )
        turns = [
            s for s in project.corpus.segments(doc["guid"], "turn") if s["speaker"] != "Interviewer"
        ]
        with project.work.read() as conn:
            doc_id = conn.execute(
                schema.documents.select()
                .with_only_columns(schema.documents.c.id)
                .where(schema.documents.c.guid == doc["guid"])
            ).scalar_one()
        for i, turn in enumerate(turns):
            for k in range(2):
                rows.append((doc_id, turn["start"], turn["start"] + 60, codes[(i + k) % 5], k))
    project.add_coder("ana")
    project.add_coder("ben")
    import uuid

    from qda.storage.changelog import now

    with project.work.write() as conn:
        coders = dict(conn.execute(schema.coders.select().with_only_columns(
            schema.coders.c.name, schema.coders.c.id)).all())  # fmt: skip
        stamp = now()
        conn.execute(
            schema.codings.insert(),
            [
                {
                    "guid": str(uuid.uuid4()),
                    "document_id": doc_id,
                    "start": s,
                    "end": e,
                    "code_id": code_ids[code],
                    "coder_id": coders["ana" if k == 0 else "ben"],
                    "memo": None,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
                for doc_id, s, e, code, k in rows
            ],
        )
    return project


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    project = build(folder)
    print(f"codings: {project.counts()['codings']}")
    docs = [d["guid"] for d in project.corpus.documents()][:4]
    n_csv = len(project.exports.excerpts(documents=docs))
    word = median_seconds(
        lambda: project.exports.export_docx(io.BytesIO(), include_context=True), 3
    )
    print(f"Word, 10,000 excerpts via the facade (pseudonymised, context): {word:.2f} s")
    csv = median_seconds(
        lambda: project.exports.export_excerpts(io.BytesIO(), "csv", documents=docs), 11
    )
    print(f"CSV, {n_csv:,} excerpts via the facade (pseudonymised): {csv * 1000:.0f} ms")
    excerpts = median_seconds(lambda: project.exports.excerpts(), 5)
    print(f"excerpts(), 10,000 codings: {excerpts * 1000:.0f} ms")


if __name__ == "__main__":
    main()
