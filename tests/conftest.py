"""Shared fixtures: projects on SQLite and, when configured, PostgreSQL.

Tests that need something this machine may lack (Chromium, PostgreSQL,
LibreOffice) call :func:`require`: outside CI they skip with the reason;
with ``QDA_REQUIRE_ALL=1`` (as .ci/run sets) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REQUIRE_ALL = os.environ.get("QDA_REQUIRE_ALL") == "1"
POSTGRES_URL = os.environ.get("QDA_TEST_POSTGRES_URL")


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"QDA_REQUIRE_ALL=1 but {reason}")
    pytest.skip(reason)


def shared_file(*parts: str) -> Path:
    """A file from ../shared (never copied into the project); skip when absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path.name} not present (../shared is not on this machine)")
    return path


def _postgres_database():
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = "qda_test_" + uuid.uuid4().hex[:12]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def project_location(request, tmp_path):
    """Where a test project lives: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield tmp_path / "project.sqlite"
        return
    require(bool(POSTGRES_URL), "QDA_TEST_POSTGRES_URL is not set (PostgreSQL run skipped)")
    yield from _postgres_database()


@pytest.fixture
def project(project_location):
    from qda.project import Project

    p = Project.create(project_location, name="Test project")
    yield p
    p.close()


@pytest.fixture
def sqlite_project(tmp_path):
    from qda.project import Project

    p = Project.create(tmp_path / "project.sqlite", name="Test project")
    yield p
    p.close()


@pytest.fixture(autouse=True)
def _backups_in_tmp(tmp_path_factory, monkeypatch):
    """Backups of PostgreSQL test projects go to a temporary folder, not ~/.qda."""
    monkeypatch.setenv("QDA_BACKUP_DIR", str(tmp_path_factory.mktemp("backups")))
