"""`python -m qda codebook ...`: exact outputs, file round trips, one-line errors."""

from __future__ import annotations

import json

import pytest

from qda.cli import main
from qda.cli.codebook_cmds import register
from tests.conftest import ROOT

TEXT = "Sarah: We used to help each other. Now the council wants contracts and reports.\n"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def coded(project):
    """Social capital loaded, a document, and 3 codings (2 on Present, 1 on Linking)."""
    project.codebook.import_codebook("builtin:socialcapital", b"")
    project.corpus.import_file("sarah.txt", TEXT.encode(), organisation="Food Bank")
    project.coding.apply_code("Bonding/Present", "ana", document="sarah", start=7, end=34)
    project.coding.apply_code("Bonding/Present", "ben", document="sarah", start=7, end=34)
    project.coding.apply_code("Linking", "ana", document="sarah", start=35, end=79)
    return project


def test_builtins_lists_name_then_title(capsys):
    code, out, err = run(capsys, "codebook", "builtins")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "gridgroup      Cultural theory (grid/group)",
        "phases         Voluntary organisation development phases",
        "socialaction   Social action",
        "socialcapital  Social capital (Putnam)",
        "vcsthemes      Key themes of VCS research",
    ]


def test_load_builtin_and_list(project, capsys):
    loc = project.location
    assert run(capsys, "codebook", "load", loc, "builtin:socialcapital") == (
        0,
        "loaded 7 codes from builtin:socialcapital\n",
        "",
    )
    # a built-in is always a fresh copy, so it loads twice without a clash
    assert run(capsys, "codebook", "load", loc, "builtin:gridgroup")[0] == 0
    project.corpus.import_file("sarah.txt", TEXT.encode())
    project.coding.apply_code("Bridging/Absent or deficit", "ana", document="sarah", start=0, end=5)
    code, out, _ = run(capsys, "codebook", "list", loc)
    assert code == 0
    assert out.splitlines()[:9] == [
        "codings  colour   kind    code",
        "      0  #a54d27  code    Bonding",
        "      0  #4645d3  code      Bonding/Present",
        "      0  #3c841f  code      Bonding/Weakening or lost",
        "      0  #a52770  code    Bridging",
        "      0  #45c0d3  code      Bridging/Positive example",
        "      1  #84741f  code      Bridging/Absent or deficit",
        "      0  #6c27a5  code    Linking",
        "      0  #a54d27  code    Hierarchy",
    ]
    assert "      0  #45c0d3  folder  Movement" in out.splitlines()
    rows = json.loads(run(capsys, "codebook", "list", loc, "--json")[1])
    assert len(rows) == 16
    assert {k: rows[5][k] for k in ("path", "depth", "codable", "colour", "codings")} == {
        "path": "Bridging/Absent or deficit",
        "depth": 1,
        "codable": True,
        "colour": "#84741f",
        "codings": 1,
    }
    assert rows[5]["parent"] == rows[3]["guid"]


def test_list_of_an_empty_project(project, capsys):
    assert run(capsys, "codebook", "list", project.location) == (0, "(no codes)\n", "")
    assert run(capsys, "codebook", "list", project.location, "--json") == (0, "[]\n", "")


@pytest.mark.parametrize("fmt", ["yaml", "qdc", "csv"])
def test_export_then_load_gives_the_same_tree(coded, tmp_path, capsys, fmt):
    out = tmp_path / f"frame.{fmt}"
    assert run(capsys, "codebook", "export", coded.location, out) == (
        0,
        f"exported 7 codes to {out}\n",
        "",
    )
    before = json.loads(run(capsys, "codebook", "list", coded.location, "--json")[1])
    other = tmp_path / "other.sqlite"
    run(capsys, "init", other)
    assert run(capsys, "codebook", "load", other, out) == (0, f"loaded 7 codes from {out}\n", "")
    after = json.loads(run(capsys, "codebook", "list", other, "--json")[1])
    keys = ("guid", "path", "codable", "colour", "definition", "keywords")
    assert [{k: r[k] for k in keys} for r in after] == [{k: r[k] for k in keys} for r in before]
    # loading the same file again would repeat its GUIDs: refused, unless --fresh
    code, _, err = run(capsys, "codebook", "load", other, out)
    assert code == 1
    assert err.startswith("error: codebook ") and err.endswith(
        ": 7 code(s) already in the project (e.g. 'Bonding'); load a fresh copy instead\n"
    )
    # a fresh copy would give every path twice: refused, unless merged
    code, _, err = run(capsys, "codebook", "load", other, out, "--fresh")
    assert code == 1
    assert err.endswith(
        ": 7 code path(s) are already in the project (e.g. 'Bonding'); load it with merge "
        "to add only the new codes below the existing ones\n"
    )
    assert run(capsys, "codebook", "load", other, out, "--fresh", "--merge") == (
        0,
        f"loaded 0 codes from {out} (codes whose path was already there merged into it)\n",
        "",
    )
    merged = json.loads(run(capsys, "codebook", "list", other, "--json")[1])
    assert [r["guid"] for r in merged] == [r["guid"] for r in before]


