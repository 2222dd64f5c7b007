"""The Project facade: the one door the app, the CLI and the tests go through.

A ``Project`` holds an engine (a connection pool), never a connection. Every
method that writes runs one transaction: it either happens completely or
not at all, bumps the project's revision counter (the key the app caches
by) and, for edits a researcher may want to take back, appends an entry to
the change log that undo and redo replay.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, func, insert, select, update

from qda.errors import NotFound, ProjectError
from qda.facade_analysis import AnalysisMixin
from qda.facade_cases import CasesMixin
from qda.facade_codebook import CodebookMixin
from qda.facade_codebook_edit import CodebookEditMixin
from qda.facade_coding import CodingMixin
from qda.facade_corpus import CorpusMixin
from qda.facade_exchange import ExchangeMixin
from qda.facade_exports import ExportsMixin
from qda.facade_workbench import WorkbenchMixin
from qda.storage import changelog, db, schema
from qda.storage.changelog import Recorder, now

DEFAULT_SETTINGS = {"show_pseudonyms": True, "spacy_model": None}


class Project(
    CorpusMixin,
    CasesMixin,
    CodebookMixin,
    CodebookEditMixin,
    CodingMixin,
    WorkbenchMixin,
    AnalysisMixin,
    ExportsMixin,
    ExchangeMixin,
):
    def __init__(self, location: str | Path, engine):
        self.location = str(location)
        self.url = db.database_url(location)
        self.engine = engine

    # -- opening and creating -------------------------------------------------
    @classmethod
    def create(cls, location: str | Path, name: str | None = None) -> Project:
        url = db.database_url(location)
        path = db.sqlite_path(url)
        if path is not None:
            if path.exists() and path.stat().st_size > 0:
                raise ProjectError(f"{location}: a file already exists there")
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = db.make_engine(url)
        if db.current_revision(engine) is not None:
            raise ProjectError(f"{location}: already holds a project")
        db.upgrade(engine, backup=False)
        with engine.begin() as conn:
            conn.execute(
                insert(schema.projects).values(
                    guid=str(uuid.uuid4()),
                    name=name or (path.stem if path else "Project"),
                    description="",
                    settings=dict(DEFAULT_SETTINGS),
                    revision=0,
                    created_at=now(),
                )
            )
        return cls(location, engine)

    @classmethod
    def open(cls, location: str | Path) -> Project:
        url = db.database_url(location)
        path = db.sqlite_path(url)
        if path is not None and not path.exists():
            raise ProjectError(f"{location}: no such project file")
        engine = db.make_engine(url)
        db.check_version(engine)
        return cls(location, engine)

    @classmethod
    def open_or_create(cls, location: str | Path, name: str | None = None) -> Project:
        path = db.sqlite_path(db.database_url(location))
        if path is not None and not path.exists():
            return cls.create(location, name)
        return cls.open(location)

    def close(self) -> None:
        self.engine.dispose()

    # -- units of work ----------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn
            conn.execute(update(schema.projects).values(revision=schema.projects.c.revision + 1))

    @contextmanager
    def _recorded(self, action: str, summary: str, coder: str | None = None) -> Iterator[Recorder]:
        """A write whose row changes are logged for undo and redo."""
        with self._write() as conn:
            rec = Recorder(conn, summary=summary)
            yield rec
            if rec.ops:
                rec.log(action, rec.summary, coder)

    # -- project information ----------------------------------------------------
    @property
    def revision(self) -> int:
        with self._read() as conn:
            return conn.execute(select(schema.projects.c.revision)).scalar_one()

    def info(self) -> dict:
        with self._read() as conn:
            row = conn.execute(select(schema.projects)).mappings().one()
        info = {k: row[k] for k in ("guid", "name", "description", "revision", "created_at")}
        info["settings"] = {**DEFAULT_SETTINGS, **(row["settings"] or {})}
        info["location"] = self.location
        return info

    @property
    def settings(self) -> dict:
        return self.info()["settings"]

    def update_settings(self, **values) -> dict:
        unknown = set(values) - set(DEFAULT_SETTINGS)
        if unknown:
            raise ProjectError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        with self._write() as conn:
            current = conn.execute(select(schema.projects.c.settings)).scalar_one() or {}
            conn.execute(update(schema.projects).values(settings={**current, **values}))
        return self.settings

    def rename(self, name: str) -> None:
        if not name.strip():
            raise ProjectError("a project needs a name")
        with self._write() as conn:
            conn.execute(update(schema.projects).values(name=name.strip()))

    def counts(self) -> dict[str, int]:
        tables = {
            "documents": schema.documents,
            "segments": schema.segments,
            "codes": schema.codes,
            "codings": schema.codings,
            "memos": schema.memos,
            "coders": schema.coders,
        }
        with self._read() as conn:
            out = {
                name: conn.execute(select(func.count()).select_from(t)).scalar()
                for name, t in tables.items()
            }
            for kind in ("organisation", "participant"):
                out[kind + "s"] = conn.execute(
                    select(func.count()).where(schema.cases.c.kind == kind)
                ).scalar()
        return out

    # -- coders ---------------------------------------------------------------------
    def _coder_id(self, conn: Connection, name: str) -> int:
        name = (name or "").strip()
        if not name:
            raise ProjectError("a coder name is needed")
        found = conn.execute(
            select(schema.coders.c.id).where(schema.coders.c.name == name)
        ).scalar()
        if found is not None:
            return found
        return conn.execute(
            insert(schema.coders).values(guid=str(uuid.uuid4()), name=name, created_at=now())
        ).inserted_primary_key[0]

    def coders(self) -> list[str]:
        with self._read() as conn:
            return list(
                conn.execute(select(schema.coders.c.name).order_by(schema.coders.c.name)).scalars()
            )

    def add_coder(self, name: str) -> None:
        with self._write() as conn:
            self._coder_id(conn, name)

    # -- undo and redo ----------------------------------------------------------------
    def history(self, limit: int = 50) -> list[dict]:
        c = schema.changes.c
        with self._read() as conn:
            rows = conn.execute(
                select(c.id, c.at, c.coder, c.action, c.summary, c.undoable, c.reverts)
                .order_by(c.id.desc())
                .limit(limit)
            ).mappings()
            return [dict(r) for r in rows]

    def can_undo(self) -> str | None:
        with self._read() as conn:
            target = changelog.undo_target(conn)
        return target.summary if target else None

    def can_redo(self) -> str | None:
        with self._read() as conn:
            target = changelog.redo_target(conn)
        return target.summary if target else None

    def checkpoint(self, summary: str, coder: str | None = None) -> None:
        """A change-log entry that undo does not go past (e.g. after building
        the demo, or after an import from another tool)."""
        with self._write() as conn:
            changelog.append_entry(conn, "checkpoint", summary, coder, [], undoable=False)

    def undo(self, coder: str | None = None) -> str:
        with self._write() as conn:
            entry = changelog.undo(conn, coder)
        if entry is None:
            raise NotFound("nothing to undo")
        return entry.summary

    def redo(self, coder: str | None = None) -> str:
        with self._write() as conn:
            entry = changelog.redo(conn, coder)
        if entry is None:
            raise NotFound("nothing to redo")
        return entry.summary
