"""The Project: a small object composed of services, one per area.

``project.corpus`` (documents and their import), ``.cases``, ``.codebook``,
``.coding``, ``.analysis``, ``.exports`` and ``.exchange`` share one unit of
work (``qda.storage.work.UnitOfWork``): every method that writes runs one
transaction that happens completely or not at all, bumps the project's
revision counter (the key the app caches by) and, for edits a researcher may
want to take back, appends an entry to the change log that undo and redo
replay. The Project itself keeps what belongs to no one area: opening and
creating, information and settings, coders, the change log, undo and redo.
A service's module is imported the first time it is used, so a command that
needs only the corpus does not load pandas, plotly or spaCy.
"""

from __future__ import annotations

import uuid
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select, update

from qda.errors import NotFound, ProjectError
from qda.storage import backups as backups_q
from qda.storage import changelog, db, schema
from qda.storage import undo as undo_q
from qda.storage.changelog import now
from qda.storage.codings import ensure_coder
from qda.storage.work import UnitOfWork, retrying

if TYPE_CHECKING:
    from qda.roles import SignedIn
    from qda.services.accounts import AccountsService
    from qda.services.agreement import AgreementService
    from qda.services.analysis import AnalysisService
    from qda.services.audit import AuditService
    from qda.services.cases import CasesService
    from qda.services.codebook import CodebookService
    from qda.services.coding import CodingService
    from qda.services.corpus import CorpusService
    from qda.services.exchange import ExchangeService
    from qda.services.exports import ExportsService
    from qda.services.review import ReviewService
    from qda.services.suggestions import SuggestionsService

#: ``backups``: how many backups (before imports and migrations) are kept
DEFAULT_SETTINGS = {"show_pseudonyms": True, "spacy_model": None, "backups": backups_q.DEFAULT_KEEP}


