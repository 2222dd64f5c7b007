"""Issue 16 rows: many writers at once, on SQLite and on PostgreSQL.

``stress.sqlite`` and ``stress.postgres``: ``stress_procs`` processes start
together on one project; each codes ``stress_codings`` spans of its own as
its own coder, undoing its newest change after every 10th coding (and redoing
every other undo), and every 4th step also codes one of a few spans shared by
all as the one coder "team" (so processes race to create the same coding and
the same coder). Then the run is checked, and fails unless:

* every acknowledged write is there: each coder's codings are exactly those it
  was told were stored, minus what its undos took back, plus its redos; every
  GUID a "team" call returned is stored;
* there are no duplicates: one coding per span, code and coder;
* the change log is consistent: every undo reverses a different change, and
  the codings the log says are in effect are exactly the codings stored.

The row's time is the wall time from the common start to the last process's
end (one run); the note gives the throughput in writes (codings, undos and
redos) per second. PostgreSQL needs ``QDA_BENCH_POSTGRES_URL`` (or
``QDA_TEST_POSTGRES_URL``): a URL whose user may create databases; the run
uses a fresh database and drops it.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
import uuid
from collections import Counter

from benchmarks.harness import Row, Timing

TEXT_TURNS = 400
SHARED_SPANS = 50
UNDO_EVERY = 10


def _postgres_admin_url() -> str | None:
    return os.environ.get("QDA_BENCH_POSTGRES_URL") or os.environ.get("QDA_TEST_POSTGRES_URL")


def _text(spans_needed: int) -> str:
    turns = max(TEXT_TURNS, spans_needed // 8 + 1)
    return "\n\n".join(
        f"{'Interviewer' if i % 2 == 0 else 'Sam'}: Turn {i} about money, partners, rules."
        for i in range(turns)
    )


def _prepare(location, procs: int, per: int) -> tuple[str, int]:
    from qda.project import Project

    project = Project.create(location, name="Stress")
    text = _text(procs * per + SHARED_SPANS)
    doc = project.corpus.import_file("stress.txt", text.encode())
    project.codebook.add_code("Money")
    project.close()
    return doc["guid"], len(text)


def worker(location, doc: str, k: int, per: int, procs: int, barrier, results) -> None:
    """One process: its own codings, undos and redos, and shared "team" codings."""
    from qda.project import Project

    try:
        project = Project.open(location)
        me = f"coder{k}"
        kept: dict[str, tuple[int, int]] = {}  # acknowledged codings in effect
        team: dict[tuple[int, int], str] = {}
        last: list[tuple[str, tuple[int, int]]] = []
        writes = 0
        barrier.wait()
        began = time.time()
        for i in range(per):
            n = k * per + i
            span = (n * 3, n * 3 + 2)  # spans of different processes never coincide
            guid = project.coding.apply_code("Money", me, document=doc, start=span[0], end=span[1])
            kept[guid] = span
            last.append((guid, span))
            writes += 1
            if i % UNDO_EVERY == UNDO_EVERY - 1:
                undone = project.undo(me)
                gone, gone_span = last.pop()
                assert undone == f"Coded 'Money' at {gone_span[0]}-{gone_span[1]}", undone
                del kept[gone]
                writes += 1
                if (i // UNDO_EVERY) % 2 == 0:
                    assert project.redo(me) == undone
                    kept[gone] = gone_span
                    last.append((gone, gone_span))
                    writes += 1
            if i % 4 == 0:
                s = 1 + 3 * ((k + i) % SHARED_SPANS)  # shared spans overlap nobody's own
                team[(s, s + 1)] = project.coding.apply_code(
                    "Money", "team", document=doc, start=s, end=s + 1
                )
                writes += 1
        ended = time.time()
        project.close()
        results.put((k, "ok", {"began": began, "ended": ended, "writes": writes,
                               "kept": kept, "team": team}))  # fmt: skip
    except BaseException:  # noqa: BLE001 - reported to the parent
        results.put((k, "error", traceback.format_exc()))


def _effective_codings(conn) -> set[str]:
    """The GUIDs of the codings the change log says are in effect."""
    from sqlalchemy import select

    from qda.storage import schema

    c = schema.changes.c
    entries = {}
    present: set[str] = set()
    for entry_id, action, ops, reverts in conn.execute(
        select(c.id, c.action, c.ops, c.reverts).order_by(c.id)
    ):
        entries[entry_id] = (action, ops, reverts)

        def guids(ops):
            return {op["row"]["guid"] for op in ops if op["op"] == "insert"
                    and op["table"] == "codings"}  # fmt: skip

        if action == "undo":
            present -= guids(entries[reverts][1])
        elif action in ("apply code", "redo"):
            present |= guids(ops)
    return present


def check(location, results: list[dict], procs: int, per: int) -> dict:
    """The checks listed in the module docstring; returns what was counted."""
    from sqlalchemy import func, select

    from qda.project import Project
    from qda.storage import schema

    project = Project.open(location)
    try:
        stored = project.coding.codings()
        by_coder: dict[str, set[str]] = {}
        for row in stored:
            by_coder.setdefault(row["coder"], set()).add(row["guid"])
        for k, r in enumerate(results):
            mine = by_coder.get(f"coder{k}", set())
            if mine != set(r["kept"]):
                raise AssertionError(
                    f"coder{k}: {len(set(r['kept']) - mine)} acknowledged codings missing, "
                    f"{len(mine - set(r['kept']))} unexpected"
                )
        team_acked = {g for r in results for g in r["team"].values()}
        if team_acked != by_coder.get("team", set()):
            raise AssertionError("team codings differ from the acknowledged ones")
        spans = Counter(
            (r["document"], r["start"], r["end"], r["code"], r["coder"]) for r in stored
        )
        duplicates = sum(n - 1 for n in spans.values())
        if duplicates:
            raise AssertionError(f"{duplicates} duplicate codings")
        c = schema.changes.c
        with project.work.read() as conn:
            reverts = conn.execute(select(c.reverts).where(c.action == "undo")).scalars().all()
            if len(reverts) != len(set(reverts)):
                raise AssertionError("a change was undone twice")
            undos = len(reverts)
            redos = conn.execute(select(func.count()).where(c.action == "redo")).scalar()
            if _effective_codings(conn) != {r["guid"] for r in stored}:
                raise AssertionError("the change log and the stored codings disagree")
        expected_undos = procs * (per // UNDO_EVERY)
        if undos != expected_undos:
            raise AssertionError(f"{undos} undos logged, {expected_undos} made")
        coders = project.coders()
        if sorted(coders) != sorted([f"coder{k}" for k in range(procs)] + ["team"]):
            raise AssertionError(f"coders {coders}")
        return {"codings": len(stored), "undos": undos, "redos": redos, "duplicates": 0}
    finally:
        project.close()


def run_stress(location, procs: int, per: int) -> tuple[float, int, dict, list[dict]]:
    """(wall seconds, writes acknowledged, counts, each worker's results) of
    one checked run."""
    doc, _ = _prepare(location, procs, per)
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    barrier, queue = ctx.Barrier(procs), ctx.Queue()
    workers = [
        ctx.Process(target=worker, args=(location, doc, k, per, procs, barrier, queue))
        for k in range(procs)
    ]
    for w in workers:
        w.start()
    got: dict[int, dict] = {}
    try:
        for _ in workers:
            k, status, value = queue.get(timeout=3600)
            if status != "ok":
                raise RuntimeError(f"stress worker {k} failed:\n{value}")
            got[k] = value
    finally:
        for w in workers:
            w.join(timeout=60)
            if w.is_alive():
                w.kill()
    results = [got[k] for k in range(procs)]
    wall = max(r["ended"] for r in results) - min(r["began"] for r in results)
    counts = check(location, results, procs, per)
    return wall, sum(r["writes"] for r in results), counts, results


def _postgres_database(admin_url: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = "qda_bench_" + uuid.uuid4().hex[:12]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return admin, name, url


def _row(name: str, where: str, ws, location_factory) -> None:
    cfg = ws.cfg
    procs, per = cfg.stress_procs, cfg.stress_codings
    sizes = f"{procs} processes x {per:,} codings, {per // UNDO_EVERY} undos each"
    title = f"Writers at once on {where}: codings, undos and redos, every write checked"
    location, cleanup = location_factory()
    try:
        ws.log(f"{name}: {sizes}")
        wall, writes, counts, _ = run_stress(location, procs, per)
    finally:
        cleanup()
    ws.report.add(
        Row(name, title, sizes, timing=Timing([wall]),
            note=(f"{writes:,} writes in {wall:.1f} s = {writes / wall:,.0f} writes/s; "
                  f"{counts['codings']:,} codings stored, {counts['undos']:,} undos, "
                  f"{counts['redos']:,} redos; every acknowledged write present, "
                  "0 duplicates, change log consistent"))
    )  # fmt: skip


def stress_rows(ws) -> None:
    def sqlite_location():
        path = ws.tmp / f"stress-{uuid.uuid4().hex[:6]}.sqlite"
        return path, lambda: None

    _row("stress.sqlite", "SQLite", ws, sqlite_location)

    admin_url = _postgres_admin_url()
    if not admin_url:
        ws.report.add(
            Row("stress.postgres", "Writers at once on PostgreSQL", "—",
                note="not available: set QDA_BENCH_POSTGRES_URL to a server URL")
        )  # fmt: skip
        return

    def postgres_location():
        from sqlalchemy import text

        admin, db_name, url = _postgres_database(admin_url)

        def drop():
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
            admin.dispose()

        return url, drop

    _row("stress.postgres", "PostgreSQL", ws, postgres_location)
