"""House rule: domain packages know nothing of Streamlit or SQL."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

DOMAIN = ("corpus", "codebooks", "coding", "analysis", "exports")
FORBIDDEN = ("streamlit", "sqlalchemy", "sqlite3", "psycopg", "alembic", "qda", "app_pages")


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_package_imports_no_ui_or_sql(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    bad = [
        f"{f.relative_to(ROOT)}: {name}"
        for f in files
        for name in _imports(f)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert bad == []


def test_pages_do_not_touch_sql():
    files = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
    bad = [
        f"{f.relative_to(ROOT)}: {name}"
        for f in files
        for name in _imports(f)
        if name.split(".")[0] in ("sqlalchemy", "sqlite3", "psycopg")
        or name.startswith("qda.storage")
    ]
    assert bad == []
