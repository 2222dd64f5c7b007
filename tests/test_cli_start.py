"""The command line starts fast: a command loads only the libraries it needs
(checked by the modules present, not by timing; `make bench` times it), and
long commands draw a progress bar on a terminal only."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from qda.cli.progress import ProgressBar

HEAVY = ("spacy", "pandas", "numpy", "plotly", "sklearn", "docx", "lxml", "openpyxl", "pypdf")
PROBE = """
import json, sys
from qda.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print(json.dumps({{"code": code, "heavy": heavy}}), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from qda.demo import create_demo

    path = tmp_path_factory.mktemp("start") / "demo.sqlite"
    create_demo(path).close()
    return path


def _heavy_after(*argv: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "argv",
    [
        ("info", "{p}", "--json"),
        ("docs", "{p}", "--json"),
        ("codings", "{p}", "--json"),
        ("history", "{p}"),
        ("cases", "{p}"),
        ("codebook", "list", "{p}", "--json"),
    ],
)
def test_light_commands_load_no_heavy_library(demo_file, argv):
    got = _heavy_after(*(a.format(p=demo_file) for a in argv))
    assert got == {"code": 0, "heavy": []}


def test_help_loads_no_heavy_library():
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from qda.cli import build_parser; build_parser();"
         f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_redraws_one_line_on_a_terminal():
    out = _Terminal()
    with ProgressBar(stream=out, width=10) as bar:
        bar(0.0, "Collecting excerpts")
        bar(0.5, "Writing 4 excerpts")
        bar(1.0, "Done")
    assert out.getvalue() == (
        "\r[..........]   0%  Collecting excerpts\x1b[K"
        "\r[#####.....]  50%  Writing 4 excerpts\x1b[K"
        "\r[##########] 100%  Done\x1b[K\n"
    )


def test_progress_bar_counts_items_and_is_silent_off_a_terminal_or_quiet():
    out = _Terminal()
    step = ProgressBar(stream=out, width=4).steps()
    step(1, 1, "only.txt")  # a single file: no bar
    assert out.getvalue() == ""
    step(2, 4, "b.txt")
    assert out.getvalue() == "\r[#...]  25%  b.txt (2/4)\x1b[K"
    pipe = io.StringIO()
    with ProgressBar(stream=pipe) as bar:
        bar(0.5, "Writing")
    quiet = _Terminal()
    with ProgressBar(stream=quiet, quiet=True) as bar:
        bar(0.5, "Writing")
    assert pipe.getvalue() == "" and quiet.getvalue() == ""
