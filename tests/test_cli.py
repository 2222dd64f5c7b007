"""The command line: every command end to end, errors as one line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from qda.cli import main
from tests.conftest import ROOT

INTERVIEW = (
    "Interviewer: How did it start?\n\nSarah: In a church hall. We had no money.\n\n"
    "Interviewer: And now?\n\nSarah: Contracts, targets and reports.\n"
)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def proj(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    assert run(capsys, "init", path)[0] == 0
    return path


def test_init_import_docs_segments(proj, tmp_path, capsys):
    f = tmp_path / "sarah.txt"
    f.write_text(INTERVIEW, encoding="utf-8")
    code, out, _ = run(
        capsys,
        "import",
        proj,
        f,
        "--org",
        "Food Bank",
        "--kind",
        "interview",
        "--date",
        "2015-02-01",
    )
    assert code == 0
    assert out == "imported 'sarah': 2 speakers, 4 turns, 4 paragraphs, 5 sentences\n"
    code, out, _ = run(capsys, "docs", proj, "--json")
    docs = json.loads(out)
    assert [(d["name"], d["kind"], d["organisation"], d["speakers"], d["turns"]) for d in docs] == [
        ("sarah", "interview", "Food Bank", ["Interviewer", "Sarah"], 4)
    ]
    code, out, _ = run(capsys, "segments", proj, "sarah", "--kind", "turn", "--json")
    segs = json.loads(out)
    assert [(s["start"], s["end"], s["speaker"], s["text"]) for s in segs] == [
        (13, 30, "Interviewer", "How did it start?"),
        (39, 73, "Sarah", "In a church hall. We had no money."),
        (88, 96, "Interviewer", "And now?"),
        (105, 136, "Sarah", "Contracts, targets and reports."),
    ]


def test_code_codings_memo_uncode_undo(proj, tmp_path, capsys):
    f = tmp_path / "sarah.txt"
    f.write_text(INTERVIEW, encoding="utf-8")
    run(capsys, "import", proj, f)
    from qda.project import Project

    Project.open(proj).codebook.add_code("Funding")
    seg = json.loads(run(capsys, "segments", proj, "sarah", "--kind", "turn", "--json")[1])[3][
        "guid"
    ]
    code, out, _ = run(
        capsys, "code", proj, "--segment", seg, "--code", "Funding", "--coder", "ana"
    )
    coding = out.strip()
    assert code == 0 and len(coding) == 36
    code, out, _ = run(
        capsys,
        "code",
        proj,
        "--doc",
        "sarah",
        "--start",
        39,
        "--end",
        56,
        "--code",
        "Funding",
        "--coder",
        "ben",
    )
    assert code == 0
    rows = json.loads(run(capsys, "codings", proj, "--coder", "ana", "--json")[1])
    assert [(r["guid"], r["start"], r["end"]) for r in rows] == [(coding, 105, 136)]
    assert run(capsys, "memo", proj, "--coding", coding, "--text", "contract culture")[0] == 0
    assert (
        json.loads(run(capsys, "codings", proj, "--coder", "ana", "--json")[1])[0]["memo"]
        == "contract culture"
    )
    assert run(capsys, "uncode", proj, "--coding", coding)[0] == 0
    assert len(json.loads(run(capsys, "codings", proj, "--json")[1])) == 1
    code, out, _ = run(capsys, "undo", proj)
    assert out == "undone: Removed coding 105-136\n"
    assert len(json.loads(run(capsys, "codings", proj, "--json")[1])) == 2


def test_cases_attributes_classify(proj, tmp_path, capsys):
    csv = tmp_path / "orgs.csv"
    csv.write_text("organisation,size,sector\nFood Bank,12,food\n", encoding="utf-8")
    code, out, _ = run(capsys, "attributes", proj, csv)
    assert out == "imported attributes for 1 organisation(s) from orgs.csv\n"
    assert (
        run(
            capsys, "classify", proj, "Food Bank", "culture", "egalitarianism", "--as-of", "2015-02"
        )[0]
        == 0
    )
    cases = json.loads(run(capsys, "cases", proj, "--json")[1])
    assert [(c["name"], c["attributes"]) for c in cases] == [
        ("Food Bank", {"size": "12", "sector": "food"})
    ]


def test_errors_are_one_line_on_stderr(proj, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "import", proj, empty)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: empty.txt: ")
    code, _, err = run(capsys, "segments", proj, "nope")
    assert (code, err) == (1, "error: no document 'nope'\n")
    code, _, err = run(capsys, "docs", tmp_path / "missing.sqlite")
    assert code == 1 and "no such project file" in err and err.count("\n") == 1


def _commands() -> list[str]:
    from qda.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_every_command_has_help_and_is_in_the_readme():
    from qda.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    helps = {a.dest: a.help for a in sub._choices_actions}
    for name in _commands():
        assert helps.get(name), f"command {name!r} has no help"
        assert f"python -m qda {name}" in readme, f"README does not show `python -m qda {name}`"


def test_module_entry_point_runs():
    out = subprocess.run(
        [sys.executable, "-m", "qda", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "usage: python -m qda" in out.stdout
