"""The codebook package stays a pure domain layer of modest modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "codebooks"
FORBIDDEN = {"streamlit", "sqlalchemy", "sqlite3", "alembic", "qda", "app_pages"}
MODULES = sorted(PACKAGE.glob("*.py"))


def test_package_found() -> None:
    assert {m.name for m in MODULES} >= {
        "model.py",
        "tree.py",
        "errors.py",
        "yaml_io.py",
        "csv_io.py",
        "qdc.py",
        "xmlsafe.py",
        "builtins.py",
        "diff.py",
    }


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_no_ui_or_sql_imports(module: Path) -> None:
    imported: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & FORBIDDEN


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_modules_stay_small(module: Path) -> None:
    assert len(module.read_text("utf-8").splitlines()) < 400


def test_yaml_is_only_loaded_safely() -> None:
    for module in MODULES:
        text = module.read_text("utf-8")
        assert "yaml.load(" not in text and "FullLoader" not in text and "UnsafeLoader" not in text