def test_snapshot_and_diff_with_coding_counts(coded, capsys):
    loc = coded.location
    assert run(capsys, "codebook", "snapshot", loc, "first") == (
        0,
        "saved snapshot 'first': 7 codes, 3 codings\n",
        "",
    )
    assert run(capsys, "codebook", "diff", loc, "first") == (
        0,
        "no changes between snapshot 'first' and now\n",
        "",
    )
    coded.codebook.rename_code("Linking", "Linking to power")
    coded.codebook.move_codes(["Bridging/Positive example"], "Bonding")
    coded.codebook.merge_codes("Bonding/Present", "Bonding/Weakening or lost")
    coded.codebook.update_code("Bridging", colour="#000000")
    coded.codebook.add_code("Trust", parent="Bonding")
    coded.codebook.delete_code("Bridging/Absent or deficit")
    assert run(capsys, "codebook", "snapshot", loc, "second")[0] == 0
    coded.coding.apply_code("Bonding/Trust", "ana", document="sarah", start=0, end=5)
    expected = [
        "added 'Bonding/Trust' (1 codings)",
        "removed 'Bridging/Absent or deficit' (had 0 codings)",
        "renamed 'Linking' to 'Linking to power' (1 -> 1 codings)",
        "moved 'Bridging/Positive example' to 'Bonding/Positive example' (0 -> 0 codings)",
        "merged 'Bonding/Present' (2 codings) into 'Bonding/Weakening or lost' (0 -> 2 codings)",
        "changed colour of 'Bridging' from #a52770 to #000000 (0 -> 0 codings)",
    ]
    code, out, err = run(capsys, "codebook", "diff", loc, "first")
    assert (code, err) == (0, "")
    assert out.splitlines() == expected
    # between the two snapshots the new code had no codings yet
    out = run(capsys, "codebook", "diff", loc, "first", "second")[1]
    assert out.splitlines() == [expected[0].replace("(1 codings)", "(0 codings)"), *expected[1:]]
    out = run(capsys, "codebook", "diff", loc, "second")[1]
    assert out.splitlines() == ["codings of 'Bonding/Trust': 0 -> 1 codings"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["load", "{p}", "builtin:nope"], "error: no built-in codebook called 'nope'; available: "),
        (["load", "{p}", "{tmp}/missing.yaml"], "error: {tmp}/missing.yaml: no such file"),
        (["load", "{p}", "{tmp}/notes.txt"], "error: notes.txt: not a codebook file"),
        (["export", "{p}", "{tmp}/out.txt"], "error: out.txt: give a .yaml, .qdc or .csv file"),
        (["export", "{p}", "{tmp}/out.qdc"], "error: the codebook is empty: nothing to export"),
        (["diff", "{p}", "never"], "error: no snapshot 'never'"),
        (["snapshot", "{p}", " "], "error: a snapshot needs a name"),
        (["list", "{tmp}/absent.sqlite"], "error: {tmp}/absent.sqlite: no such project file"),
    ],
)
def test_errors_are_one_line_and_write_nothing(sqlite_project, tmp_path, capsys, argv, message):
    (tmp_path / "notes.txt").write_text("not a codebook", encoding="utf-8")
    fill = {"p": sqlite_project.location, "tmp": str(tmp_path)}
    code, out, err = run(capsys, "codebook", *(a.format(**fill) for a in argv))
    assert (code, out) == (1, "")
    assert err.startswith(message.format(**fill)) and err.count("\n") == 1
    assert not (tmp_path / "out.qdc").exists() and not (tmp_path / "out.txt").exists()
    assert sqlite_project.codebook.codes() == [] and sqlite_project.codebook.snapshots() == []


def test_readme_shows_every_codebook_command():
    import argparse

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    group = parser._subparsers._group_actions[0].choices["codebook"]
    names = list(group._subparsers._group_actions[0].choices)
    assert names == ["builtins", "load", "list", "export", "snapshot", "diff"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"`python -m qda codebook {name}" in readme, name
