"""The unit of work every service of one project shares.

It holds the engine (a connection pool), never a connection. ``read()`` lends a
connection; ``write()`` runs one transaction that also bumps the project's
revision counter (the key the app caches by); ``recorded()`` is a write whose
row changes go to the change log for undo and redo. Everything a service does
in one ``with`` block happens completely or not at all.

Writers queue instead of failing. On SQLite a write transaction starts with
``BEGIN IMMEDIATE``: it takes the database's single write lock before it reads
anything, waiting for it (the connection's busy timeout, then further tries
with growing pauses) up to :data:`WAIT_SECONDS`, so it can never meet a lock
half-way through. On PostgreSQL rows are locked where they are changed; a
deadlock or serialization failure there, or a SQLite lock that outlasted the
wait, ends the transaction as :class:`Busy`. A method decorated with
:func:`retrying` is one whole unit of work and is run again from the start
when that happens, until the same budget is spent; then the user reads one
line saying the project was busy.
"""

from __future__ import annotations

import functools
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import DBAPIError

from qda.errors import Busy
from qda.storage import schema
from qda.storage.changelog import Recorder

#: how long a write may wait for other writers, in seconds, before giving up
WAIT_SECONDS = float(os.environ.get("QDA_WRITE_WAIT", "60"))
#: the first pause between tries; each pause doubles (with jitter) up to MAX_PAUSE
FIRST_PAUSE = 0.005
MAX_PAUSE = 0.5

#: PostgreSQL error codes that mean "run the transaction again": serialization
#: failure, deadlock detected, lock not available
RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})

T = TypeVar("T")


def is_transient(err: BaseException) -> bool:
    """A database error that another try may not meet (a lock, a deadlock)."""
    if not isinstance(err, DBAPIError):
        return False
    orig = err.orig
    if getattr(orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database table is locked" in message


def pauses(budget: float | None = None) -> Iterator[float]:
    """Growing, jittered pauses until ``budget`` seconds have passed."""
    deadline = time.monotonic() + (WAIT_SECONDS if budget is None else budget)
    pause = FIRST_PAUSE
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        yield min(left, pause * (0.5 + random.random()))
        pause = min(MAX_PAUSE, pause * 2)


def _busy(engine: Engine, err: BaseException) -> Busy:
    where = engine.url.render_as_string(hide_password=True)
    reason = getattr(err, "orig", err)
    return Busy(
        f"{where}: the project is busy with other writers ({str(reason).splitlines()[0]}); "
        f"gave up after {WAIT_SECONDS:g} s, try again"
    )


def retrying(method: Callable[..., T]) -> Callable[..., T]:
    """Run ``method`` (one whole unit of work) again while it ends as :class:`Busy`,
    with growing pauses, for at most :data:`WAIT_SECONDS`."""

    @functools.wraps(method)
    def run(*args, **kwargs) -> T:
        waits = pauses()
        while True:
            try:
                return method(*args, **kwargs)
            except Busy:
                pause = next(waits, None)
                if pause is None:
                    raise
                time.sleep(pause)

    return run


class UnitOfWork:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            try:
                yield conn
            except DBAPIError as err:
                if is_transient(err):
                    raise _busy(self.engine, err) from err
                raise

    def _begin_write(self) -> Connection:
        """A connection inside a write transaction; on SQLite it holds the write
        lock already (``BEGIN IMMEDIATE``, see :func:`qda.storage.db.make_engine`)."""
        waits = pauses()
        while True:
            conn = self.engine.connect()
            try:
                conn.execution_options(qda_write=True)
                conn.begin()
                return conn
            except DBAPIError as err:
                conn.close()
                if not is_transient(err):
                    raise
                pause = next(waits, None)
                if pause is None:
                    raise _busy(self.engine, err) from err
                time.sleep(pause)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        conn = self._begin_write()
        try:
            yield conn
            conn.execute(update(schema.projects).values(revision=schema.projects.c.revision + 1))
            conn.commit()
        except DBAPIError as err:
            conn.rollback()
            if is_transient(err):
                raise _busy(self.engine, err) from err
            raise
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()

    @contextmanager
    def recorded(self, action: str, summary: str, coder: str | None = None) -> Iterator[Recorder]:
        """A write whose row changes are logged for undo and redo."""
        with self.write() as conn:
            rec = Recorder(conn, summary=summary)
            yield rec
            if rec.ops:
                rec.log(action, rec.summary, coder)

    def revision(self) -> int:
        with self.read() as conn:
            return conn.execute(select(schema.projects.c.revision)).scalar_one()
