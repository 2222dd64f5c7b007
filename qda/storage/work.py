"""The unit of work every service of one project shares.

It holds the engine (a connection pool), never a connection. ``read()`` lends a
connection; ``write()`` runs one transaction that also bumps the project's
revision counter (the key the app caches by); ``recorded()`` is a write whose
row changes go to the change log for undo and redo. Everything a service does
in one ``with`` block happens completely or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, select, update

from qda.storage import schema
from qda.storage.changelog import Recorder


class UnitOfWork:
    def __init__(self, engine: Engine):
        self.engine = engine

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn
            conn.execute(update(schema.projects).values(revision=schema.projects.c.revision + 1))

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