class Project:
    def __init__(self, location: str | Path, engine):
        self.location = str(location)
        self.url = db.database_url(location)
        self.engine = engine
        self.work = UnitOfWork(engine)

    # -- the services -------------------------------------------------------------
    @cached_property
    def corpus(self) -> CorpusService:
        from qda.services.corpus import CorpusService

        return CorpusService(self)

    @cached_property
    def cases(self) -> CasesService:
        from qda.services.cases import CasesService

        return CasesService(self)

    @cached_property
    def codebook(self) -> CodebookService:
        from qda.services.codebook import CodebookService

        return CodebookService(self)

    @cached_property
    def coding(self) -> CodingService:
        from qda.services.coding import CodingService

        return CodingService(self)

    @cached_property
    def analysis(self) -> AnalysisService:
        from qda.services.analysis import AnalysisService

        return AnalysisService(self)

    @cached_property
    def exports(self) -> ExportsService:
        from qda.services.exports import ExportsService

        return ExportsService(self)

    @cached_property
    def exchange(self) -> ExchangeService:
        from qda.services.exchange import ExchangeService

        return ExchangeService(self)

    @cached_property
    def agreement(self) -> AgreementService:
        from qda.services.agreement import AgreementService

        return AgreementService(self)

    @cached_property
    def accounts(self) -> AccountsService:
        from qda.services.accounts import AccountsService

        return AccountsService(self)

    @cached_property
    def audit(self) -> AuditService:
        from qda.services.audit import AuditService

        return AuditService(self)

    @cached_property
    def review(self) -> ReviewService:
        from qda.services.review import ReviewService

        return ReviewService(self)

    def as_user(self, name: str) -> SignedIn:
        """The project as the account ``name`` may use it (see :mod:`qda.roles`)."""
        from qda.roles import SignedIn

        return SignedIn(self, self.accounts.user(name))

    def signed_in(self, token: str | None) -> SignedIn | None:
        """The project as the user of a live session token sees it, or None."""
        from qda.roles import SignedIn

        user = self.accounts.session_user(token)
        return None if user is None else SignedIn(self, user)

    @cached_property
    def suggestions(self) -> SuggestionsService:
        from qda.services.suggestions import SuggestionsService

        return SuggestionsService(self)

    # -- opening and creating -------------------------------------------------
    @classmethod
    def create(cls, location: str | Path, name: str | None = None) -> Project:
        url = db.database_url(location)
        path = db.sqlite_path(url)
        if path is not None:
            if path.is_dir():
                raise ProjectError(f"{location}: is a directory, not a project file")
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
        if path is not None:
            db.check_project_file(path, location)
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

    # -- project information ----------------------------------------------------
    @property
    def revision(self) -> int:
        return self.work.revision()

    def info(self) -> dict:
        with self.work.read() as conn:
            row = conn.execute(select(schema.projects)).mappings().one()
        info = {k: row[k] for k in ("guid", "name", "description", "revision", "created_at")}
        info["settings"] = {**DEFAULT_SETTINGS, **(row["settings"] or {})}
        info["location"] = self.location
        return info

    @property
    def settings(self) -> dict:
        return self.info()["settings"]

    @retrying
    def update_settings(self, **values) -> dict:
        unknown = set(values) - set(DEFAULT_SETTINGS)
        if unknown:
            raise ProjectError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        keep = values.get("backups", 0)
        if not isinstance(keep, int) or isinstance(keep, bool) or keep < 0:
            raise ProjectError(f"setting backups: {keep!r} is not a number of backups (0 or more)")
        with self.work.write() as conn:
            current = conn.execute(select(schema.projects.c.settings)).scalar_one() or {}
            conn.execute(update(schema.projects).values(settings={**current, **values}))
        return self.settings

    @retrying
    def rename(self, name: str) -> None:
        if not name.strip():
            raise ProjectError("a project needs a name")
        with self.work.write() as conn:
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
        with self.work.read() as conn:
            out = {
                name: conn.execute(select(func.count()).select_from(t)).scalar()
                for name, t in tables.items()
            }
            for kind in ("organisation", "participant"):
                out[kind + "s"] = conn.execute(
                    select(func.count()).where(schema.cases.c.kind == kind)
                ).scalar()
        return out

    # -- backups ----------------------------------------------------------------------
    def backup(self, reason: str = "by hand") -> str | None:
        """A timestamped copy of the project (kept among the newest ``backups``
        of the settings); its path, or None when the setting is 0."""
        path = backups_q.take(self.engine, reason)
        return str(path) if path else None

    def backups(self) -> list[dict]:
        """The project's backups, newest first: name, taken, reason, bytes, path."""
        return [b.as_dict() for b in backups_q.listing(self.engine)]

    def restore(self, ref: str) -> str | None:
        """Make the project what backup ``ref`` (a name, a path or ``latest``)
        holds. The state before is backed up first; returns that backup's path."""
        before = backups_q.restore(self.engine, backups_q.find(self.engine, ref))
        return str(before) if before else None

    # -- coders ---------------------------------------------------------------------
    def coders(self) -> list[str]:
        with self.work.read() as conn:
            return list(
                conn.execute(select(schema.coders.c.name).order_by(schema.coders.c.name)).scalars()
            )

    @retrying
    def add_coder(self, name: str) -> None:
        with self.work.write() as conn:
            ensure_coder(conn, name)

    # -- undo and redo ----------------------------------------------------------------
    def history(self, limit: int = 50) -> list[dict]:
        c = schema.changes.c
        with self.work.read() as conn:
            rows = conn.execute(
                select(c.id, c.at, c.coder, c.action, c.summary, c.undoable, c.reverts)
                .order_by(c.id.desc())
                .limit(limit)
            ).mappings()
            return [dict(r) for r in rows]

    def can_undo(self, coder: str | None = None, *, anyone: bool = False) -> str | None:
        """What :meth:`undo` would take back for ``coder``, or None."""
        with self.work.read() as conn:
            target = undo_q.undo_target(conn, coder, anyone=anyone)
        return target.summary if target else None

    def can_redo(self, coder: str | None = None) -> str | None:
        with self.work.read() as conn:
            target = undo_q.redo_target(conn, coder)
        return target.summary if target else None

    @retrying
    def checkpoint(self, summary: str, coder: str | None = None) -> None:
        """A change-log entry that undo does not go past (e.g. after building
        the demo, or after an import from another tool)."""
        with self.work.write() as conn:
            changelog.append_entry(conn, "checkpoint", summary, coder, [], undoable=False)

    @retrying
    def undo(self, coder: str | None = None, *, anyone: bool = False) -> str:
        """Take back ``coder``'s newest change (changes made without a coder
        name form a stack of their own). With ``anyone`` (an admin's undo) the
        newest change of whoever made it; when it is someone else's the answer
        says whose. Raises :class:`NotFound` when there is nothing to undo and
        :class:`Conflict` when someone has since changed the same rows."""
        with self.work.write() as conn:
            entry = undo_q.undo(conn, coder, anyone=anyone)
        if entry is None:
            raise NotFound(f"nothing to undo{_for(coder)}")
        return entry.summary + _whose(entry.coder, coder)

    @retrying
    def redo(self, coder: str | None = None) -> str:
        """Apply again what ``coder``'s newest undo took back."""
        with self.work.write() as conn:
            entry = undo_q.redo(conn, coder)
        if entry is None:
            raise NotFound(f"nothing to redo{_for(coder)}")
        return entry.summary + _whose(entry.coder, coder)


def _for(coder: str | None) -> str:
    return f" for {coder}" if coder else ""


def _whose(owner: str | None, coder: str | None) -> str:
    """Said after the summary when the change undone is not the undoer's."""
    if owner == coder:
        return ""
    return f" (a change by {owner})" if owner else " (a change made without a coder name)"
