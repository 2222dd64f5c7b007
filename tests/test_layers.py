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


def _front_files():
    return [
        ROOT / "app.py",
        *sorted((ROOT / "app_pages").glob("*.py")),
        *sorted((ROOT / "qda" / "cli").glob("*.py")),
    ]


def test_pages_and_cli_go_only_through_the_services():
    """Pages and the CLI import no domain package: what they show comes from the
    Project's services (or, for fixed vocabularies, qda.choices)."""
    bad = [
        f"{f.relative_to(ROOT)}: {name}"
        for f in _front_files()
        for name in _imports(f)
        if name.split(".")[0] in DOMAIN
    ]
    assert bad == []


def test_services_do_not_import_one_another():
    """A service reaches another area through the project (``self._project.cases``),
    never by importing its module; the two services split over two files
    (codebook + codebook_edit, coding + workbench, suggestions + suggestion_model)
    import their own half."""
    own = {
        "codebook": {"codebook_edit"},
        "coding": {"workbench"},
        "suggestions": {"suggestion_model"},
    }
    services = ROOT / "qda" / "services"
    bad = []
    for f in sorted(services.glob("*.py")):
        for name in _imports(f):
            parts = name.split(".")
            if parts[:2] == ["qda", "services"] and len(parts) == 3:
                other = parts[2]
                if other != "base" and other not in own.get(f.stem, set()):
                    bad.append(f"{f.relative_to(ROOT)}: {name}")
    assert bad == []


def test_no_facade_private_is_reached_from_outside():
    """Nothing outside qda/ calls a service's or the project's private members."""
    import re

    pattern = re.compile(
        r"\.(?:corpus|cases|codebook|coding|analysis|exports|exchange|agreement|accounts|review"
        r"|audit|suggestions)\._\w"
    )
    files = [*_front_files(), *sorted((ROOT / "benchmarks").glob("*.py"))]
    bad = [str(f.relative_to(ROOT)) for f in files if pattern.search(f.read_text("utf-8"))]
    assert bad == []
