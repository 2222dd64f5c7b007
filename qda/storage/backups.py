"""Backups: a timestamped copy of a project before an import batch or a
migration, the newest few kept, and restoring one.

A backup is always a SQLite project file, whatever the project lives in:

* a SQLite project is copied with SQLite's online backup (a consistent copy
  even while others write, the WAL included) into ``<file>.backups/``;
* a PostgreSQL project is copied row by row into a new SQLite file at the
  same schema revision, in ``$QDA_BACKUP_DIR`` (default ``~/.qda/backups``)
  under ``<host>-<port>-<database>/``.

A backup is written under a temporary name and renamed when complete, so a
half-written copy never looks like a backup. File names sort by time:
``20261203T152207123456Z-before-import.sqlite``. After each copy only the
newest ``keep`` are kept (the project setting ``backups``, default
:data:`DEFAULT_KEEP`).

Restoring first backs up the current state ("before-restore"), so a restore
can be taken back by restoring that; then the project's rows become the
backup's and its revision counter moves past both, so nothing cached for the
old state is shown again. A backup from an older version of the tool is
migrated first (a copy of it: the backup itself is never changed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Engine,
    MetaData,
    Table,
    bindparam,
    create_engine,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url

from qda.errors import NotFound, ProjectError

DEFAULT_KEEP = 5
SUFFIX = ".sqlite"
BATCH = 1000
_NAME = re.compile(r"^(\d{8}T\d{12}Z)-([a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: str  # ISO time, UTC
    reason: str
    bytes: int

    def as_dict(self) -> dict:
        return {"name": self.path.name, "taken": self.taken, "reason": self.reason,
                "bytes": self.bytes, "path": str(self.path)}  # fmt: skip


def _sqlite_path(url) -> Path | None:
    u = make_url(str(url))
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def folder(engine: Engine) -> Path:
    """Where the backups of the project behind ``engine`` go."""
    path = _sqlite_path(engine.url)
    if path is not None:
        return path.with_name(path.name + ".backups")
    u = engine.url
    base = Path(os.environ.get("QDA_BACKUP_DIR") or Path.home() / ".qda" / "backups")
    return base / re.sub(r"[^A-Za-z0-9_.-]", "_", f"{u.host}-{u.port or 5432}-{u.database}")


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:60] or "backup"


def listing(engine: Engine) -> list[Backup]:
    """The project's backups, newest first."""
    where = folder(engine)
    found = []
    for p in where.glob(f"*{SUFFIX}") if where.is_dir() else []:
        m = _NAME.match(p.name)
        if m:
            stamp = datetime.strptime(m.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            found.append(
                Backup(p, stamp.isoformat(timespec="seconds"), m.group(2), p.stat().st_size)
            )
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def setting_keep(engine: Engine) -> int:
    """The project's ``backups`` setting (how many to keep), read with plain SQL
    so it works at any schema revision."""
    try:
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT settings FROM projects")).scalar()
    except Exception:  # noqa: BLE001 - no projects table yet: the default
        return DEFAULT_KEEP
    settings = json.loads(raw) if isinstance(raw, str) else (raw or {})
    value = settings.get("backups", DEFAULT_KEEP)
    return value if isinstance(value, int) and value >= 0 else DEFAULT_KEEP


def take(engine: Engine, reason: str, keep: int | None = None) -> Path | None:
    """Copy the project aside; returns the backup's path (None when ``keep`` is 0)."""
    keep = setting_keep(engine) if keep is None else keep
    if keep <= 0:
        return None
    where = folder(engine)
    where.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = where / f"{stamp}-{_slug(reason)}{SUFFIX}"
    partial = where / f".{final.name}.partial"
    try:
        source = _sqlite_path(engine.url)
        if source is not None:
            _sqlite_copy(source, partial)
        else:
            _rows_to_sqlite(engine, partial)
        partial.replace(final)
    finally:
        partial.unlink(missing_ok=True)
    for old in listing(engine)[keep:]:
        old.path.unlink(missing_ok=True)
    return final


def _sqlite_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()


def _plain_sqlite(path: Path) -> Engine:
    """An engine on a backup file without the project's connection settings
    (foreign keys off while tables are filled in any order)."""
    return create_engine("sqlite:///" + str(path))


def _copy_tables(source: Engine, target: Engine, tables: list[Table]) -> None:
    with source.connect() as src, target.begin() as dst:
        for table in tables:
            into = Table(table.name, MetaData(), autoload_with=dst)
            result = src.execution_options(yield_per=BATCH).execute(select(table))
            for part in result.mappings().partitions():
                dst.execute(insert(into), [dict(r) for r in part])


def _rows_to_sqlite(engine: Engine, target: Path) -> None:
    """A PostgreSQL project as a SQLite project file at the same revision."""
    from alembic import command

    from qda.storage import db

    revision = db.current_revision(engine)
    if revision is None:
        raise ProjectError(f"{engine.url.render_as_string(hide_password=True)}: not a QDA project")
    copy = db.make_engine("sqlite:///" + str(target))
    with copy.begin() as conn:
        command.upgrade(db._alembic_config(conn), revision)
    copy.dispose()
    meta = MetaData()
    meta.reflect(bind=engine)
    tables = [t for t in meta.sorted_tables if t.name != "alembic_version"]
    plain = _plain_sqlite(target)
    try:
        _copy_tables(engine, plain, tables)
    finally:
        plain.dispose()


def find(engine: Engine, ref: str) -> Path:
    """A backup named by its file name, its path, or ``latest``."""
    backups = listing(engine)
    if ref == "latest":
        if not backups:
            raise NotFound(f"no backups in {folder(engine)}")
        return backups[0].path
    for b in backups:
        if ref in (b.path.name, b.path.stem):
            return b.path
    path = Path(ref).expanduser()
    if path.is_file():
        return path
    raise NotFound(f"{ref}: no such backup (see `python -m qda backups PROJECT`)")


def _revision_of(path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            conn.close()
    except (sqlite3.Error, TypeError):
        return None


def restore(engine: Engine, backup: Path) -> Path | None:
    """Make the project's rows the backup's; returns the backup taken of the
    state before (None when the project keeps no backups)."""
    from qda.storage import db, schema

    revision = _revision_of(backup)
    if revision is None:
        raise ProjectError(f"{backup}: not a QDA project backup")
    if revision not in db.known_revisions()[1]:
        raise ProjectError(
            f"{backup}: schema version {revision!r} was written by a newer version of this tool"
        )
    before = take(engine, "before restore")
    with tempfile.TemporaryDirectory(prefix="qda-restore-") as tmp:
        copy = Path(tmp) / "backup.sqlite"
        shutil.copyfile(backup, copy)
        migrated = db.make_engine("sqlite:///" + str(copy))
        db.upgrade(migrated, backup=False)
        with migrated.connect() as conn:
            restored_revision = conn.execute(select(schema.projects.c.revision)).scalar() or 0
        migrated.dispose()
        with engine.connect() as conn:
            current = conn.execute(select(schema.projects.c.revision)).scalar() or 0
        target = _sqlite_path(engine.url)
        if target is not None:
            engine.dispose()
            _sqlite_restore(copy, target)
        else:
            _rows_into_postgres(_plain_sqlite(copy), engine)
    with engine.begin() as conn:
        conn.execute(update(schema.projects).values(revision=max(current, restored_revision) + 1))
    return before


def _sqlite_restore(source: Path, target: Path) -> None:
    """Copy ``source`` over the live project file with SQLite's online backup
    (other connections see the restored content; none sees half of it)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _rows_into_postgres(source: Engine, engine: Engine) -> None:
    """Replace every row of a PostgreSQL project (at the newest schema) with
    the rows of a SQLite project at the same schema, in one transaction."""
    from qda.storage import schema

    tables = schema.metadata.sorted_tables
    try:
        with source.connect() as src, engine.begin() as dst:
            names = ", ".join(f'"{t.name}"' for t in tables)
            dst.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
            for table in tables:
                own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
                links: list[dict] = []
                result = src.execution_options(yield_per=BATCH).execute(select(table))
                for part in result.mappings().partitions():
                    rows = [dict(r) for r in part]
                    if own:  # rows that point at rows of their own table: linked afterwards
                        links += [{"row_id": r["id"], **{c: r[c] for c in own}} for r in rows]
                        rows = [{**r, **dict.fromkeys(own)} for r in rows]
                    dst.execute(insert(table), rows)
                if links:
                    dst.execute(
                        update(table)
                        .where(table.c.id == bindparam("row_id"))
                        .values({c: bindparam(f"new_{c}") for c in own}),
                        [{"row_id": r["row_id"], **{f"new_{c}": r[c] for c in own}} for r in links],
                    )
                if "id" in table.c:
                    dst.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                        )
                    )
    finally:
        source.dispose()
