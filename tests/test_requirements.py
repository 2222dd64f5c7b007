"""The requirement files list what the code imports.

Every third-party module imported by the application (app.py and the
packages) must come from a distribution in requirements.txt; one imported
only by the tests or the benchmarks (both run after `make install-test`)
from a distribution in requirements-test.txt. Import names are mapped to
distributions with ``importlib.metadata.packages_distributions()``.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.conftest import ROOT

DEVELOPMENT = ("tests", "benchmarks")
# Calls that import a module named by a string: pytest.importorskip, importlib.import_module.
IMPORTING_CALLS = ("importorskip", "import_module")


def normalized(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def requirements(path: Path) -> set[str]:
    """The normalised distribution names a requirements file lists."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(normalized(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line).group()))
    return names


def imported_modules(source: str) -> set[str]:
    """Top-level names of the modules ``source`` imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in IMPORTING_CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return {name.split(".")[0] for name in found}


def project_files(root: Path) -> list[Path]:
    files = sorted(root.glob("*.py"))
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files += sorted(folder.rglob("*.py"))
    return files


def third_party_imports(root: Path) -> dict[str, dict[str, str]]:
    """``{"runtime" | "development": {module: first file importing it}}``."""
    files = project_files(root)
    local = {p.relative_to(root).parts[0].removesuffix(".py") for p in files}
    ignored = set(sys.stdlib_module_names) | local | {"__future__"}
    found: dict[str, dict[str, str]] = {"runtime": {}, "development": {}}
    for path in files:
        name = path.relative_to(root).as_posix()
        side = "development" if name.startswith(tuple(f"{d}/" for d in DEVELOPMENT)) else "runtime"
        for module in sorted(imported_modules(path.read_text(encoding="utf-8")) - ignored):
            found[side].setdefault(module, name)
    return found


def missing_requirements(
    found: dict[str, dict[str, str]], runtime: set[str], development: set[str]
) -> list[str]:
    """One line for each imported module whose distribution is not where it belongs."""
    distributions = packages_distributions()
    problems = []
    for side, modules in found.items():
        for module, where in sorted(modules.items()):
            if side == "development" and module in found["runtime"]:
                continue  # the runtime side already answers for it
            dists = sorted({normalized(d) for d in distributions.get(module, [])})
            listed, other, file = (
                (runtime, development, "requirements.txt")
                if side == "runtime"
                else (development, runtime, "requirements-test.txt")
            )
            if not dists:
                problems.append(f"{module} (imported by {where}) is not installed")
            elif not listed & set(dists):
                hint = " (it is in the other file)" if other & set(dists) else ""
                problems.append(
                    f"{module} (imported by {where}): {' or '.join(dists)} is not in {file}{hint}"
                )
    return problems


def test_every_imported_package_is_pinned_where_it_belongs():
    found = third_party_imports(ROOT)
    assert found["runtime"] and found["development"]
    runtime = requirements(ROOT / "requirements.txt")
    development = requirements(ROOT / "requirements-test.txt")
    assert missing_requirements(found, runtime, development) == []


def test_no_package_is_listed_twice():
    runtime = requirements(ROOT / "requirements.txt")
    assert runtime & requirements(ROOT / "requirements-test.txt") == set()


def test_the_scan_finds_lazy_optional_and_misplaced_imports(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "reader.py").write_text(
        "import json\nfrom corpus import other\n\ndef read():\n    import yaml\n    import lxml.etree\n"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        "import pytest\nimport yaml\nxs = pytest.importorskip('xmlschema')\n"
    )
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "site.py").write_text("import numpy\n")
    found = third_party_imports(tmp_path)
    assert found == {
        "runtime": {"yaml": "corpus/reader.py", "lxml": "corpus/reader.py"},
        "development": {"pytest": "tests/test_x.py", "yaml": "tests/test_x.py", "xmlschema": "tests/test_x.py"},
    }  # fmt: skip
    assert missing_requirements(found, {"pyyaml"}, {"pytest", "lxml"}) == [
        "lxml (imported by corpus/reader.py): lxml is not in requirements.txt (it is in the other file)",
        "xmlschema (imported by tests/test_x.py): xmlschema is not in requirements-test.txt",
    ]
