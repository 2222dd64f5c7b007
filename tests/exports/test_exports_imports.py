"""The exports package is domain code: no UI, no SQL."""

import ast
from pathlib import Path

import exports

FORBIDDEN = ("streamlit", "sqlalchemy", "sqlite3", "psycopg", "alembic", "qda")


def test_exports_import_no_ui_or_storage():
    package = Path(exports.__file__).parent
    offenders = []
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
