"""`python -m qda preview` and the speaker options of `import`."""

from __future__ import annotations

import json

from tests.corpus.test_notes import NOTES_MD
from tests.test_cli import proj, run  # noqa: F401  (the fixture)


def test_preview_then_import_with_edits_and_affiliations(proj, tmp_path, capsys):  # noqa: F811
    notes = tmp_path / "seminar.md"
    notes.write_text(NOTES_MD, encoding="utf-8")
    code, out, _ = run(capsys, "preview", proj, notes)
    assert code == 0
    assert out.splitlines()[:5] == [
        "seminar.md: kind seminar, speakers found by seminar, 68.6% of the text in speaker "
        "turns, 5 turn(s) without a speaker, 14 paragraphs",
        "  Pat Adams (Knowsley CVS): 3 turn(s)",
        "      welcomes everyone and sets out the day.",
        "      How many volunteers?",
        "      And funding?",
    ]
    assert "  alias: PA = Pat Adams (undo with --keep-initials PA)" in out
    code, out, _ = run(
        capsys, "preview", proj, notes, "--json", "--not-speaker", "??", "--keep-initials", "PA",
        "--alias", "Jo Green=Joanne Green",
    )  # fmt: skip
    shown = json.loads(out)
    assert {k: v["turns"] for k, v in shown["speakers"].items()} == {
        "Pat Adams": 1,
        "Joanne Green": 3,
        "PA": 2,
    }
    assert shown["affiliations"] == {"Pat Adams": "Knowsley CVS", "Joanne Green": "Food Trust"}
    code, out, err = run(
        capsys, "import", proj, notes, "--quiet", "--not-speaker", "??", "--affiliations",
        "--affiliation", "Jo Green=Food Trust Hull",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "imported 'seminar': 2 speakers, 11 turns, 14 paragraphs, 17 sentences\n"
    code, out, _ = run(capsys, "cases", proj, "--json", "--kind", "participant")
    assert {c["name"]: c["organisation"] for c in json.loads(out)} == {
        "Pat Adams": "Knowsley CVS",
        "Jo Green": "Food Trust Hull",
    }


def test_bad_alias_option_is_one_line(proj, tmp_path, capsys):  # noqa: F811
    notes = tmp_path / "n.md"
    notes.write_text(NOTES_MD, encoding="utf-8")
    code, out, err = run(capsys, "import", proj, notes, "--alias", "PA")
    assert code != 0 and out == ""
    assert err.strip() == "error: --alias 'PA': write it as LABEL=VALUE"


def test_preview_errors_are_one_line(proj, tmp_path, capsys):  # noqa: F811
    missing = tmp_path / "missing.txt"
    assert run(capsys, "preview", proj, missing)[1:] == ("", f"error: {missing}: no such file\n")
    notes = tmp_path / "n.md"
    notes.write_text(NOTES_MD, encoding="utf-8")
    code, out, err = run(capsys, "preview", proj, notes, "--kind", "minutes")
    assert (code, out) == (1, "")
    assert err == (
        "error: kind 'minutes' is not one of: interview, focus group, workshop, roundtable, "
        "seminar, meeting, report, survey, other\n"
    )
