"""The analysis commands: freq, cooccur, chart — exact outputs."""

from __future__ import annotations

import csv
import io
import json

import pytest

from analysis.downloads import find_browser
from qda.cli import main
from qda.project import Project
from tests.conftest import require

INTERVIEW = (
    "Interviewer: How did it start?\n"  # turn 13-30
    "Sarah: We met in a kitchen. Then we grew.\n"  # turn 38-72 (Sarah, Football)
    "Interviewer: And now?\n"  # turn 86-94
    "Sarah: Bigger.\n"  # turn 102-109
)
NOTES = "First paragraph here.\n\nSecond paragraph text.\n"  # paragraphs 0-21, 23-45


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def proj(tmp_path):
    path = tmp_path / "p.sqlite"
    p = Project.create(path)
    p.cases.add_organisation("Pantry", pseudonym="Org A")
    p.cases.add_participant("Sarah", organisation="Football", pseudonym="P1")
    p.cases.update_case("Football", pseudonym="Org B")
    p.cases.set_attribute("Pantry", "sector", "food")
    p.cases.set_attribute("Football", "sector", "sport")
    one = p.corpus.import_file(
        "one.txt", INTERVIEW.encode(), organisation="Pantry", speakers="colon"
    )["guid"]
    two = p.corpus.import_file("two.txt", NOTES.encode(), organisation="Pantry", speakers="none")[
        "guid"
    ]
    theme = p.codebook.add_code("Theme")
    growth = p.codebook.add_code("Growth", parent=theme)
    place = p.codebook.add_code("Place")
    p.codebook.add_code("Unused")
    p.coding.apply_code(place, "ana", document=one, start=50, end=57)  # Sarah's turn
    p.coding.apply_code(growth, "ana", document=one, start=38, end=72)  # Sarah's turn
    p.coding.apply_code(growth, "ben", document=one, start=102, end=109)  # Sarah again
    p.coding.apply_code(place, "ben", document=two, start=30, end=39)  # Pantry's notes
    p.close()
    return path


def test_freq_table(proj, capsys):
    code, out, err = run(capsys, "freq", proj)
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "path          group_label  codings  segments  documents  raised  per_1000_words  "
        "pct_of_group_segments  groups",
        "Theme/Growth  Org A        0        0         0          no      0.0             "
        "0.0                    1",
        "Theme/Growth  Org B        2        2         1          yes     222.22          "
        "100.0                  1",
        "Place         Org A        1        1         1          yes     83.33           "
        "25.0                   2",
        "Place         Org B        1        1         1          yes     111.11          "
        "50.0                   2",
    ]


def test_freq_json_by_attribute_with_rollup(proj, capsys):
    code, out, _ = run(
        capsys, "freq", proj, "--by", "sector", "--codes", "Theme", "--rollup", "--json"
    )
    assert code == 0
    rows = json.loads(out)
    assert [(r["path"], r["group"], r["codings"], r["segments"], r["raised"]) for r in rows] == [
        ("Theme", "food", 0, 0, False),
        ("Theme", "sport", 2, 2, True),
    ]
    assert rows[1]["per_1000_words"] == 222.22
    assert rows[1]["pct_of_group_segments"] == 100.0
    assert rows[1]["groups"] == 1
    assert set(rows[0]) == {
        "code", "path", "group", "group_label", "codings", "segments", "documents", "raised",
        "per_1000_words", "pct_of_group_segments", "groups",
    }  # fmt: skip


def test_freq_csv_and_real_names_when_pseudonyms_are_off(proj, capsys):
    Project.open(proj).update_settings(show_pseudonyms=False)
    code, out, _ = run(capsys, "freq", proj, "--codes", "Place", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["group_label"], r["codings"], r["per_1000_words"]) for r in rows] == [
        ("Football", "1", "111.11"),
        ("Pantry", "1", "83.33"),
    ]


def test_freq_errors_are_one_line(proj, capsys):
    code, out, err = run(capsys, "freq", proj, "--by", "size")
    assert code == 1 and out == ""
    assert err == (
        "error: cannot group by 'size': not one of organisation, participant, document, "
        "document kind, year and no case has an attribute of that name (case attributes: "
        "sector)\n"
    )
    code, _, err = run(capsys, "freq", proj, "--codes", "Nope")
    assert code == 1 and err.count("\n") == 1 and "Nope" in err


def test_cooccur_pairs_json_and_matrix(proj, capsys):
    code, out, _ = run(capsys, "cooccur", proj)
    assert code == 0
    assert out.splitlines() == [
        "a_path        b_path  count",
        "Theme/Growth  Place   1",
    ]
    code, out, _ = run(capsys, "cooccur", proj, "--json", "--mode", "window", "--window", "3")
    data = json.loads(out)
    assert data["mode"] == "window" and data["window"] == 3
    assert [(c["path"], c["segments"]) for c in data["codes"]] == [
        ("Theme/Growth", 2),
        ("Place", 2),
    ]
    # window 3 in the interview (turns u0..u3): Place in u1, Growth in u1 and
    # u3, so pairs (u1, u1) and (u3, u1); the notes' Place is another document
    assert [(p["a_path"], p["b_path"], p["count"]) for p in data["pairs"]] == [
        ("Theme/Growth", "Place", 2)
    ]
    code, out, _ = run(capsys, "cooccur", proj, "--csv", "--mode", "overlap")
    assert out.splitlines() == ["code,Theme/Growth,Place", "Theme/Growth,2,1", "Place,1,2"]


def test_chart_html_and_unknown_suffix(proj, tmp_path, capsys):
    out_file = tmp_path / "heat.html"
    code, out, err = run(capsys, "chart", proj, "heatmap", out_file)
    assert (code, out, err) == (0, f"wrote {out_file}\n", "")
    assert out_file.read_bytes().startswith(b"<!doctype html>")
    code, _, err = run(capsys, "chart", proj, "heatmap", tmp_path / "heat.jpg")
    assert code == 1 and err == "error: heat.jpg: the file must end in .png, .svg or .html\n"


def test_chart_without_a_browser_saves_html_with_a_note(proj, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("analysis.downloads.find_browser", lambda: None)
    code, out, err = run(capsys, "chart", proj, "frequency", tmp_path / "bars.svg")
    assert code == 0
    assert out == f"wrote {tmp_path / 'bars.html'}\n"
    assert err == "note: SVG needs Chromium; saved interactive HTML instead\n"
    assert not (tmp_path / "bars.svg").exists()


def test_chart_png_with_chromium(proj, tmp_path, capsys):
    require(find_browser() is not None, "Chromium is not installed (PNG export skipped)")
    out_file = tmp_path / "map.png"
    code, out, err = run(capsys, "chart", proj, "cooccurrence", out_file)
    assert (code, err) == (0, "")
    assert out_file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
