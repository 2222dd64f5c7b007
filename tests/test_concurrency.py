"""Several writers at once, in real processes, on SQLite and PostgreSQL.

Every acknowledged coding is stored exactly once, a repeat by another process
returns the same coding, coders are created once, and concurrent undos and
redos of one coder each act on a different change, exactly once. Counts are
asserted exactly; nothing here is timed.
"""

from __future__ import annotations

import multiprocessing
import traceback

import pytest
from sqlalchemy import func, select

from qda.project import Project
from qda.storage import schema

TEXT = "\n\n".join(
    f"{'Interviewer' if i % 2 == 0 else 'Sam'}: Turn {i} about money, partners and rules."
    for i in range(40)
)
WORKERS = 4
OWN = 40  # codings each worker makes under its own coder name
SHARED = 25  # spans every worker codes as the same coder


def _ctx():
    return multiprocessing.get_context("fork")


def _run(target, jobs: list[tuple]) -> list:
    """Run ``target(*job)`` in one process per job, all starting together;
    returns their results in job order (a worker's exception fails the test)."""
    ctx = _ctx()
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()

    def main(k, job):
        try:
            barrier.wait()
            results.put((k, "ok", target(*job)))
        except BaseException:  # noqa: BLE001 - reported to the parent
            results.put((k, "error", traceback.format_exc()))

    procs = [ctx.Process(target=main, args=(k, job)) for k, job in enumerate(jobs)]
    for p in procs:
        p.start()
    got = dict()
    for _ in procs:
        k, status, value = results.get(timeout=300)
        assert status == "ok", value
        got[k] = value
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return [got[k] for k in range(len(jobs))]


def _prepare(location) -> tuple[str, list[tuple[int, int]]]:
    project = Project.create(location, name="Concurrency")
    doc = project.corpus.import_file("sam.txt", TEXT.encode())
    project.codebook.add_code("Money")
    project.close()
    spans = [(i, i + 7) for i in range(0, 7 * (OWN * WORKERS + SHARED), 7)]
    return doc["guid"], spans


def _code(location, doc: str, coder: str, spans: list[tuple[int, int]]) -> list[str]:
    project = Project.open(location)
    try:
        return [
            project.coding.apply_code("Money", coder, document=doc, start=s, end=e)
            for s, e in spans
        ]
    finally:
        project.close()


def _count(project, table, *where) -> int:
    with project.work.read() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def test_coders_at_once_each_coding_stored_once(project_location):
    doc, spans = _prepare(project_location)
    shared = spans[-SHARED:]
    jobs = []
    for k in range(WORKERS):
        own = spans[k * OWN : (k + 1) * OWN]
        # Interleave: own codings and the shared spans everyone codes as "team".
        jobs.append((project_location, doc, f"coder{k}", own))
        jobs.append((project_location, doc, "team", shared[k:] + shared[:k]))
    results = _run(_code, jobs)

    project = Project.open(project_location)
    try:
        stored = {c["guid"]: c for c in project.coding.codings()}
        acknowledged = {g for r in results for g in r}
        assert acknowledged <= set(stored)  # every acknowledged write is there
        assert len(stored) == WORKERS * OWN + SHARED  # and nothing else, no duplicates
        for k in range(WORKERS):
            mine = [c for c in stored.values() if c["coder"] == f"coder{k}"]
            assert sorted((c["start"], c["end"]) for c in mine) == spans[k * OWN : (k + 1) * OWN]
        # Every process coding a shared span got the one coding stored for it.
        team = {(c["start"], c["end"]): c["guid"] for c in stored.values() if c["coder"] == "team"}
        assert sorted(team) == shared
        for k, result in enumerate(results[1::2]):
            order = shared[k:] + shared[:k]
            assert result == [team[span] for span in order]
        assert sorted(project.coders()) == ["coder0", "coder1", "coder2", "coder3", "team"]
        # One change-log entry per coding made, none for the repeats.
        c = schema.changes.c
        assert _count(project, schema.changes, c.action == "apply code") == len(stored)
    finally:
        project.close()


