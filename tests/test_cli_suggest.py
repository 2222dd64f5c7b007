"""The suggest, suggest train and themes commands (the CLI contract)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from qda.cli import main
from tests.suggest_fixture import build


@pytest.fixture(scope="module")
def project_file(tmp_path_factory):
    from qda.project import Project

    path = tmp_path_factory.mktemp("suggest") / "coded.sqlite"
    project = Project.create(path)
    build(project)
    project.close()
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_suggest_text_gives_rows_with_the_contract_keys(project_file, capsys):
    text = "Interviewer: And then?\n\nParticipant: We lost the grant and the contract money.\n"
    code, out, _ = run(capsys, "suggest", project_file, "--text", text, "--top", "2", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and len(rows) <= 2
    assert all(list(r) == ["code", "score", "start", "end", "reason"] for r in rows)
    assert rows[0]["code"] == "Funding"
    assert (rows[0]["start"], rows[0]["end"]) == (text.index("We lost"), len(text) - 1)
    assert 0.5 <= rows[0]["score"] <= 1
    assert "grant" in rows[0]["reason"]


def test_suggest_doc_at_a_unit(project_file, capsys):
    code, out, _ = run(
        capsys, "suggest", project_file, "--doc", "interview1", "--unit", "sentence", "--json"
    )
    assert code == 0
    rows = json.loads(out)
    assert all(r["start"] < r["end"] for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_suggest_train_prints_per_code_metrics(project_file, capsys):
    code, out, _ = run(capsys, "suggest", "train", project_file, "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["code"], r["examples"]) for r in rows] == [
        ("Funding", 11),
        ("Networks", 9),
        ("Isolation", 8),
    ]
    assert all(set(r) == {"code", "examples", "precision", "recall", "f1", "note"} for r in rows)
    code, out, _ = run(capsys, "suggest", "train", project_file)
    lines = out.splitlines()
    assert lines[0].split() == ["code", "examples", "precision", "recall", "f1", "note"]
    assert lines[1].split()[:2] == ["Funding", "11"]
    assert lines[-1] == "3 of 3 codes modelled (cross-validated, 3 folds)"


def test_suggest_argument_errors_are_one_line(project_file, capsys):
    code, _, err = run(capsys, "suggest", project_file)
    assert (code, err) == (1, "error: give --doc DOC or --text TEXT (one of them)\n")
    code, _, err = run(capsys, "suggest", project_file, "--doc", "x", "--text", "y")
    assert code == 1 and err.startswith("error: give --doc DOC or --text TEXT")
    code, _, err = run(capsys, "suggest", project_file, "--doc", "nope")
    assert code == 1 and err.count("\n") == 1 and "nope" in err
    code, _, err = run(capsys, "suggest", project_file, "extra")
    assert code == 1 and "suggest train PROJECT" in err


def test_themes_json(project_file, capsys):
    code, out, _ = run(capsys, "themes", project_file, "--k", "2", "--all", "--json")
    assert code == 0
    themes = json.loads(out)
    assert [t["number"] for t in themes] == [1, 2]
    assert all(t["words"] and t["passages"] for t in themes)
    assert set(themes[0]) == {"number", "label", "words", "size", "organisations", "passages"}
    code, out, _ = run(capsys, "themes", project_file, "--k", "2")
    assert code == 0 and out.startswith("theme 1: ")


def test_suggest_help_loads_no_sklearn():
    probe = (
        "import sys\nfrom qda.cli import main\n"
        "try:\n    main(['suggest', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('sklearn' in sys.modules, 'spacy' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "False False"
