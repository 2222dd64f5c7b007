"""The analysis package stays a pure domain layer; synthetic data is reproducible."""

import ast
from pathlib import Path

import pandas as pd

from analysis.synthetic import synthetic_data

PACKAGE = Path(__file__).resolve().parents[2] / "analysis"
FORBIDDEN = {"streamlit", "sqlalchemy", "sqlite3", "psycopg", "alembic", "qda"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_ui_or_sql_imports():
    offenders = {
        p.name: sorted(imported_roots(p) & FORBIDDEN) for p in sorted(PACKAGE.glob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_modules_stay_small():
    sizes = {p.name: len(p.read_text().splitlines()) for p in PACKAGE.glob("*.py")}
    assert max(sizes.values()) < 400, sizes


def test_synthetic_data_is_deterministic():
    a = synthetic_data(n_documents=10, n_codings=500, n_codes=12, seed=7)
    b = synthetic_data(n_documents=10, n_codings=500, n_codes=12, seed=7)
    c = synthetic_data(n_documents=10, n_codings=500, n_codes=12, seed=8)
    pd.testing.assert_frame_equal(a.codings, b.codings)
    pd.testing.assert_frame_equal(a.units, b.units)
    assert not a.codings["code"].equals(c.codings["code"])
    assert len(a.codings) == 500 and len(a.codes) == 12 and len(a.documents) == 10
    assert set(a.codings["unit"]) <= set(a.units["unit"])