def _undo_many(location, coder: str, times: int) -> list[str]:
    project = Project.open(location)
    try:
        return [project.undo(coder) for _ in range(times)]
    finally:
        project.close()


def _redo_many(location, coder: str, times: int) -> list[str]:
    project = Project.open(location)
    try:
        return [project.redo(coder) for _ in range(times)]
    finally:
        project.close()


def test_concurrent_undos_and_redos_of_one_coder_each_act_once(project_location):
    doc, spans = _prepare(project_location)
    per, procs = 8, 3
    n = per * procs
    project = Project.open(project_location)
    for s, e in spans[:n]:
        project.coding.apply_code("Money", "ana", document=doc, start=s, end=e)
    project.coding.apply_code("Money", "bob", document=doc, start=0, end=7)
    project.close()

    undone = [s for r in _run(_undo_many, [(project_location, "ana", per)] * procs) for s in r]
    project = Project.open(project_location)
    try:
        # n undos, n different changes: every one of ana's codings, none twice.
        assert sorted(undone) == sorted(f"Coded 'Money' at {s}-{e}" for s, e in spans[:n])
        assert [c["coder"] for c in project.coding.codings()] == ["bob"]
        c = schema.changes.c
        with project.work.read() as conn:
            reverted = conn.execute(select(c.reverts).where(c.action == "undo")).scalars().all()
        assert len(reverted) == n and len(set(reverted)) == n
        assert project.can_undo("ana") is None
    finally:
        project.close()

    redone = [s for r in _run(_redo_many, [(project_location, "ana", per)] * procs) for s in r]
    project = Project.open(project_location)
    try:
        assert sorted(redone) == sorted(undone)
        stored = project.coding.codings(coder="ana")
        assert sorted((r["start"], r["end"]) for r in stored) == spans[:n]
        assert project.can_redo("ana") is None
        with project.work.read() as conn:
            again = conn.execute(select(c.reverts).where(c.action == "redo")).scalars().all()
        assert len(again) == n and len(set(again)) == n
    finally:
        project.close()


@pytest.mark.parametrize("coder", ["one name"])
def test_racing_coder_creation_makes_one_coder(project_location, coder):
    Project.create(project_location).close()

    def add(location, name):
        project = Project.open(location)
        try:
            for _ in range(5):
                project.add_coder(name)
            return project.coders()
        finally:
            project.close()

    results = _run(add, [(project_location, coder)] * WORKERS)
    assert results == [[coder]] * WORKERS


def test_the_stress_benchmark_counts_exactly_and_its_checks_can_fail(tmp_path):
    """The benchmark's run, small: exact counts, and a lost write is caught."""
    from benchmarks.rows_stress import check, run_stress

    location = tmp_path / "stress.sqlite"
    _, writes, counts, results = run_stress(location, 2, 20)
    # each: 20 codings, 2 undos, 1 redo, 5 "team" codings (10 different spans in all)
    assert writes == 2 * (20 + 2 + 1 + 5)
    assert counts == {"codings": 2 * (20 - 2 + 1) + 10, "undos": 4, "redos": 2, "duplicates": 0}
    project = Project.open(location)
    lost = next(iter(results[1]["kept"]))
    with project.work.write() as conn:  # a write "lost" behind the log's back
        conn.execute(schema.codings.delete().where(schema.codings.c.guid == lost))
    project.close()
    with pytest.raises(
        AssertionError, match="^coder1: 1 acknowledged codings missing, 0 unexpected$"
    ):
        check(location, results, 2, 20)


def test_processes_opening_an_old_project_at_once_migrate_it_once(project_location):
    from alembic import command

    from qda.storage import db

    engine = db.make_engine(db.database_url(project_location))
    with engine.begin() as conn:
        command.upgrade(db._alembic_config(conn), "0003")
    engine.dispose()

    def open_it(location):
        project = Project.open(location)
        try:
            return db.current_revision(project.engine)
        finally:
            project.close()

    assert _run(open_it, [(project_location,)] * WORKERS) == [db.known_revisions()[0]] * WORKERS
