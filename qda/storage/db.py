"""Engines, connections and schema versions.

A project lives in one SQLite file (the default) or in one PostgreSQL
database named by a URL. Connections are short-lived: every unit of work
opens one from the engine's pool inside a transaction and returns it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from qda.errors import ProjectError, UnknownSchemaVersion

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@lru_cache(maxsize=1)
def shipped_revisions() -> tuple[str, ...]:
    """The revisions shipped with this code, oldest first, read from the
    migration file names (``NNNN_what.py`` holds revision ``NNNN``) without
    importing Alembic, so opening an up-to-date project stays fast.
    ``tests/test_storage.py`` checks that Alembic sees the same chain."""
    names = sorted(p.name for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return tuple(name[:4] for name in names)


def database_url(location: str | Path) -> str:
    """A project location is a database URL or a path to a SQLite file."""
    loc = str(location)
    if "://" in loc:
        return loc
    return "sqlite:///" + str(Path(loc).expanduser().resolve())


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


#: how long SQLite itself waits for a lock before the unit of work's own tries
#: (``qda.storage.work``) take over
BUSY_TIMEOUT_MS = 5000
#: the PostgreSQL advisory lock key an upgrade takes ("QDAM")
MIGRATION_LOCK = 0x5144414D


def _begin(conn) -> None:
    """SQLAlchemy's BEGIN on SQLite: a write transaction takes the write lock
    at once (``BEGIN IMMEDIATE``), so it waits for other writers at its start
    and never fails half-way; reads begin as usual and never wait."""
    conn.exec_driver_sql(
        "BEGIN IMMEDIATE" if conn.get_execution_options().get("qda_write") else "BEGIN"
    )


SQLITE_HEADER = b"SQLite format 3\x00"


def check_project_file(path: Path, location: str | Path) -> None:
    """Refuse, in one line, a project path that is missing, a directory or a
    file that is not a SQLite database (a transcript given by mistake)."""
    if path.is_dir():
        raise ProjectError(f"{location}: is a directory, not a project file")
    if not path.exists():
        raise ProjectError(f"{location}: no such project file")
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as err:
        raise ProjectError(f"{location}: cannot be read ({err.strerror or err})") from None
    if head and head != SQLITE_HEADER:
        raise ProjectError(f"{location}: not a QDA project (not a SQLite database file)")


def _on_sqlite_connect(dbapi_conn, _record) -> None:
    # Autocommit mode in the driver so SQLAlchemy's BEGIN is the only one.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        # A small pool: closing the last connection to a WAL database checkpoints
        # it (~10 ms), so connections are kept and reused. A pooled connection is
        # used by one thread at a time, which is what check_same_thread guards.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            poolclass=QueuePool,
            pool_size=4,
            max_overflow=8,
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        # Let SQLAlchemy emit BEGIN itself (pysqlite's implicit transactions
        # otherwise defer it and break SAVEPOINT/DDL transactionality).
        event.listen(engine, "begin", _begin)

        @event.listens_for(engine, "connect")
        def _no_implicit_tx(dbapi_conn, _record):
            dbapi_conn.isolation_level = None

        return engine
    return create_engine(url, pool_pre_ping=True)


def _alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def alembic_revisions() -> tuple[str, tuple[str, ...]]:
    """(head revision, all revisions) as Alembic reads the migration scripts."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    revs = tuple(r.revision for r in script.walk_revisions())
    return script.get_current_head(), revs


def known_revisions() -> tuple[str, tuple[str, ...]]:
    """(head revision, all known revisions) of the migrations shipped with this code."""
    revs = shipped_revisions()
    return revs[-1], revs


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision_in(conn)


def upgrade(engine: Engine, *, backup: bool = True) -> str:
    """Bring the schema to the newest revision this code knows.

    Refuses a database written by a newer version of the tool, and backs the
    project up (:mod:`qda.storage.backups`) before changing an existing schema."""
    from alembic import command

    head, known = known_revisions()
    current = current_revision(engine)
    if current == head:
        return head
    if current is not None and current not in known:
        raise UnknownSchemaVersion(
            f"{engine.url.render_as_string(hide_password=True)}: schema version {current!r} "
            "was written by a newer version of this tool; upgrade the tool to open it"
        )
    if backup and current is not None:
        from qda.storage import backups

        backups.take(engine, f"before migration from {current}")
    # Two processes opening an old project at once: the first migrates while
    # holding the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory
    # lock), the second then finds the schema current and does nothing.
    from qda.storage.work import is_transient

    try:
        with engine.connect() as conn:
            conn.execution_options(qda_write=True)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
                if _revision_in(conn) != head:
                    command.upgrade(_alembic_config(conn), "head")
    except DBAPIError as err:
        if is_transient(err):
            raise ProjectError(
                f"{engine.url.render_as_string(hide_password=True)}: another process held the "
                "project too long while it was to be upgraded; try again"
            ) from err
        raise
    return head


def _revision_in(conn) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_version(engine: Engine) -> None:
    head, known = known_revisions()
    try:
        current = current_revision(engine)
    except (sa_exc.OperationalError, sa_exc.DatabaseError, sa_exc.InterfaceError) as err:
        reason = str(getattr(err, "orig", None) or err).strip().splitlines()
        raise ProjectError(
            f"{engine.url.render_as_string(hide_password=True)}: cannot open the project "
            f"({reason[0] if reason else type(err).__name__})"
        ) from None
    if current == head:
        return
    if current is None:
        raise ProjectError(f"{engine.url.render_as_string(hide_password=True)}: not a QDA project")
    if current not in known:
        raise UnknownSchemaVersion(
            f"{engine.url.render_as_string(hide_password=True)}: schema version {current!r} "
            "was written by a newer version of this tool; upgrade the tool to open it"
        )
    upgrade(engine)
